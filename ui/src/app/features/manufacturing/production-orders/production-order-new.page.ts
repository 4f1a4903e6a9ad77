import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';
import { ActionKey } from '../../../shared/action-key';
import { ErrorSummary, FieldError } from '../../../shared/field-error';
import { FormErrors } from '../../../shared/field-errors';
import { positive } from '../../orders/order-form';
import { ManufacturingService } from '../manufacturing.service';
import { BomVersion } from '../manufacturing.types';
import { SkuField } from '../sku-field';
import { CustomerField } from './customer-field';
import { ProductionOrderService } from './production-order.service';
import { CreateProductionOrderRequest } from './production-order.types';

const today = (): string => new Date().toISOString().slice(0, 10);

/** The customer-supplied components of the version in effect on `on` (the latest effective on or before it). */
function customerLines(versions: BomVersion[], on: string): string[] {
  const effective = versions
    .filter((v) => !on || v.effectiveFrom <= on)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version)[0];
  return (effective?.lines ?? []).filter((l) => l.provision === 'customer').map((l) => l.componentSku);
}

/**
 * A production order by hand: the item to make (its BOM and routing effective on the start date are pinned at
 * release), how many, when due, the warehouse it is picked from and received into, priority, a note and the customer it
 * is made for (required when the BOM has customer-supplied lines: their material is used for them). The server's
 * refusals (an item that is not made here, no BOM on the start date, due before start) land on their fields.
 */
@Component({
  selector: 'mw-production-order-new-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    FieldError,
    ErrorSummary,
    SkuField,
    CustomerField,
  ],
  templateUrl: './production-order-new.page.html',
  styleUrl: '../manufacturing-forms.scss',
  styles: `
    form {
      max-width: 760px;
    }
    .note {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderNewPage {
  private readonly api = inject(ProductionOrderService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly form = new FormGroup({
    itemSku: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantity: new FormControl<number | null>(null, { validators: [Validators.required, positive] }),
    startDate: new FormControl(today(), { nonNullable: true, validators: [Validators.required] }),
    dueDate: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    warehouseCode: new FormControl('MAIN', { nonNullable: true, validators: [Validators.required] }),
    priority: new FormControl<number | null>(100, { validators: [Validators.min(1), Validators.max(10_000)] }),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(2000)] }),
    customerCode: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(40)] }),
  });
  private readonly boms = inject(ManufacturingService);
  /**
   * The components of the chosen item's BOM in effect on the start date that the customer supplies: the customer is
   * then required (the server refuses the order without one, naming customerCode).
   */
  protected readonly customerSupplied = toSignal(
    this.form.valueChanges.pipe(
      startWith(this.form.getRawValue()),
      map(() => ({ sku: this.form.controls.itemSku.value.trim(), on: this.form.controls.startDate.value })),
      debounceTime(250),
      distinctUntilChanged((a, b) => a.sku === b.sku && a.on === b.on),
      switchMap(({ sku, on }) =>
        sku
          ? this.boms.bomVersions(sku).pipe(
              map((versions) => customerLines(versions, on)),
              catchError(() => of([] as string[])),
            )
          : of([] as string[]),
      ),
    ),
    { initialValue: [] as string[] },
  );
  protected readonly customerRequired = computed(() => this.customerSupplied().length > 0);
  protected readonly customerHint = computed(() =>
    this.customerRequired()
      ? `Required: the customer supplies ${this.customerSupplied().join(', ')}`
      : 'Optional: the customer the order is made for',
  );
  protected readonly warehouses = toSignal(this.api.warehouses().pipe(catchError(() => of([]))), { initialValue: [] });
  protected readonly errors = new FormErrors();
  protected readonly submitting = signal(false);
  private readonly key = new ActionKey();

  constructor() {
    // Changed input is a new action: it gets its own key.
    this.form.valueChanges.subscribe(() => this.key.reset());
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
      next: ({ number }) => {
        this.submitting.set(false);
        this.key.reset();
        this.snackBar.open(`Production order ${number} created`, undefined, { duration: 3000 });
        void this.router.navigate(['/manufacturing/production-orders', number]);
      },
      error: (err: unknown) => {
        this.submitting.set(false);
        this.errors.show(this.form, err);
      },
    });
  }

  private body(): CreateProductionOrderRequest {
    const v = this.form.getRawValue();
    const note = v.note.trim();
    return {
      itemSku: v.itemSku.trim(),
      quantity: Number(v.quantity),
      dueDate: v.dueDate,
      startDate: v.startDate,
      warehouseCode: v.warehouseCode,
      ...(v.priority !== null ? { priority: Number(v.priority) } : {}),
      ...(note ? { note } : {}),
      ...(v.customerCode.trim() ? { customerCode: v.customerCode.trim() } : {}),
    };
  }
}
