import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { catchError, of } from 'rxjs';
import { ActionKey } from '../../shared/action-key';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { CustomerField } from '../manufacturing/production-orders/customer-field';
import { SkuField } from '../manufacturing/sku-field';
import { positive } from '../orders/order-form';
import { ComponentForm, newComponent } from './subcontract-order-form';
import { SubcontractingService } from './subcontracting.service';
import { CreateSubcontractOrderRequest } from './subcontracting.types';

/**
 * A subcontract order by hand: the supplier, the finished item, how many, when due, the fee per unit and where the
 * goods come back. Components are optional: none given, the item's BOM in effect today is used (all ours). The
 * server's refusals (an unknown component, a customer-provided one without its customer ...) land on their fields.
 */
@Component({
  selector: 'mw-subcontract-order-new-page',
  imports: [
    CustomerField,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    FieldError,
    ErrorSummary,
    SkuField,
  ],
  templateUrl: './subcontract-order-new.page.html',
  styleUrl: '../manufacturing/manufacturing-forms.scss',
  styles: `
    form {
      max-width: 980px;
    }
    .provision {
      width: 150px;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 8px 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractOrderNewPage {
  private readonly api = inject(SubcontractingService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly form = new FormGroup({
    supplierCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    itemSku: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantity: new FormControl<number | null>(null, { validators: [Validators.required, positive] }),
    dueDate: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    feePerUnit: new FormControl<number | null>(null, { validators: [Validators.min(0)] }),
    warehouseCode: new FormControl('MAIN', { nonNullable: true, validators: [Validators.required] }),
    customerCode: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(40)] }),
    components: new FormArray<FormGroup<ComponentForm>>([]),
  });
  protected readonly suppliers = toSignal(this.api.suppliers().pipe(catchError(() => of([]))), { initialValue: [] });
  protected readonly warehouses = toSignal(this.api.warehouses().pipe(catchError(() => of([]))), {
    initialValue: [],
  });
  protected readonly errors = new FormErrors();
  protected readonly submitting = signal(false);
  private readonly key = new ActionKey();

  constructor() {
    // Changed input is a new action: it gets its own key.
    this.form.valueChanges.subscribe(() => this.key.reset());
  }

  protected get components(): FormArray<FormGroup<ComponentForm>> {
    return this.form.controls.components;
  }

  protected addComponent(): void {
    this.components.push(newComponent());
  }

  protected removeComponent(index: number): void {
    this.components.removeAt(index);
  }

  protected submit(): void {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.errors.clear();
    this.api.create(this.body(), this.key.take()).subscribe({
      next: ({ orderNumber }) => {
        this.submitting.set(false);
        this.key.reset();
        this.snackBar.open(`Subcontract order ${orderNumber} created`, undefined, { duration: 3000 });
        void this.router.navigate(['/subcontract-orders', orderNumber]);
      },
      error: (err: unknown) => {
        this.submitting.set(false);
        this.errors.show(this.form, err);
      },
    });
  }

  private body(): CreateSubcontractOrderRequest {
    const v = this.form.getRawValue();
    const components = v.components.map((c) => ({
      itemSku: c.itemSku.trim(),
      quantityPer: Number(c.quantityPer),
      scrapPercent: Number(c.scrapPercent ?? 0),
      provision: c.provision,
      ...(c.customerCode.trim() ? { customerCode: c.customerCode.trim() } : {}),
    }));
    return {
      supplierCode: v.supplierCode,
      itemSku: v.itemSku.trim(),
      quantity: Number(v.quantity),
      dueDate: v.dueDate,
      warehouseCode: v.warehouseCode,
      ...(v.feePerUnit !== null && `${v.feePerUnit}` !== '' ? { feePerUnit: Number(v.feePerUnit) } : {}),
      ...(components.length > 0 ? { components } : {}),
      ...(components.length === 0 && v.customerCode.trim() ? { customerCode: v.customerCode.trim() } : {}),
    };
  }
}
