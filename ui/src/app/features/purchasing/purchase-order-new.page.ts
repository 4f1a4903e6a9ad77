import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { catchError, of } from 'rxjs';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { remapProblemPaths } from '../../shared/remap-problems';
import { Item } from '../../shared/api.types';
import { isItem, ItemValue } from '../orders/order-form';
import { newPurchaseLine, PurchaseLineForm } from './purchase-order-form';
import { PurchasingService } from './purchasing.service';
import { CreatePurchaseOrderRequest, Warehouse } from './purchasing.types';
import { searchAsYouType } from '../../shared/search-as-you-type';

@Component({
  selector: 'mw-purchase-order-new-page',
  imports: [
    DecimalPipe,
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatAutocompleteModule,
    MatButtonModule,
    MatProgressBarModule,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './purchase-order-new.page.html',
  styleUrl: './purchase-order-new.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PurchaseOrderNewPage {
  private readonly api = inject(PurchasingService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly form = new FormGroup({
    supplierCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    warehouseCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    lines: new FormArray<FormGroup<PurchaseLineForm>>([newPurchaseLine()]),
  });

  protected readonly suppliers = toSignal(this.api.suppliers().pipe(catchError(() => of([]))), { initialValue: [] });
  protected readonly warehouses = toSignal(this.api.receivingWarehouses().pipe(catchError(() => of<Warehouse[]>([]))), {
    initialValue: [],
  });

  /** One shared search: only the focused line's autocomplete panel is open at a time. */
  private readonly itemSearch = searchAsYouType((text) => this.api.searchItems(text));
  protected readonly itemOptions = this.itemSearch.options;

  protected readonly submitting = signal(false);
  /** A refusal lands on the field it names (the server's `itemSku` is the line's item picker), once. */
  protected readonly errors = new FormErrors();

  protected get lines(): FormArray<FormGroup<PurchaseLineForm>> {
    return this.form.controls.lines;
  }

  protected readonly displayItem = (value: ItemValue): string =>
    isItem(value) ? `${value.sku} — ${value.name}` : (value ?? '');

  protected selectedItem(index: number): Item | null {
    const value = this.lines.at(index)?.controls.item.value ?? null;
    return isItem(value) ? value : null;
  }

  protected searchItems(value: ItemValue): void {
    this.itemSearch.search(isItem(value) ? '' : (value ?? ''));
  }

  protected addLine(): void {
    this.lines.push(newPurchaseLine());
  }

  protected removeLine(index: number): void {
    if (this.lines.length > 1) this.lines.removeAt(index);
  }

  protected submit(): void {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { supplierCode, warehouseCode, lines } = this.form.getRawValue();
    const request: CreatePurchaseOrderRequest = {
      supplierCode,
      warehouseCode,
      lines: lines.map((line) => ({
        itemSku: isItem(line.item) ? line.item.sku : '',
        quantity: Number(line.quantity),
        unitCost: Number(line.unitCost),
      })),
    };
    this.submitting.set(true);
    this.errors.clear();
    this.api.create(request).subscribe({
      next: ({ orderNumber, workflowId }) => {
        this.submitting.set(false);
        this.snackBar.open(`Purchase order ${orderNumber} placed`, undefined, { duration: 3000 });
        void this.router.navigate(['/processes', workflowId]);
      },
      error: (err: unknown) => {
        this.submitting.set(false);
        this.errors.show(
          this.form,
          remapProblemPaths(err, (path) => path.replace(/itemSku$/, 'item')),
        );
      },
    });
  }
}
