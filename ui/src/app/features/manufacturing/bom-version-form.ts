import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { positive } from '../orders/order-form';
import { ManufacturingService } from './manufacturing.service';
import { BomLineProvision, BomVersion } from './manufacturing.types';
import { SkuField } from './sku-field';

type BomLineForm = FormGroup<{
  componentSku: FormControl<string>;
  quantityPer: FormControl<number | null>;
  scrapPercent: FormControl<number | null>;
  provision: FormControl<BomLineProvision>;
}>;

const newLine = (): BomLineForm =>
  new FormGroup({
    componentSku: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantityPer: new FormControl<number | null>(1, { validators: [Validators.required, positive] }),
    scrapPercent: new FormControl<number | null>(0, { validators: [Validators.min(0), Validators.max(99.9999)] }),
    provision: new FormControl<BomLineProvision>('ours', { nonNullable: true }),
  });

const today = () => new Date().toISOString().slice(0, 10);

/**
 * A new (immutable) BOM version of one parent: effective date, phantom flag and the component lines. The server's
 * refusals land on the fields they name, e.g. a cycle on `lines[i].componentSku` with the path A -> B -> A.
 */
@Component({
  selector: 'mw-bom-version-form',
  imports: [
    ReactiveFormsModule,
    SkuField,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './bom-version-form.html',
  styleUrl: './manufacturing-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BomVersionForm {
  private readonly api = inject(ManufacturingService);
  readonly sku = input.required<string>();
  readonly created = output<BomVersion>();

  protected readonly form = new FormGroup({
    effectiveFrom: new FormControl(today(), { nonNullable: true, validators: [Validators.required] }),
    phantom: new FormControl(false, { nonNullable: true }),
    note: new FormControl('', { nonNullable: true }),
    lines: new FormArray<BomLineForm>([newLine()]),
  });
  protected readonly errors = new FormErrors();
  protected readonly saving = signal(false);

  protected get lines(): FormArray<BomLineForm> {
    return this.form.controls.lines;
  }

  protected addLine(): void {
    this.lines.push(newLine());
  }

  protected removeLine(index: number): void {
    if (this.lines.length > 1) this.lines.removeAt(index);
  }

  protected submit(): void {
    if (this.saving()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { effectiveFrom, phantom, note, lines } = this.form.getRawValue();
    this.saving.set(true);
    this.errors.clear();
    this.api
      .createBom(this.sku(), {
        effectiveFrom,
        phantom,
        ...(note.trim() ? { note: note.trim() } : {}),
        lines: lines.map((line) => ({
          componentSku: line.componentSku.trim(),
          quantityPer: Number(line.quantityPer),
          scrapPercent: Number(line.scrapPercent ?? 0),
          provision: line.provision,
        })),
      })
      .subscribe({
        next: (version) => {
          this.saving.set(false);
          this.lines.clear();
          this.lines.push(newLine());
          this.form.reset({ effectiveFrom: today(), phantom: false, note: '' });
          this.created.emit(version);
        },
        error: (err: unknown) => {
          this.saving.set(false);
          this.errors.show(this.form, err);
        },
      });
  }
}
