import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { catchError, of } from 'rxjs';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { ManufacturingService } from './manufacturing.service';
import { RoutingVersion } from './manufacturing.types';

type OperationForm = FormGroup<{
  seq: FormControl<number | null>;
  workCentreCode: FormControl<string>;
  description: FormControl<string>;
  setupHours: FormControl<number | null>;
  runHoursPerUnit: FormControl<number | null>;
}>;

const newOperation = (seq: number): OperationForm =>
  new FormGroup({
    seq: new FormControl<number | null>(seq, { validators: [Validators.required, Validators.min(1)] }),
    workCentreCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    description: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    setupHours: new FormControl<number | null>(0, { validators: [Validators.required, Validators.min(0)] }),
    runHoursPerUnit: new FormControl<number | null>(0, { validators: [Validators.required, Validators.min(0)] }),
  });

const today = () => new Date().toISOString().slice(0, 10);

/** A new (immutable) routing version: operations in sequence at work centres; refusals land on their fields. */
@Component({
  selector: 'mw-routing-version-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './routing-version-form.html',
  styleUrl: './manufacturing-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoutingVersionForm {
  private readonly api = inject(ManufacturingService);
  readonly sku = input.required<string>();
  readonly created = output<RoutingVersion>();

  protected readonly form = new FormGroup({
    effectiveFrom: new FormControl(today(), { nonNullable: true, validators: [Validators.required] }),
    note: new FormControl('', { nonNullable: true }),
    operations: new FormArray<OperationForm>([newOperation(10)]),
  });
  protected readonly errors = new FormErrors();
  protected readonly saving = signal(false);
  protected readonly workCentres = toSignal(this.api.workCentres().pipe(catchError(() => of([]))), {
    initialValue: [],
  });

  protected get operations(): FormArray<OperationForm> {
    return this.form.controls.operations;
  }

  protected addOperation(): void {
    const last = Math.max(0, ...this.operations.controls.map((op) => Number(op.controls.seq.value) || 0));
    this.operations.push(newOperation(last + 10));
  }

  protected removeOperation(index: number): void {
    if (this.operations.length > 1) this.operations.removeAt(index);
  }

  protected submit(): void {
    if (this.saving()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { effectiveFrom, note, operations } = this.form.getRawValue();
    this.saving.set(true);
    this.errors.clear();
    this.api
      .createRouting(this.sku(), {
        effectiveFrom,
        ...(note.trim() ? { note: note.trim() } : {}),
        operations: operations.map((op) => ({
          seq: Number(op.seq),
          workCentreCode: op.workCentreCode,
          description: op.description.trim(),
          setupHours: Number(op.setupHours),
          runHoursPerUnit: Number(op.runHoursPerUnit),
        })),
      })
      .subscribe({
        next: (version) => {
          this.saving.set(false);
          this.operations.clear();
          this.operations.push(newOperation(10));
          this.form.reset({ effectiveFrom: today(), note: '' });
          this.created.emit(version);
        },
        error: (err: unknown) => {
          this.saving.set(false);
          this.errors.show(this.form, err);
        },
      });
  }
}
