import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { DispositionTaskPayload, PartKind } from './disposition-form';
import { bindTaskForm } from './task-form-binding';

/** Payload of a `concession` task: the lot, the split asking for use-as-is, its cause and who decided it. */
export interface ConcessionTaskPayload extends DispositionTaskPayload {
  parts: Array<{ kind: PartKind; quantity: number }>;
  cause: string | null;
  decidedBy: string;
}

/** The completion: approved or refused, with the reason in words. */
export interface ConcessionCompletion {
  approved: boolean;
  reason: string;
}

/**
 * The second approver's concession for a use-as-is: the lot, the split, who recorded the readings (they may not
 * approve: the server refuses naming `payload.approved`, shown on the decision) and who split it; approve or refuse
 * with a reason (a refusal sends the split back to the quality engineer).
 */
@Component({
  selector: 'mw-concession-form',
  imports: [ReactiveFormsModule, MatButtonModule, RouterLink, FieldError, ErrorSummary],
  template: `
    <dl class="facts">
      <dt>Lot</dt>
      <dd>
        <a [routerLink]="['/quality/lots', payload().lotNo]">{{ payload().lotNo }}</a>
      </dd>
      <dt>Item</dt>
      <dd>{{ payload().itemSku }} · {{ payload().itemName }} ({{ payload().quantity }})</dd>
      <dt>Verdict</dt>
      <dd>{{ payload().verdict ?? '—' }} ({{ payload().nonconformingUnits ?? 0 }} nonconforming)</dd>
      <dt>Readings recorded by</dt>
      <dd data-testid="concession-readings-by">{{ payload().readingsBy ?? '—' }}</dd>
      <dt>Split by</dt>
      <dd>{{ payload().decidedBy }}</dd>
      <dt>Split</dt>
      <dd data-testid="concession-split">
        @for (p of payload().parts; track $index) {
          <span
            >{{ p.quantity }} {{ p.kind }}
            @if (!$last) {
              ,
            }
          </span>
        }
      </dd>
      @if (payload().cause) {
        <dt>Cause</dt>
        <dd>{{ payload().cause }}</dd>
      }
    </dl>
    <form [formGroup]="form" (ngSubmit)="submit(true)">
      <label class="reason">
        <span>Reason</span>
        <textarea formControlName="reason" rows="2" maxlength="500" data-testid="concession-reason"></textarea>
        <span class="inline-error"><mw-field-error [control]="form.controls.reason" /></span>
      </label>
      <span class="inline-error" data-testid="concession-error"
        ><mw-field-error [control]="form.controls.approved"
      /></span>
      @if (errors.unplaced().length) {
        <mw-error-summary [errors]="errors" />
      }
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="concession-approve" [disabled]="busy()">
          Approve use as is
        </button>
        <button
          mat-stroked-button
          type="button"
          data-testid="concession-refuse"
          [disabled]="busy()"
          (click)="submit(false)"
        >
          Refuse
        </button>
      }
    </form>
  `,
  styles: [
    `
      .facts {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 16px;
      }
      .reason {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 12px 0;
        max-width: 40em;
      }
      button + button {
        margin-left: 8px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConcessionForm {
  readonly payload = input.required<ConcessionTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<ConcessionCompletion>();

  /** `approved` has no input of its own: it is where a refusal naming `payload.approved` is shown. */
  protected readonly form = new FormGroup({
    approved: new FormControl<boolean | null>(null),
    reason: new FormControl('', { nonNullable: true }),
  });
  protected readonly errors = new FormErrors();

  constructor() {
    effect(() => {
      const done = this.outcome() as Partial<ConcessionCompletion> | null;
      this.form.setValue({ approved: done?.approved ?? null, reason: done?.reason ?? '' });
    });
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected submit(approved: boolean): void {
    if (this.readonly() || this.busy()) return;
    const reason = this.form.controls.reason.value.trim();
    if (!approved && !reason) {
      this.form.controls.reason.setErrors({ server: 'Say why the concession is refused' });
      this.form.controls.reason.markAsTouched();
      return;
    }
    this.confirmed.emit({ approved, reason });
  }
}
