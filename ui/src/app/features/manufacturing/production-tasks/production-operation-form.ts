import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ErrorSummary, FieldError } from '../../../shared/field-error';
import { FormErrors } from '../../../shared/field-errors';
import { bindTaskForm } from '../../tasks/task-form-binding';
import { OperationCompletion, OperationPayload } from './production-task.types';

const number = (value: number | null | undefined, fallback = 0) =>
  new FormControl<number | null>(value ?? fallback, {
    validators: [Validators.required, Validators.min(0)],
  });

/**
 * An operation report (`production-operation`): good and scrap quantity and the labour hours spent. The workflow
 * refuses more than the previous operation passed on; that refusal (or one naming a field) shows here.
 */
@Component({
  selector: 'mw-production-operation-form',
  imports: [
    DecimalPipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  template: `
    <div class="header" data-testid="prd-op-header">
      <div>
        <span class="muted">Order</span>
        <strong data-testid="prd-op-order">{{ payload().orderNumber }}</strong>
      </div>
      <div>
        <span class="muted">Operation</span>
        <strong data-testid="prd-op-seq">{{ payload().seq }} · {{ payload().description }}</strong>
      </div>
      @if (payload().workCentreCode) {
        <div>
          <span class="muted">Work centre</span>
          <strong>{{ payload().workCentreCode }}</strong>
        </div>
      }
      @if (payload().received !== undefined) {
        <div>
          <span class="muted">Received</span>
          <strong data-testid="prd-op-received">{{ payload().received | number: '1.0-3' }}</strong>
        </div>
      }
      @if (payload().good || payload().scrap) {
        <div>
          <span class="muted">Reported so far</span>
          <strong>{{ payload().good | number: '1.0-3' }} good · {{ payload().scrap | number: '1.0-3' }} scrap</strong>
        </div>
      }
      <div>
        <span class="muted">Open</span>
        <strong data-testid="prd-op-open">{{ payload().open | number: '1.0-3' }}</strong>
      </div>
    </div>
    @if (payload().refusal; as refusal) {
      <p class="refusal" role="alert" data-testid="prd-task-refusal">{{ refusal }}</p>
    }
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>Good</mat-label>
          <input
            matInput
            type="number"
            inputmode="decimal"
            min="0"
            step="any"
            formControlName="good"
            data-testid="prd-op-good"
          />
          <mat-error><mw-field-error [control]="form.controls.good" /></mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Scrap</mat-label>
          <input
            matInput
            type="number"
            inputmode="decimal"
            min="0"
            step="any"
            formControlName="scrap"
            data-testid="prd-op-scrap"
          />
          <mat-error><mw-field-error [control]="form.controls.scrap" /></mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Labour hours</mat-label>
          <input
            matInput
            type="number"
            inputmode="decimal"
            min="0"
            step="any"
            formControlName="labourHours"
            data-testid="prd-op-hours"
          />
          <mat-error><mw-field-error [control]="form.controls.labourHours" /></mat-error>
        </mat-form-field>
      </div>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">Report operation</button>
      }
    </form>
  `,
  styleUrl: './production-task-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOperationForm {
  readonly payload = input.required<OperationPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: what was reported. */
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last completion that names a field. */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<OperationCompletion>();

  protected readonly form = new FormGroup({ good: number(0), scrap: number(0), labourHours: number(null) });
  protected readonly errors = new FormErrors();

  constructor() {
    effect(() => {
      // A finished task shows what was reported; an open one proposes all that is open as good.
      const done = this.outcome() as Partial<OperationCompletion> | null;
      if (done && typeof done.good === 'number') {
        this.form.setValue({ good: done.good, scrap: done.scrap ?? 0, labourHours: done.labourHours ?? 0 });
      } else {
        this.form.setValue({ good: this.payload().open ?? 0, scrap: 0, labourHours: null });
      }
    });
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected submit(): void {
    if (this.readonly() || this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.confirmed.emit({ good: Number(v.good), scrap: Number(v.scrap), labourHours: Number(v.labourHours) });
  }
}
