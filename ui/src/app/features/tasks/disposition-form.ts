import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { LINE_TABLE_STYLES } from '../../shared/line-table.styles';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { InspectionLotDetail } from '../quality/quality.types';
import { ReadingsTable } from '../quality/readings-table';
import { InspectionTaskPayload } from './inspection-form';
import { bindTaskForm } from './task-form-binding';

export const PART_KINDS = ['accepted', 'rework', 'rejected-return', 'rejected-scrap', 'use-as-is'] as const;
export type PartKind = (typeof PART_KINDS)[number];

/** What each kind does, and the nonconformance action a rejection records (activities/quality/dispose-lot). */
const KIND_WORDS: Record<PartKind, { label: string; action: string | null }> = {
  accepted: { label: 'accepted (released)', action: null },
  rework: { label: 'rework', action: 'rework' },
  'rejected-return': { label: 'rejected: return to supplier', action: 'return to supplier' },
  'rejected-scrap': { label: 'rejected: scrap', action: 'scrap' },
  'use-as-is': { label: 'use as is (needs a concession)', action: null },
};

/** Payload of a `disposition` task: the judged lot, and why an earlier split was sent back (a refused concession). */
export interface DispositionTaskPayload extends InspectionTaskPayload {
  verdict: string | null;
  nonconformingUnits: number | null;
  refusal?: string;
}

/** The completion: the split (adding up to the lot) and, for rejections, the nonconformance cause. */
export interface DispositionCompletion {
  parts: Array<{ kind: PartKind; quantity: number }>;
  cause?: string;
}

type PartGroup = FormGroup<{ kind: FormControl<PartKind>; quantity: FormControl<string> }>;

const milli = (n: number) => Math.round(n * 1000);

/**
 * The quality engineer's disposition of a judged lot: its quantity, verdict and readings (read from the lot), then the
 * split rows (kind and quantity; a rejection's nonconformance action shown, its cause asked once) with a running
 * total that must equal the lot quantity before it can be sent. Refusals naming `payload.parts[i].quantity` or
 * `payload.cause` land on that field; one about the whole split shows beside the total.
 */
@Component({
  selector: 'mw-disposition-form',
  imports: [ReactiveFormsModule, MatButtonModule, ReadingsTable, RouterLink, FieldError, ErrorSummary],
  template: `
    @if (payload().refusal) {
      <p class="bad" role="alert" data-testid="disposition-refusal">{{ payload().refusal }}</p>
    }
    <dl class="facts">
      <dt>Lot</dt>
      <dd>
        <a [routerLink]="['/quality/lots', payload().lotNo]" data-testid="disposition-lot">{{ payload().lotNo }}</a>
      </dd>
      <dt>Item</dt>
      <dd>{{ payload().itemSku }} · {{ payload().itemName }}</dd>
      <dt>Quantity</dt>
      <dd data-testid="disposition-quantity">{{ payload().quantity }}</dd>
      <dt>Verdict</dt>
      <dd data-testid="disposition-verdict" [class.bad]="payload().verdict === 'rejected'">
        {{ payload().verdict ?? 'not judged' }} ({{ payload().nonconformingUnits ?? 0 }} nonconforming of
        {{ payload().sampleSize }} sampled, Ac {{ payload().ac ?? '—' }} / Re {{ payload().re ?? '—' }})
      </dd>
      <dt>Readings by</dt>
      <dd>{{ payload().readingsBy ?? '—' }}</dd>
    </dl>
    @if (readings().length) {
      <mw-readings-table [readings]="readings()" testId="disposition-readings" />
    }
    <form [formGroup]="form" (ngSubmit)="submit()">
      <table class="lines" formArrayName="parts">
        <thead>
          <tr>
            <th>Part</th>
            <th>Quantity</th>
            <th>Nonconformance action</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (part of form.controls.parts.controls; track part; let i = $index) {
            <tr [formGroupName]="i" data-testid="split-row">
              <td>
                <select formControlName="kind" data-testid="split-kind" [attr.aria-label]="'Kind of part ' + (i + 1)">
                  @for (k of kinds; track k) {
                    <option [value]="k">{{ words[k].label }}</option>
                  }
                </select>
                <span class="inline-error"><mw-field-error [control]="part.controls.kind" /></span>
              </td>
              <td>
                <input
                  type="number"
                  min="0"
                  step="any"
                  formControlName="quantity"
                  data-testid="split-quantity"
                  [attr.aria-label]="'Quantity of part ' + (i + 1)"
                />
                <span class="inline-error"><mw-field-error [control]="part.controls.quantity" /></span>
              </td>
              <td class="muted">{{ words[part.controls.kind.value].action ?? '—' }}</td>
              <td>
                @if (!readonly() && form.controls.parts.length > 1) {
                  <button mat-button type="button" data-testid="split-remove" (click)="remove(i)">Remove</button>
                }
              </td>
            </tr>
          }
        </tbody>
        <tfoot>
          <tr>
            <td>Total</td>
            <td class="num" data-testid="split-total" [attr.data-balanced]="balanced()" [class.bad]="!balanced()">
              {{ total() }} of {{ payload().quantity }}
            </td>
            <td colspan="2" class="muted">
              @if (!balanced()) {
                {{ remaining() > 0 ? remaining() + ' still to place' : -remaining() + ' too many' }}
              }
            </td>
          </tr>
        </tfoot>
      </table>
      @if (!readonly()) {
        <button mat-button type="button" data-testid="split-add" (click)="add('rejected-return', '')">Add part</button>
      }
      @if (rejects()) {
        <label class="cause">
          <span>Cause of the nonconformance</span>
          <textarea formControlName="cause" rows="2" maxlength="500" data-testid="split-cause"></textarea>
          <span class="inline-error"><mw-field-error [control]="form.controls.cause" /></span>
        </label>
      }
      @if (errors.unplaced().length) {
        <mw-error-summary [errors]="errors" />
      }
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy() || !balanced()">
          Dispose lot
        </button>
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
      }
      .cause {
        display: flex;
        flex-direction: column;
        gap: 4px;
        margin: 12px 0;
        max-width: 40em;
      }
      input[type='number'] {
        width: 8em;
      }
    `,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DispositionForm {
  private readonly http = inject(HttpClient);
  readonly payload = input.required<DispositionTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<DispositionCompletion>();

  protected readonly kinds = PART_KINDS;
  protected readonly words = KIND_WORDS;
  protected readonly form = new FormGroup({
    parts: new FormArray<PartGroup>([]),
    cause: new FormControl('', { nonNullable: true }),
  });
  protected readonly errors = new FormErrors();
  protected readonly readings = signal<InspectionLotDetail['readings']>([]);
  private readonly parts = signal<Array<{ kind: PartKind; quantity: string }>>([]);
  protected readonly totalMilli = computed(() =>
    this.parts().reduce((sum, p) => sum + (Number.isFinite(Number(p.quantity)) ? milli(Number(p.quantity)) : 0), 0),
  );
  protected readonly total = computed(() => this.totalMilli() / 1000);
  protected readonly remaining = computed(() => (milli(this.payload().quantity) - this.totalMilli()) / 1000);
  protected readonly balanced = computed(() => this.totalMilli() === milli(this.payload().quantity));
  protected readonly rejects = computed(() => this.parts().some((p) => KIND_WORDS[p.kind].action !== null));

  constructor() {
    effect(() => this.build(this.payload(), this.outcome()));
    effect(() => {
      const lotNo = this.payload().lotNo;
      this.http.get<InspectionLotDetail>(`/api/inspection-lots/${encodeURIComponent(lotNo)}`).subscribe({
        next: (lot) => this.readings.set(lot.readings),
        error: () => this.readings.set([]),
      });
    });
    this.form.valueChanges.subscribe(() => this.sync());
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected add(kind: PartKind, quantity: string): void {
    this.form.controls.parts.push(
      new FormGroup({
        kind: new FormControl<PartKind>(kind, { nonNullable: true }),
        quantity: new FormControl(quantity, { nonNullable: true }),
      }),
    );
  }

  protected remove(index: number): void {
    this.form.controls.parts.removeAt(index);
  }

  protected submit(): void {
    if (this.readonly() || this.busy() || !this.balanced()) return;
    const cause = this.form.controls.cause.value.trim();
    this.confirmed.emit({
      parts: this.form.controls.parts.getRawValue().map((p) => ({ kind: p.kind, quantity: Number(p.quantity) })),
      ...(this.rejects() && cause ? { cause } : {}),
    });
  }

  private sync(): void {
    this.parts.set(
      this.form.controls.parts.getRawValue().map((p) => ({ kind: p.kind, quantity: String(p.quantity ?? '') })),
    );
  }

  /** The first row's kind: the whole lot as judged (a rejected purchase goes back to its supplier). */
  private defaultKind(payload: DispositionTaskPayload): PartKind {
    if (payload.verdict !== 'rejected') return 'accepted';
    return payload.source === 'purchase' ? 'rejected-return' : 'rejected-scrap';
  }

  private build(payload: DispositionTaskPayload, outcome: unknown): void {
    const recorded = outcome as Partial<DispositionCompletion> | null;
    this.form.controls.parts.clear();
    const parts = recorded?.parts?.length
      ? recorded.parts
      : [{ kind: this.defaultKind(payload), quantity: payload.quantity }];
    for (const p of parts) this.add(p.kind, String(p.quantity));
    this.form.controls.cause.setValue(recorded?.cause ?? '');
    this.sync();
    if (this.readonly()) this.form.disable();
  }
}
