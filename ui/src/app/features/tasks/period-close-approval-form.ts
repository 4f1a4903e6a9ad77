import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { bindTaskForm } from './task-form-binding';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { PeriodCloseFigures } from '../periods/period-close-figures';
import { CloseProof, CloseReconciliation } from '../periods/period-close.types';

/** Payload of a `period-close-approval` task (workflows/period-close). */
export interface PeriodCloseApprovalPayload {
  periodCode: string;
  attempt: number;
  /** Who started the close: four-eyes, they cannot approve it (the server refuses). */
  startedBy: string;
  reconciliations: CloseReconciliation[];
  proof: CloseProof | null;
}

export interface PeriodCloseApprovalCompletion {
  decision: 'approve' | 'reject';
  comment?: string;
}

/**
 * A second controller approves the close of a month (the period is hard-locked) or rejects it (the close is
 * abandoned, the soft lock lifted), with a comment kept with the decision. The figures are the proof's and the
 * reconciliations' as the close found them; the starter's own approval is refused by the server (four-eyes) and the
 * refusal shows here.
 */
@Component({
  selector: 'mw-period-close-approval-form',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
    PeriodCloseFigures,
  ],
  template: `
    <p>
      Close of period
      <a data-testid="approval-period" [routerLink]="['/periods', payload().periodCode, 'close']">{{
        payload().periodCode
      }}</a>
      (attempt {{ payload().attempt }}), started by
      <strong data-testid="approval-started-by">{{ payload().startedBy }}</strong>. Approving hard-locks the month;
      rejecting abandons the close.
    </p>
    <mw-period-close-figures [reconciliations]="payload().reconciliations" [proof]="payload().proof" />

    @if (decided(); as decision) {
      <p data-testid="approval-decided">Decision recorded: {{ decision }}</p>
    }
    <mat-form-field appearance="outline" class="comment">
      <mat-label>Comment (kept with the decision)</mat-label>
      <textarea
        matInput
        rows="2"
        maxlength="500"
        data-testid="close-approval-comment"
        [formControl]="comment"
      ></textarea>
      <mat-error data-testid="close-approval-comment-error"><mw-field-error [control]="comment" /></mat-error>
    </mat-form-field>
    @if (errors.unplaced().length || errors.message()) {
      <mw-error-summary [errors]="errors" />
    }
    @if (!readonly()) {
      <div class="actions">
        <button
          mat-flat-button
          type="button"
          data-testid="close-approve"
          [disabled]="busy()"
          (click)="decide('approve')"
        >
          Approve and lock the period
        </button>
        <button
          mat-stroked-button
          type="button"
          data-testid="close-reject"
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
export class PeriodCloseApprovalForm {
  readonly payload = input.required<PeriodCloseApprovalPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last completion (four-eyes, ...): shown on the form. */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<PeriodCloseApprovalCompletion>();

  protected readonly comment = new FormControl('', { nonNullable: true });
  private readonly form = new FormGroup({ comment: this.comment });
  protected readonly errors = new FormErrors();
  protected readonly decided = computed(
    () => (this.outcome() as Partial<PeriodCloseApprovalCompletion> | null)?.decision ?? null,
  );

  constructor() {
    effect(() => {
      const comment = (this.outcome() as Partial<PeriodCloseApprovalCompletion> | null)?.comment;
      this.comment.setValue(typeof comment === 'string' ? comment : '');
    });
    bindTaskForm({
      form: this.form,
      readonly: this.readonly,
      refusal: this.refusal,
      errors: this.errors,
      editable: this.comment,
    });
  }

  protected decide(decision: PeriodCloseApprovalCompletion['decision']): void {
    if (this.readonly() || this.busy()) return;
    const comment = this.comment.value.trim();
    this.confirmed.emit(comment ? { decision, comment } : { decision });
  }
}
