import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { bindTaskForm } from './task-form-binding';

/** One component of the order as the task shows it: what was sent and is still at the supplier. */
export interface SupplierReceiptComponent {
  lineNo: number;
  sku: string;
  provision: string;
  required: number;
  sent: number;
  consumed: number;
  scrapped: number;
  returned: number;
  atSupplier: number;
}

/** The supplier-receipt task's payload (workflows/subcontract-order/delivery-steps.ts). */
export interface SupplierReceiptPayload {
  orderNumber: string;
  supplierCode: string;
  itemSku: string;
  quantity: number;
  delivered: number;
  open: number;
  deliveryNo: number;
  consumption: { method: string; overDeliveryPercent: number; reason: string } | null;
  components: SupplierReceiptComponent[];
  /** Why the last completion was refused, and the field it names (`quantity`, `components[i]`). */
  refusal?: string;
  refusalField?: string | null;
}

type LineForm = FormGroup<{
  lineNo: FormControl<number>;
  consumed: FormControl<number | null>;
  scrapped: FormControl<number | null>;
  returned: FormControl<number | null>;
}>;

const QUANTITY = [Validators.min(0)];

/** The control a refusal of the receipt names: the quantity, or a component row's consumed field. */
function refusedControl(form: FormGroup, field: string | null | undefined) {
  const row = /^components\[(\d+)\]/.exec(field ?? '');
  if (row) return form.get(['components', Number(row[1]), 'consumed']);
  return field ? form.get(field) : null;
}

/**
 * A supplier's delivery of a subcontract order (`supplier-receipt`): the finished quantity and its lot, and per
 * component what the supplier reports consumed, scrapped and returned. What is consumed in the books follows the
 * order's pinned consumption rule; a refusal (beyond the over-delivery tolerance, more than is at the supplier) comes
 * back on the re-opened task and shows on the field it names.
 */
@Component({
  selector: 'mw-supplier-receipt-form',
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
    <div class="header" data-testid="sr-header">
      <div>
        <span class="muted">Order</span>
        <a [routerLink]="['/subcontract-orders', payload().orderNumber]" data-testid="sr-order">{{
          payload().orderNumber
        }}</a>
      </div>
      <div>
        <span class="muted">Supplier</span>
        <strong>{{ payload().supplierCode }}</strong>
      </div>
      <div>
        <span class="muted">Delivery</span>
        <strong data-testid="sr-delivery-no">{{ payload().deliveryNo }}</strong>
      </div>
      <div>
        <span class="muted">Open</span>
        <strong data-testid="sr-open">{{ payload().open }} of {{ payload().quantity }} {{ payload().itemSku }}</strong>
      </div>
    </div>
    @if (payload().consumption; as rule) {
      <p class="muted" data-testid="sr-consumption">{{ rule.reason }}</p>
    }
    @if (payload().refusal) {
      <p class="error" role="alert" data-testid="sr-refusal">Last entry refused: {{ payload().refusal }}</p>
    }
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>Finished quantity delivered</mat-label>
          <input matInput type="number" formControlName="quantity" data-testid="sr-quantity" />
          <mat-error><mw-field-error [control]="form.controls.quantity" /></mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Lot</mat-label>
          <input matInput formControlName="lotCode" data-testid="sr-lot" />
        </mat-form-field>
      </div>
      <div formArrayName="components" class="scroll">
        <table>
          <thead>
            <tr>
              <th>Component</th>
              <th class="num">At supplier</th>
              <th>Consumed</th>
              <th>Scrapped</th>
              <th>Returned</th>
            </tr>
          </thead>
          <tbody>
            @for (row of form.controls.components.controls; track $index; let i = $index) {
              <tr [formGroupName]="i" data-testid="sr-component" [attr.data-sku]="payload().components[i]?.sku">
                <td>{{ payload().components[i]?.sku }}</td>
                <td class="num" data-testid="sr-at-supplier">{{ payload().components[i]?.atSupplier }}</td>
                <td>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <input matInput type="number" formControlName="consumed" data-testid="sr-consumed" />
                    <mat-error><mw-field-error [control]="row.controls.consumed" /></mat-error>
                  </mat-form-field>
                </td>
                <td>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <input matInput type="number" formControlName="scrapped" data-testid="sr-scrapped" />
                    <mat-error><mw-field-error [control]="row.controls.scrapped" /></mat-error>
                  </mat-form-field>
                </td>
                <td>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <input matInput type="number" formControlName="returned" data-testid="sr-returned" />
                    <mat-error><mw-field-error [control]="row.controls.returned" /></mat-error>
                  </mat-form-field>
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">Record delivery</button>
      }
    </form>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      .header {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 24px;
        margin-bottom: 12px;
      }
      .header > div {
        display: flex;
        flex-direction: column;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0 12px;
      }
      .scroll {
        overflow-x: auto;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupplierReceiptForm {
  readonly payload = input.required<SupplierReceiptPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<Record<string, unknown>>();

  protected readonly form = new FormGroup({
    quantity: new FormControl<number | null>(null, [Validators.required, Validators.min(0.001)]),
    lotCode: new FormControl('', { nonNullable: true }),
    components: new FormArray<LineForm>([]),
  });
  protected readonly errors = new FormErrors();

  constructor() {
    effect(() => {
      const lines = this.form.controls.components;
      lines.clear();
      for (const component of this.payload().components) {
        lines.push(
          new FormGroup({
            lineNo: new FormControl(component.lineNo, { nonNullable: true }),
            consumed: new FormControl<number | null>(null, QUANTITY),
            scrapped: new FormControl<number | null>(null, QUANTITY),
            returned: new FormControl<number | null>(null, QUANTITY),
          }),
        );
      }
      // The workflow's refusal of the last entry sits on the field it names.
      const refused = refusedControl(this.form, this.payload().refusalField);
      if (refused && this.payload().refusal) {
        refused.setErrors({ server: this.payload().refusal });
        refused.markAsTouched();
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
    const { quantity, lotCode, components } = this.form.getRawValue();
    const reported = (field: 'consumed' | 'scrapped' | 'returned') =>
      components
        .filter((line) => line[field] !== null && Number(line[field]) > 0)
        .map((line) => ({ lineNo: line.lineNo, quantity: Number(line[field]) }));
    this.confirmed.emit({
      quantity: Number(quantity),
      ...(lotCode.trim() === '' ? {} : { lotCode: lotCode.trim() }),
      consumed: reported('consumed'),
      scrapped: reported('scrapped'),
      returned: reported('returned'),
    });
  }
}
