import { DecimalPipe, PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { CreditApprovalOutcome, CreditApprovalTaskPayload } from '../../shared/api.types';

function recordedComment(outcome: unknown): string {
  const comment = (outcome as Partial<CreditApprovalOutcome> | null)?.comment;
  return typeof comment === 'string' ? comment : '';
}

/**
 * Credit approval: the credit rules held the order; a controller sees why (reason, the rule and the version that
 * decided, exposure against the limit, overdue receivables) and approves or rejects it, with a comment for the
 * audit trail.
 */
@Component({
  selector: 'mw-credit-approval-form',
  imports: [DecimalPipe, PercentPipe, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <div class="header" data-testid="credit-order">
      <div>
        <span class="muted">Order</span>
        <strong data-testid="credit-order-number">{{ payload().orderNumber }}</strong>
      </div>
    </div>

    <dl class="figures">
      <dt>Held because</dt>
      <dd data-testid="credit-reason">{{ payload().reason }}</dd>
      <dt>Rule</dt>
      <dd data-testid="credit-rule">{{ payload().rule ?? 'default policy' }}</dd>
      <dt>Rule version</dt>
      <dd data-testid="credit-version">
        @if (payload().ruleSetCode && payload().version !== null) {
          <a [routerLink]="['/rules', payload().ruleSetCode, 'versions', payload().version]"
            >{{ payload().ruleSetCode }} v{{ payload().version }}</a
          >
          @if (payload().decisionId !== null) {
            <span class="muted">&nbsp;(decision #{{ payload().decisionId }})</span>
          }
        } @else {
          no rules published
        }
      </dd>
      <dt>Exposure vs limit</dt>
      <dd data-testid="credit-exposure" [class.over]="overLimit()">
        {{ payload().exposureAfter | number: '1.2-2' }} of {{ payload().creditLimit | number: '1.2-2' }}
        @if (ratio() !== null) {
          <span>({{ ratio() | percent: '1.0-0' }})</span>
        }
      </dd>
      <dt>Overdue</dt>
      <dd data-testid="credit-overdue" [class.over]="payload().overdueAmount > 0">
        {{ payload().overdueAmount | number: '1.2-2' }}
      </dd>
    </dl>

    @if (decided(); as decision) {
      <p data-testid="credit-decided">Decision recorded: {{ decision }}</p>
    }
    <mat-form-field appearance="outline" class="comment">
      <mat-label>Comment (kept with the decision)</mat-label>
      <textarea
        matInput
        rows="2"
        maxlength="500"
        data-testid="credit-comment"
        [value]="comment()"
        [disabled]="readonly()"
        (input)="comment.set($any($event.target).value)"
      ></textarea>
    </mat-form-field>

    @if (!readonly()) {
      <div class="actions">
        <button
          mat-flat-button
          type="button"
          data-testid="credit-approve"
          [disabled]="busy()"
          (click)="decide('approve')"
        >
          Approve
        </button>
        <button
          mat-stroked-button
          type="button"
          data-testid="credit-reject"
          [disabled]="busy()"
          (click)="decide('reject')"
        >
          Reject
        </button>
      </div>
    }
  `,
  styleUrl: './dispatch-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreditApprovalForm {
  readonly payload = input.required<CreditApprovalTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: the decision and comment recorded. */
  readonly outcome = input<unknown>(null);
  readonly confirmed = output<CreditApprovalOutcome>();

  protected readonly comment = linkedSignal(() => recordedComment(this.outcome()));
  protected readonly decided = computed(
    () => (this.outcome() as Partial<CreditApprovalOutcome> | null)?.decision ?? null,
  );
  protected readonly ratio = computed(() => {
    const { exposureAfter, creditLimit } = this.payload();
    return creditLimit > 0 ? exposureAfter / creditLimit : null;
  });
  protected readonly overLimit = computed(() => this.payload().exposureAfter > this.payload().creditLimit);

  protected decide(decision: CreditApprovalOutcome['decision']): void {
    if (this.readonly() || this.busy()) return;
    const comment = this.comment().trim();
    this.confirmed.emit(comment ? { decision, comment } : { decision });
  }
}
