import { PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { CreditApprovalOutcome, CreditApprovalTaskPayload } from '../../shared/api.types';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { MoneyPipe } from '../../shared/money.pipe';
import { OrderSummaryView } from '../orders/order-summary';
import { bindTaskForm } from './task-form-binding';

/** What the comment field says when a rejection has no reason (the server refuses it too). */
const REASON_REQUIRED = 'Required to reject: say why the credit is refused';

function recordedComment(outcome: unknown): string {
  const comment = (outcome as Partial<CreditApprovalOutcome> | null)?.comment;
  return typeof comment === 'string' ? comment : '';
}

/**
 * Credit approval: the credit rules held the order; a controller sees what is being approved (the customer, the
 * order's lines and value) and why it was held (reason, the rule and the version that decided, credit limit,
 * exposure with this order, overdue receivables) and approves it, or rejects it with the reason (required: a
 * rejection closes the order), kept with the decision for the audit trail.
 */
@Component({
  selector: 'mw-credit-approval-form',
  imports: [
    MoneyPipe,
    PercentPipe,
    FieldError,
    ErrorSummary,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    OrderSummaryView,
  ],
  template: `
    <div class="header" data-testid="credit-order">
      <div>
        <span class="muted">Order</span>
        <strong data-testid="credit-order-number">{{ payload().orderNumber }}</strong>
      </div>
    </div>

    <h3>What is being approved</h3>
    <mw-order-summary [orderNumber]="payload().orderNumber" />

    <h3>Why it is held</h3>
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
      <dt>Credit limit</dt>
      <dd data-testid="credit-limit">{{ payload().creditLimit | money }}</dd>
      <dt>Exposure with this order</dt>
      <dd data-testid="credit-exposure" [class.over]="overLimit()">
        {{ payload().exposureAfter | money }} of {{ payload().creditLimit | money }}
        @if (ratio() !== null) {
          <span>({{ ratio() | percent: '1.0-0' }})</span>
        }
      </dd>
      <dt>Overdue</dt>
      <dd data-testid="credit-overdue" [class.over]="payload().overdueAmount > 0">
        {{ payload().overdueAmount | money }}
      </dd>
    </dl>

    @if (decided(); as decision) {
      <p data-testid="credit-decided">Decision recorded: {{ decision }}</p>
    }
    <mat-form-field appearance="outline" class="comment">
      <mat-label>Comment (kept with the decision; the reason, when rejecting)</mat-label>
      <textarea matInput rows="2" maxlength="500" data-testid="credit-comment" [formControl]="comment"></textarea>
      <mat-error data-testid="credit-comment-error"><mw-field-error [control]="comment" /></mat-error>
    </mat-form-field>

    @if (errors.unplaced().length) {
      <mw-error-summary [errors]="errors" />
    }
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
  /** The server's refusal of the last completion that names a field (the HTTP error): shown on that field. */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<CreditApprovalOutcome>();

  /** The comment; a rejection without one is marked on it (cleared by typing: the control has no validators). */
  protected readonly comment = new FormControl('', { nonNullable: true });
  private readonly form = new FormGroup({ comment: this.comment });
  /** The server's refusals, placed on the field they name the console's one way (`FormErrors`). */
  protected readonly errors = new FormErrors();
  protected readonly decided = computed(
    () => (this.outcome() as Partial<CreditApprovalOutcome> | null)?.decision ?? null,
  );
  protected readonly ratio = computed(() => {
    const { exposureAfter, creditLimit } = this.payload();
    return creditLimit > 0 ? exposureAfter / creditLimit : null;
  });
  protected readonly overLimit = computed(() => this.payload().exposureAfter > this.payload().creditLimit);

  constructor() {
    effect(() => this.comment.setValue(recordedComment(this.outcome())));
    bindTaskForm({
      form: this.form,
      readonly: this.readonly,
      refusal: this.refusal,
      errors: this.errors,
      editable: this.comment,
    });
  }

  protected decide(decision: CreditApprovalOutcome['decision']): void {
    if (this.readonly() || this.busy()) return;
    const comment = this.comment.value.trim();
    if (decision === 'reject' && !comment) {
      this.markReason(REASON_REQUIRED);
      return;
    }
    this.confirmed.emit(comment ? { decision, comment } : { decision });
  }

  /** The same mark the server's refusal leaves (a 'server' error), said before asking it. */
  private markReason(message: string): void {
    this.comment.setErrors({ server: message });
    this.comment.markAsTouched();
  }
}
