import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import {
  AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  Validators,
  type ValidationErrors,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import type { SubcontractTaskComponent } from './subcontract-approval-form';
import { bindTaskForm } from './task-form-binding';

/** The subcontract-return task's payload (workflows/subcontract-order/delivery-steps.ts settleTheRest). */
export interface SubcontractReturnPayload {
  orderNumber: string;
  supplierCode: string;
  /** Only the components with something still at the supplier. */
  components: SubcontractTaskComponent[];
}

type RestLine = FormGroup<{
  lineNo: FormControl<number>;
  atSupplier: FormControl<number>;
  returned: FormControl<number | null>;
  scrapped: FormControl<number | null>;
}>;

const milli = (value: number | null) => Math.round(Number(value ?? 0) * 1000);

/** Returned and scrapped must account for exactly what is at the supplier (the workflow refuses anything else). */
function accountsForAll(group: AbstractControl): ValidationErrors | null {
  const { atSupplier, returned, scrapped } = (group as RestLine).getRawValue();
  if (milli(returned) + milli(scrapped) === milli(atSupplier)) return null;
  return { server: `Returned and scrapped must together be the ${atSupplier} at the supplier` };
}

/**
 * The finished goods are all in but material is still at the supplier (`subcontract-return`): per component, what
 * comes back to our warehouse (available again) and what the supplier scrapped (posted to scrap), together exactly
 * what is there. Each line starts as "all returned". Completes with `{ returned, scrapped }` per line.
 */
@Component({
  selector: 'mw-subcontract-return-form',
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
    <p data-testid="scr-header">
      Still at {{ payload().supplierCode }} for
      <a [routerLink]="['/subcontract-orders', payload().orderNumber]">{{ payload().orderNumber }}</a>: say what comes
      back and what the supplier scrapped.
    </p>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      <table formArrayName="lines">
        <thead>
          <tr>
            <th>Component</th>
            <th class="num">At supplier</th>
            <th>Returned</th>
            <th>Scrapped</th>
          </tr>
        </thead>
        <tbody>
          @for (row of form.controls.lines.controls; track $index; let i = $index) {
            <tr [formGroupName]="i" data-testid="scr-component" [attr.data-sku]="payload().components[i]?.sku">
              <td>{{ payload().components[i]?.sku }}</td>
              <td class="num" data-testid="scr-at-supplier">{{ row.controls.atSupplier.value }}</td>
              <td>
                <mat-form-field appearance="outline" subscriptSizing="dynamic">
                  <input matInput type="number" formControlName="returned" data-testid="scr-returned" />
                  <mat-error><mw-field-error [control]="row.controls.returned" /></mat-error>
                </mat-form-field>
              </td>
              <td>
                <mat-form-field appearance="outline" subscriptSizing="dynamic">
                  <input matInput type="number" formControlName="scrapped" data-testid="scr-scrapped" />
                  <mat-error><mw-field-error [control]="row.controls.scrapped" /></mat-error>
                </mat-form-field>
              </td>
            </tr>
            @if (row.errors?.['server'] && (row.touched || row.dirty)) {
              <tr>
                <td colspan="4" class="error" data-testid="scr-line-error">{{ row.errors?.['server'] }}</td>
              </tr>
            }
          }
        </tbody>
      </table>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">Record the rest</button>
      }
    </form>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      table {
        margin-bottom: 12px;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractReturnForm {
  readonly payload = input.required<SubcontractReturnPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<Record<string, unknown>>();

  protected readonly form = new FormGroup({ lines: new FormArray<RestLine>([]) });
  protected readonly errors = new FormErrors();

  constructor() {
    effect(() => {
      const lines = this.form.controls.lines;
      lines.clear();
      for (const component of this.payload().components) {
        lines.push(
          new FormGroup(
            {
              lineNo: new FormControl(component.lineNo, { nonNullable: true }),
              atSupplier: new FormControl(component.atSupplier, { nonNullable: true }),
              returned: new FormControl<number | null>(component.atSupplier, [Validators.min(0)]),
              scrapped: new FormControl<number | null>(0, [Validators.min(0)]),
            },
            { validators: accountsForAll },
          ),
        );
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
    const lines = this.form.controls.lines.getRawValue();
    const reported = (field: 'returned' | 'scrapped') =>
      lines
        .filter((line) => Number(line[field] ?? 0) > 0)
        .map((line) => ({ lineNo: line.lineNo, quantity: Number(line[field]) }));
    this.confirmed.emit({ returned: reported('returned'), scrapped: reported('scrapped') });
  }
}
