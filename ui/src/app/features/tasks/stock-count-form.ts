import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { ScanField, ScanTarget } from './scan-field';
import { bindTaskForm } from './task-form-binding';

/** One line to count as the workflow sends it: what to count, never how much the books say (a blind count). */
export interface StockCountTaskLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  lotCode: string | null;
}

/** Payload of a `stock-count` task (first count and recounts; workflows/stock-count). */
export interface StockCountTaskPayload {
  countNumber: string;
  warehouseCode: string;
  locationCode: string;
  reason: string;
  round: number;
  lines: StockCountTaskLine[];
}

/** The completion: one quantity per line (0 when none is there). */
export interface StockCountCompletion {
  lines: Array<{ lineNo: number; quantity: number }>;
}

type LineGroup = FormGroup<{ quantity: FormControl<string> }>;

/**
 * A blind count on a handheld: the bin, and per line the item and lot with a field for the counted quantity; the
 * book quantity is never shown. Scanning an item or lot barcode lands on that line's quantity (the shared scan
 * field). A quantity the server refuses (`payload.lines[i].quantity`) is marked on its field.
 */
@Component({
  selector: 'mw-stock-count-form',
  imports: [ReactiveFormsModule, MatButtonModule, ScanField, FieldError, ErrorSummary],
  template: `
    <div class="header" data-testid="count-header">
      <div>
        <span class="muted">Bin</span>
        <strong data-testid="count-bin">{{ payload().locationCode }}</strong>
      </div>
      <div>
        <span class="muted">Count</span>
        <strong data-testid="count-number">{{ payload().countNumber }}</strong>
        @if (payload().round > 1) {
          <span class="recount" data-testid="count-round">recount {{ payload().round - 1 }}</span>
        }
      </div>
    </div>
    <p class="muted">Count what is in the bin. Enter 0 for a line you do not find.</p>
    <form [formGroup]="form" (ngSubmit)="submit()">
      @if (!readonly()) {
        <mw-scan-field
          [targets]="scanTargets()"
          label="Scan or type an item or lot code"
          kinds="an item or lot"
          placeholder="item or lot code"
        />
      }
      <ul class="lines" formArrayName="lines">
        @for (line of payload().lines; track line.lineNo; let i = $index) {
          <li [formGroupName]="i" data-testid="count-line" [attr.data-line]="line.lineNo">
            <div class="what">
              <strong data-testid="count-item">{{ line.itemSku }}</strong>
              <span>{{ line.itemName }}</span>
              <span class="muted" data-testid="count-lot">Lot {{ line.lotCode ?? '—' }}</span>
            </div>
            <label class="qty-field">
              <span class="muted">Counted ({{ line.uom }})</span>
              <input
                class="qty"
                type="number"
                inputmode="decimal"
                min="0"
                step="any"
                formControlName="quantity"
                data-testid="count-qty"
                [attr.data-scan-key]="'line:' + line.lineNo"
                [attr.aria-label]="'Counted quantity of ' + line.itemSku + (line.lotCode ? ' lot ' + line.lotCode : '')"
              />
              <span class="inline-error" data-testid="count-qty-error"
                ><mw-field-error [control]="quantityAt(i)"
              /></span>
            </label>
          </li>
        }
      </ul>
      @if (errors.unplaced().length) {
        <mw-error-summary [errors]="errors" />
      }
      @if (!readonly()) {
        <button mat-flat-button type="submit" class="complete" data-testid="task-complete" [disabled]="busy()">
          Confirm count
        </button>
      }
    </form>
  `,
  styleUrl: './stock-count-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StockCountForm {
  readonly payload = input.required<StockCountTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: the quantities recorded. */
  readonly outcome = input<unknown>(null);
  /** The server's refusal of the last completion that names a field (the HTTP error). */
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<StockCountCompletion>();

  protected readonly form = new FormGroup({ lines: new FormArray<LineGroup>([]) });
  protected readonly errors = new FormErrors();
  protected readonly scanTargets = computed<ScanTarget[]>(() =>
    this.payload().lines.map((line) => ({
      key: `line:${line.lineNo}`,
      codes: [line.itemSku, line.lotCode],
      label: `${line.itemSku}${line.lotCode ? ' · lot ' + line.lotCode : ''}`,
    })),
  );

  constructor() {
    effect(() => this.build(this.payload(), this.outcome()));
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected quantityAt(index: number): FormControl<string> {
    return this.form.controls.lines.at(index).controls.quantity;
  }

  protected submit(): void {
    if (this.readonly() || this.busy()) return;
    const lines = this.payload().lines.map((line, i) => ({ line, raw: this.quantityAt(i).value.toString().trim() }));
    let blank = false;
    lines.forEach(({ raw }, i) => {
      if (raw === '') {
        this.quantityAt(i).setErrors({ server: 'Enter the quantity counted; 0 if none is there' });
        this.quantityAt(i).markAsTouched();
        blank = true;
      }
    });
    if (blank) return;
    this.confirmed.emit({ lines: lines.map(({ line, raw }) => ({ lineNo: line.lineNo, quantity: Number(raw) })) });
  }

  private build(payload: StockCountTaskPayload, outcome: unknown): void {
    const recorded = (outcome as Partial<StockCountCompletion> | null)?.lines ?? [];
    const array = this.form.controls.lines;
    array.clear();
    for (const line of payload.lines) {
      const done = recorded.find((entry) => entry.lineNo === line.lineNo);
      array.push(
        new FormGroup({ quantity: new FormControl(done ? String(done.quantity) : '', { nonNullable: true }) }),
      );
    }
    if (this.readonly()) this.form.disable();
  }
}
