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
import { CreateOrderRequest, Item } from '../../shared/api.types';
import { isItem, ItemValue, LineForm, newLine } from './order-form';
import { OrderService } from './order.service';
import { searchAsYouType } from '../../shared/search-as-you-type';

@Component({
  selector: 'mw-order-new-page',
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
  templateUrl: './order-new.page.html',
  styleUrl: './order-new.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderNewPage {
  private readonly api = inject(OrderService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly form = new FormGroup({
    customerCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    requestedDate: new FormControl('', { nonNullable: true }),
    lines: new FormArray<FormGroup<LineForm>>([newLine()]),
  });

  protected readonly customers = toSignal(this.api.customers().pipe(catchError(() => of([]))), { initialValue: [] });

  /** One shared search: only the focused line's autocomplete panel is open at a time. */
  private readonly itemSearch = searchAsYouType((text) => this.api.searchItems(text));
  protected readonly itemOptions = this.itemSearch.options;

  protected readonly submitting = signal(false);
  /** A refusal lands on the field it names (the server's `itemSku` is the line's item picker), once. */
  protected readonly errors = new FormErrors();

  protected get lines(): FormArray<FormGroup<LineForm>> {
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
    this.lines.push(newLine());
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
    const { customerCode, requestedDate, lines } = this.form.getRawValue();
    const request: CreateOrderRequest = {
      customerCode,
      ...(requestedDate ? { requestedDate } : {}),
      lines: lines.map((line) => ({
        itemSku: isItem(line.item) ? line.item.sku : '',
        quantity: Number(line.quantity),
      })),
    };
    this.submitting.set(true);
    this.errors.clear();
    this.api.create(request).subscribe({
      next: ({ orderNumber, workflowId }) => {
        this.submitting.set(false);
        this.snackBar.open(`Order ${orderNumber} placed`, undefined, { duration: 3000 });
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
