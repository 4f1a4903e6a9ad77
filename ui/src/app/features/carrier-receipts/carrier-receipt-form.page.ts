import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { CarrierReceiptService } from './carrier-receipt.service';

/** `SC-000012/1`: an order number and the delivery's number, as the API names deliveries. */
const DELIVERY = /^[A-Za-z0-9-]{1,30}\/\d{1,6}$/;

const deliveryLine = (reference = '') =>
  new FormGroup({
    reference: new FormControl(reference, {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(DELIVERY)],
    }),
  });

/**
 * Entering a carrier receipt: the carrier (a supplier code), its reference, date and amount, and the deliveries it
 * covers, one per line (`<order number>/<delivery no>`, subcontract or purchase). The posting process spreads it;
 * the server's refusals land on the field they name (an unknown delivery on its line, a closed period on the date).
 */
@Component({
  selector: 'mw-carrier-receipt-form-page',
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
    <section class="page">
      <header class="page-header"><h1>Enter a carrier receipt</h1></header>
      <mw-error-summary [errors]="errors" />
      <form [formGroup]="form" (ngSubmit)="save()">
        <div class="fields">
          <mat-form-field appearance="outline">
            <mat-label>Carrier (supplier code)</mat-label>
            <input matInput formControlName="carrierCode" data-testid="cr-carrier" />
            <mat-error><mw-field-error [control]="form.controls.carrierCode" /></mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Carrier's reference</mat-label>
            <input matInput formControlName="reference" data-testid="cr-reference" />
            <mat-error><mw-field-error [control]="form.controls.reference" /></mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Date</mat-label>
            <input matInput type="date" formControlName="date" data-testid="cr-date" />
            <mat-error><mw-field-error [control]="form.controls.date" /></mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Amount</mat-label>
            <input matInput type="number" step="0.01" formControlName="amount" data-testid="cr-amount" />
            <mat-error><mw-field-error [control]="form.controls.amount" /></mat-error>
          </mat-form-field>
        </div>
        <h2>Deliveries it covers</h2>
        <table formArrayName="deliveries">
          <thead>
            <tr>
              <th>#</th>
              <th>Delivery (order/no)</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            @for (line of form.controls.deliveries.controls; track line; let i = $index) {
              <tr [formGroupName]="i" data-testid="cr-delivery-line">
                <td>{{ i + 1 }}</td>
                <td>
                  <mat-form-field appearance="outline" class="delivery">
                    <input
                      matInput
                      formControlName="reference"
                      placeholder="SC-000012/1"
                      [attr.data-testid]="'cr-delivery-' + i"
                    />
                    <mat-error><mw-field-error [control]="line.controls.reference" /></mat-error>
                  </mat-form-field>
                </td>
                <td>
                  @if (form.controls.deliveries.length > 1) {
                    <button mat-button type="button" [attr.data-testid]="'cr-remove-' + i" (click)="remove(i)">
                      Remove
                    </button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
        <div class="actions">
          <button mat-stroked-button type="button" data-testid="cr-add-delivery" (click)="add()">Add delivery</button>
          <span class="spacer"></span>
          <a mat-button routerLink="/carrier-receipts">Cancel</a>
          <button mat-flat-button type="submit" data-testid="cr-submit" [disabled]="busy()">Enter receipt</button>
        </div>
      </form>
    </section>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      .fields {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
      }
      td mat-form-field.delivery {
        width: 220px;
      }
      .actions {
        display: flex;
        gap: 8px;
        margin-top: 16px;
        flex-wrap: wrap;
      }
      .spacer {
        flex: 1;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarrierReceiptFormPage {
  private readonly api = inject(CarrierReceiptService);
  private readonly router = inject(Router);

  protected readonly busy = signal(false);
  protected readonly errors = new FormErrors();

  protected readonly form = new FormGroup({
    carrierCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    reference: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(60)] }),
    date: new FormControl(new Date().toISOString().slice(0, 10), {
      nonNullable: true,
      validators: [Validators.required],
    }),
    amount: new FormControl<number | null>(null, [Validators.required, Validators.min(0.01)]),
    deliveries: new FormArray([deliveryLine()]),
  });

  protected add(): void {
    this.form.controls.deliveries.push(deliveryLine());
  }

  protected remove(index: number): void {
    this.form.controls.deliveries.removeAt(index);
  }

  protected save(): void {
    if (this.busy()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    this.busy.set(true);
    this.errors.clear();
    this.api
      .create({
        carrierCode: value.carrierCode.trim(),
        reference: value.reference.trim(),
        date: value.date,
        amount: Number(value.amount),
        deliveries: value.deliveries.map((d) => ({ reference: d.reference.trim() })),
      })
      .subscribe({
        next: ({ receiptNumber }) => {
          this.busy.set(false);
          void this.router.navigate(['/carrier-receipts', receiptNumber]);
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.errors.show(this.form, err);
        },
      });
  }
}
