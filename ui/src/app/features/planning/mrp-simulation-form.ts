import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActionKey } from '../../shared/action-key';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { SkuField } from '../manufacturing/sku-field';
import { positive } from '../orders/order-form';
import { MrpCompareService } from './mrp-compare.service';
import { SimulationRequest } from './mrp-compare.types';

const today = () => new Date().toISOString().slice(0, 10);

type DemandLine = FormGroup<{
  itemSku: FormControl<string>;
  date: FormControl<string>;
  quantity: FormControl<number | null>;
  note: FormControl<string>;
}>;

type LeadTimeLine = FormGroup<{
  supplierCode: FormControl<string>;
  itemSku: FormControl<string>;
  leadTimeDays: FormControl<number | null>;
}>;

const demandLine = (): DemandLine =>
  new FormGroup({
    itemSku: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    date: new FormControl(today(), { nonNullable: true, validators: [Validators.required] }),
    quantity: new FormControl<number | null>(1, { validators: [Validators.required, positive] }),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
  });

const leadTimeLine = (): LeadTimeLine =>
  new FormGroup({
    supplierCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    itemSku: new FormControl('', { nonNullable: true }),
    leadTimeDays: new FormControl<number | null>(null, { validators: [Validators.required, Validators.min(0)] }),
  });

/**
 * Starts a what-if MRP run: its horizon, optionally a draft lot-sizing version, extra hypothetical demand lines and
 * suppliers' changed lead times (for all their items or one). The server's refusals land on the fields they name
 * (`extraDemand[1].itemSku`, `leadTimes[0].supplierCode`); a retried submit sends the same Idempotency-Key.
 */
@Component({
  selector: 'mw-mrp-simulation-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    SkuField,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './mrp-simulation-form.html',
  styleUrl: '../manufacturing/manufacturing-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MrpSimulationForm {
  private readonly api = inject(MrpCompareService);
  private readonly key = new ActionKey();
  readonly started = output<number>();
  readonly cancelled = output<void>();

  protected readonly form = new FormGroup({
    asOf: new FormControl(today(), { nonNullable: true, validators: [Validators.required] }),
    bucketSize: new FormControl<'day' | 'week'>('week', { nonNullable: true }),
    bucketCount: new FormControl<number | null>(13, {
      validators: [Validators.required, Validators.min(1), Validators.max(366)],
    }),
    lotSizingVersion: new FormControl<number | null>(null, { validators: [Validators.min(1)] }),
    extraDemand: new FormArray<DemandLine>([]),
    leadTimes: new FormArray<LeadTimeLine>([]),
  });
  protected readonly errors = new FormErrors();
  protected readonly saving = signal(false);

  constructor() {
    this.form.valueChanges.subscribe(() => this.key.reset());
  }

  protected get demand(): FormArray<DemandLine> {
    return this.form.controls.extraDemand;
  }

  protected get leadTimes(): FormArray<LeadTimeLine> {
    return this.form.controls.leadTimes;
  }

  protected addDemand(): void {
    this.demand.push(demandLine());
  }

  protected addLeadTime(): void {
    this.leadTimes.push(leadTimeLine());
  }

  private request(): SimulationRequest {
    const value = this.form.getRawValue();
    return {
      asOf: value.asOf,
      bucketSize: value.bucketSize,
      bucketCount: Number(value.bucketCount),
      ...(value.lotSizingVersion ? { lotSizingVersion: Number(value.lotSizingVersion) } : {}),
      extraDemand: value.extraDemand.map((line) => ({
        itemSku: line.itemSku.trim(),
        date: line.date,
        quantity: Number(line.quantity),
        ...(line.note.trim() ? { note: line.note.trim() } : {}),
      })),
      leadTimes: value.leadTimes.map((line) => ({
        supplierCode: line.supplierCode.trim(),
        ...(line.itemSku.trim() ? { itemSku: line.itemSku.trim() } : {}),
        leadTimeDays: Number(line.leadTimeDays),
      })),
    };
  }

  protected submit(): void {
    if (this.saving()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.errors.clear();
    this.api.simulate(this.request(), this.key.take()).subscribe({
      next: (run) => {
        this.saving.set(false);
        this.key.reset();
        this.started.emit(run.id);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.errors.show(this.form, err);
      },
    });
  }
}
