import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { positive } from '../orders/order-form';
import { KittingComponents } from './kitting-components';
import { ManufacturingService } from './manufacturing.service';
import { KittingResult } from './manufacturing.types';
import { SkuField } from './sku-field';

type DemandForm = FormGroup<{
  itemSku: FormControl<string>;
  quantity: FormControl<number | null>;
  reference: FormControl<string>;
}>;

const newDemand = (): DemandForm =>
  new FormGroup({
    itemSku: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantity: new FormControl<number | null>(1, { validators: [Validators.required, positive] }),
    reference: new FormControl('', { nonNullable: true }),
  });

/**
 * Kitting (齐套): demands in priority order compete for the same stock; per demand how many can be built now and per
 * component required / available / short, with the open purchase orders that will cover a shortage and when.
 */
@Component({
  selector: 'mw-kitting-page',
  imports: [
    DecimalPipe,
    ReactiveFormsModule,
    SkuField,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    FieldError,
    ErrorSummary,
    KittingComponents,
  ],
  templateUrl: './kitting.page.html',
  styleUrls: ['./manufacturing-forms.scss', './kitting.page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KittingPage {
  private readonly api = inject(ManufacturingService);

  protected readonly form = new FormGroup({
    date: new FormControl('', { nonNullable: true }),
    demands: new FormArray<DemandForm>([newDemand()]),
  });
  protected readonly errors = new FormErrors();
  protected readonly running = signal(false);
  protected readonly results = signal<KittingResult[] | null>(null);

  protected get demands(): FormArray<DemandForm> {
    return this.form.controls.demands;
  }

  protected addDemand(): void {
    this.demands.push(newDemand());
  }

  protected removeDemand(index: number): void {
    if (this.demands.length > 1) this.demands.removeAt(index);
  }

  protected run(): void {
    if (this.running()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { date, demands } = this.form.getRawValue();
    this.running.set(true);
    this.errors.clear();
    this.api
      .kitting(
        demands.map((d) => ({
          itemSku: d.itemSku.trim(),
          quantity: Number(d.quantity),
          ...(d.reference.trim() ? { reference: d.reference.trim() } : {}),
        })),
        date || undefined,
      )
      .subscribe({
        next: (results) => {
          this.running.set(false);
          this.results.set(results);
        },
        error: (err: unknown) => {
          this.running.set(false);
          this.results.set(null);
          this.errors.show(this.form, err);
        },
      });
  }
}
