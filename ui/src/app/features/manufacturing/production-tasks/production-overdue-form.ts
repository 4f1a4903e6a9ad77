import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { ErrorSummary, FieldError } from '../../../shared/field-error';
import { FormErrors } from '../../../shared/field-errors';
import { bindTaskForm } from '../../tasks/task-form-binding';
import { ProductionOrderService } from '../production-orders/production-order.service';
import { OverduePayload } from './production-task.types';

/**
 * The planner's overdue task (`production-overdue`): reschedule the order (the same PATCH as anywhere else; the
 * process withdraws this task once the new date is ahead, and asks again if that date passes too), or keep the date
 * and close the task after chasing the work.
 */
@Component({
  selector: 'mw-production-overdue-form',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  template: `
    <div class="header" data-testid="prd-overdue-header">
      <div>
        <span class="muted">Order</span>
        <a [routerLink]="['/manufacturing/production-orders', payload().orderNumber]" data-testid="prd-overdue-order">{{
          payload().orderNumber
        }}</a>
      </div>
      @if (payload().itemSku) {
        <div>
          <span class="muted">Item</span>
          <strong>{{ payload().itemSku }}</strong>
        </div>
      }
      <div>
        <span class="muted">Was due</span>
        <strong data-testid="prd-overdue-due">{{ payload().dueDate }}</strong>
      </div>
      @if (payload().step) {
        <div>
          <span class="muted">Step</span>
          <strong>{{ payload().step }}</strong>
        </div>
      }
    </div>
    @if (rescheduled(); as dueDate) {
      <p role="status" data-testid="prd-overdue-rescheduled">
        Rescheduled to {{ dueDate }}. The process withdraws this task while the new date is ahead, and asks again if it
        passes with work open.
      </p>
    }
    <form [formGroup]="form" (ngSubmit)="reschedule()">
      <mw-error-summary [errors]="errors" />
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>New due date</mat-label>
          <input matInput type="date" formControlName="dueDate" data-testid="prd-overdue-due-date" />
          <mat-error><mw-field-error [control]="form.controls.dueDate" /></mat-error>
        </mat-form-field>
      </div>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="prd-overdue-reschedule" [disabled]="busy() || saving()">
          Reschedule
        </button>
        <button
          mat-stroked-button
          type="button"
          data-testid="task-complete"
          [disabled]="busy() || saving()"
          (click)="keepDate()"
        >
          Keep the date (chased)
        </button>
      }
    </form>
  `,
  styleUrl: './production-task-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOverdueForm {
  private readonly orders = inject(ProductionOrderService);

  readonly payload = input.required<OverduePayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  /** Keeping the date completes the task (nothing to carry: the order is unchanged). */
  readonly confirmed = output<Record<string, never>>();

  protected readonly form = new FormGroup({
    dueDate: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly errors = new FormErrors();
  protected readonly saving = signal(false);
  /** The date the order was rescheduled to from this form. */
  protected readonly rescheduled = signal<string | null>(null);

  constructor() {
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected reschedule(): void {
    if (this.readonly() || this.busy() || this.saving()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { dueDate } = this.form.getRawValue();
    this.saving.set(true);
    this.errors.clear();
    this.orders.reschedule(this.payload().orderNumber, dueDate).subscribe({
      next: () => {
        this.saving.set(false);
        this.rescheduled.set(dueDate);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.errors.show(this.form, err);
      },
    });
  }

  protected keepDate(): void {
    if (this.readonly() || this.busy() || this.saving()) return;
    this.confirmed.emit({});
  }
}
