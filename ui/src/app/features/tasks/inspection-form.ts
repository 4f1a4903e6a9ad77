import { ChangeDetectionStrategy, Component, computed, effect, input, output, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { InspectionCharacteristic, limitsInWords, liveVerdict, lotVerdictPreview } from '../quality/reading-verdict';
import { bindTaskForm } from './task-form-binding';

/** Payload of an `inspection` task: the lot as the workflow sees it (workflows/quality-inspection). */
export interface InspectionTaskPayload {
  lotNo: string;
  source: string;
  sourceDocument: string;
  supplierCode: string | null;
  itemSku: string;
  itemName: string;
  stockLotCode: string | null;
  locationCode: string;
  quantity: number;
  sampleSize: number;
  ac: number | null;
  re: number | null;
  severity: string | null;
  samplingReason: string;
  planVersion: number | null;
  characteristics: InspectionCharacteristic[];
  readingsBy: string | null;
}

/** The completion: one reading per characteristic and sample unit; the value is of the characteristic's kind. */
export interface InspectionCompletion {
  readings: Array<{ characteristic: string; sampleUnit: number; value: number | boolean | string }>;
}

/** A reading control: numeric text, a pass / fail boolean (null: not checked), an attribute value ('' : none). */
type ReadingGroup = FormGroup<{ value: FormControl<string | boolean | null> }>;

interface ReadingRow {
  index: number;
  sampleUnit: number;
  characteristic: InspectionCharacteristic;
}

/**
 * The inspector's readings of a lot's sample: the lot, item, sample size and Ac / Re, then per sample unit one input
 * per characteristic (a number with its unit and limits, a pass / fail toggle, a select of the allowed values) with
 * its verdict shown live as they type (the server's rule, mirrored), and the lot verdict the readings point to. More
 * sample units can be added up to the sample size. A reading the server refuses (`payload.readings[i].value`) is
 * marked on its field.
 */
@Component({
  selector: 'mw-inspection-form',
  imports: [ReactiveFormsModule, MatButtonModule, FieldError, ErrorSummary],
  template: `
    <dl class="facts" data-testid="inspection-header">
      <dt>Lot</dt>
      <dd data-testid="inspection-lot">{{ payload().lotNo }}</dd>
      <dt>Item</dt>
      <dd data-testid="inspection-item">{{ payload().itemSku }} · {{ payload().itemName }}</dd>
      <dt>Quantity</dt>
      <dd>
        {{ payload().quantity }} from {{ payload().sourceDocument }} ({{ payload().supplierCode ?? payload().source }})
      </dd>
      <dt>Sample</dt>
      <dd data-testid="inspection-sample">
        {{ payload().sampleSize }} units · Ac {{ payload().ac ?? '—' }} / Re {{ payload().re ?? '—' }}
        @if (payload().severity) {
          · {{ payload().severity }}
        }
      </dd>
      <dt>Why</dt>
      <dd class="muted">{{ payload().samplingReason }}</dd>
    </dl>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <table class="lines" formArrayName="readings">
        <thead>
          <tr>
            <th>Unit</th>
            <th>Characteristic</th>
            <th>Limits</th>
            <th>Reading</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.index) {
            <tr
              [formGroupName]="row.index"
              data-testid="reading-row"
              [attr.data-characteristic]="row.characteristic.code"
              [attr.data-unit]="row.sampleUnit"
            >
              <td class="num">{{ row.sampleUnit }}</td>
              <td>
                <strong>{{ row.characteristic.code }}</strong> {{ row.characteristic.name }}
              </td>
              <td class="muted">
                @switch (row.characteristic.kind) {
                  @case ('numeric') {
                    {{ limits(row.characteristic) }}
                  }
                  @case ('attribute') {
                    {{ (row.characteristic.allowedValues ?? []).join(', ') }}
                  }
                  @default {
                    pass / fail
                  }
                }
              </td>
              <td>
                @switch (row.characteristic.kind) {
                  @case ('numeric') {
                    <input
                      type="number"
                      step="any"
                      inputmode="decimal"
                      formControlName="value"
                      data-testid="reading-value"
                      [attr.aria-label]="row.characteristic.name + ' of unit ' + row.sampleUnit"
                    />
                    {{ row.characteristic.unit }}
                  }
                  @case ('pass-fail') {
                    <span class="toggle" role="group" [attr.aria-label]="row.characteristic.name">
                      <button
                        mat-stroked-button
                        type="button"
                        data-testid="reading-pass"
                        [class.chosen]="valueAt(row.index).value === true"
                        [disabled]="readonly()"
                        (click)="valueAt(row.index).setValue(true)"
                      >
                        Pass
                      </button>
                      <button
                        mat-stroked-button
                        type="button"
                        data-testid="reading-fail"
                        [class.chosen]="valueAt(row.index).value === false"
                        [disabled]="readonly()"
                        (click)="valueAt(row.index).setValue(false)"
                      >
                        Fail
                      </button>
                    </span>
                  }
                  @case ('attribute') {
                    <select
                      formControlName="value"
                      data-testid="reading-value"
                      [attr.aria-label]="row.characteristic.name"
                    >
                      <option value="">choose…</option>
                      @for (v of row.characteristic.allowedValues ?? []; track v) {
                        <option [value]="v">{{ v }}</option>
                      }
                    </select>
                  }
                }
                <span class="inline-error"><mw-field-error [control]="valueAt(row.index)" /></span>
              </td>
              <td
                data-testid="reading-verdict"
                [attr.data-conforms]="verdicts()[row.index]?.conforms"
                [class.bad]="verdicts()[row.index]?.conforms === false"
                [class.good]="verdicts()[row.index]?.conforms === true"
              >
                {{ verdicts()[row.index]?.reason }}
              </td>
            </tr>
          }
        </tbody>
      </table>
      @if (!readonly() && units() < payload().sampleSize) {
        <button mat-button type="button" data-testid="reading-add-unit" (click)="addUnit()">
          Add sample unit {{ units() + 1 }} of {{ payload().sampleSize }}
        </button>
      }
      <p
        class="lot-verdict"
        data-testid="lot-verdict"
        [attr.data-verdict]="preview().verdict ?? 'open'"
        [class.bad]="preview().verdict === 'rejected'"
      >
        Lot verdict: <strong>{{ preview().verdict ?? 'not decided yet' }}</strong> — {{ preview().reason }}
      </p>
      @if (errors.unplaced().length) {
        <mw-error-summary [errors]="errors" />
      }
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">Record readings</button>
      }
    </form>
  `,
  styles: [
    LINE_TABLE_STYLES,
    `
      .facts {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 16px;
      }
      .bad {
        color: var(--mat-sys-error, #b3261e);
        font-weight: 500;
      }
      .good {
        color: #1b5e20;
      }
      .chosen {
        background: var(--mat-sys-secondary-container, #e8def8);
      }
      input[type='number'] {
        width: 8em;
      }
      .lot-verdict {
        margin: 16px 0;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InspectionForm {
  readonly payload = input.required<InspectionTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: the readings recorded. */
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last completion that names a field (the HTTP error). */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<InspectionCompletion>();

  protected readonly form = new FormGroup({ readings: new FormArray<ReadingGroup>([]) });
  protected readonly errors = new FormErrors();
  protected readonly rows = signal<ReadingRow[]>([]);
  /** The form's raw values, re-read on every keystroke so the verdicts follow the typing. */
  private readonly values = signal<unknown[]>([]);
  protected readonly units = computed(() => this.rows().reduce((max, row) => Math.max(max, row.sampleUnit), 0));
  protected readonly verdicts = computed(() =>
    this.rows().map((row) => liveVerdict(row.characteristic, this.values()[row.index])),
  );
  protected readonly preview = computed(() =>
    lotVerdictPreview(
      this.rows().map((row, i) => ({ sampleUnit: row.sampleUnit, verdict: this.verdicts()[i]! })),
      this.payload().ac,
      this.payload().re,
    ),
  );
  protected readonly limits = limitsInWords;

  constructor() {
    effect(() => this.build(this.payload(), this.outcome()));
    this.form.valueChanges.subscribe(() => this.values.set(this.form.getRawValue().readings.map((r) => r.value)));
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected valueAt(index: number): FormControl<string | boolean | null> {
    return this.form.controls.readings.at(index).controls.value;
  }

  protected addUnit(): void {
    this.appendUnit(this.units() + 1, []);
    this.values.set(this.form.getRawValue().readings.map((r) => r.value));
  }

  protected submit(): void {
    if (this.readonly() || this.busy()) return;
    let missing = false;
    const readings = this.rows().map((row) => {
      const raw = this.valueAt(row.index).value;
      const blank = raw === null || raw === '';
      if (blank) {
        this.valueAt(row.index).setErrors({ server: 'Enter this reading' });
        this.valueAt(row.index).markAsTouched();
        missing = true;
      }
      const value = row.characteristic.kind === 'numeric' ? Number(raw) : (raw as boolean | string);
      return { characteristic: row.characteristic.code, sampleUnit: row.sampleUnit, value };
    });
    if (missing) return;
    this.confirmed.emit({ readings });
  }

  private build(payload: InspectionTaskPayload, outcome: unknown): void {
    const recorded = (outcome as Partial<InspectionCompletion> | null)?.readings ?? [];
    this.form.controls.readings.clear();
    this.rows.set([]);
    const units = Math.max(1, ...recorded.map((r) => r.sampleUnit ?? 1));
    for (let unit = 1; unit <= Math.min(units, payload.sampleSize); unit += 1) this.appendUnit(unit, recorded);
    this.values.set(this.form.getRawValue().readings.map((r) => r.value));
    if (this.readonly()) this.form.disable();
  }

  private appendUnit(sampleUnit: number, recorded: InspectionCompletion['readings']): void {
    const added: ReadingRow[] = [];
    for (const characteristic of this.payload().characteristics) {
      const done = recorded.find((r) => r.characteristic === characteristic.code && (r.sampleUnit ?? 1) === sampleUnit);
      const initial: string | boolean | null =
        done === undefined
          ? characteristic.kind === 'pass-fail'
            ? null
            : ''
          : typeof done.value === 'number'
            ? String(done.value)
            : done.value;
      this.form.controls.readings.push(new FormGroup({ value: new FormControl<string | boolean | null>(initial) }));
      added.push({ index: this.form.controls.readings.length - 1, sampleUnit, characteristic });
    }
    this.rows.update((rows) => [...rows, ...added]);
  }
}
