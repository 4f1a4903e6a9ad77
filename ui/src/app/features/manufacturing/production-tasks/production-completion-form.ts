import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ErrorSummary, FieldError } from '../../../shared/field-error';
import { FormErrors } from '../../../shared/field-errors';
import { positive } from '../../orders/order-form';
import { bindTaskForm } from '../../tasks/task-form-binding';
import { CompletionCompletion, CompletionPayload } from './production-task.types';

/**
 * The completion receipt (`production-completion`): how many good units go into stock and the bin they go to. The
 * workflow values them at the order's material, labour and overhead.
 */
@Component({
  selector: 'mw-production-completion-form',
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
    <div class="header" data-testid="prd-completion-header">
      <div>
        <span class="muted">Order</span>
        <strong data-testid="prd-completion-order">{{ payload().orderNumber }}</strong>
      </div>
      @if (payload().itemSku) {
        <div>
          <span class="muted">Item</span>
          <strong>{{ payload().itemSku }} {{ payload().itemName ?? '' }}</strong>
        </div>
      }
      <div>
        <span class="muted">Finished, not yet received</span>
        <strong data-testid="prd-completion-available">{{ payload().available | number: '1.0-3' }}</strong>
      </div>
    </div>
    @if (payload().refusal; as refusal) {
      <p class="refusal" role="alert" data-testid="prd-task-refusal">{{ refusal }}</p>
    }
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>Good into stock</mat-label>
          <input
            matInput
            type="number"
            inputmode="decimal"
            min="0"
            step="any"
            formControlName="good"
            data-testid="prd-completion-good"
          />
          <mat-error><mw-field-error [control]="form.controls.good" /></mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>To bin</mat-label>
          <input matInput formControlName="toLocation" maxlength="40" data-testid="prd-completion-location" />
          <mat-error><mw-field-error [control]="form.controls.toLocation" /></mat-error>
        </mat-form-field>
      </div>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">
          Receive finished goods
        </button>
      }
    </form>
  `,
  styleUrl: './production-task-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionCompletionForm {
  readonly payload = input.required<CompletionPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: what was received. */
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last completion that names a field. */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<CompletionCompletion>();

  protected readonly form = new FormGroup({
    good: new FormControl<number | null>(null, { validators: [Validators.required, positive] }),
    toLocation: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(40)] }),
  });
  protected readonly errors = new FormErrors();

  constructor() {
    effect(() => {
      // A finished task shows what was received; an open one proposes all that is finished.
      const done = this.outcome() as Partial<CompletionCompletion> | null;
      if (done && typeof done.good === 'number')
        this.form.setValue({ good: done.good, toLocation: done.toLocation ?? '' });
      else this.form.setValue({ good: this.payload().available ?? null, toLocation: '' });
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
    this.confirmed.emit({ good: Number(v.good), toLocation: v.toLocation.trim() });
  }
}
