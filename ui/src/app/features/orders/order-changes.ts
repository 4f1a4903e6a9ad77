import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { map, Observable } from 'rxjs';
import { ActionKey } from '../../shared/action-key';
import { ErrorSummary, FieldError } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { remapLinePaths } from '../../shared/remap-problems';
import { OrderService } from './order.service';

/** A line of the order as the change form shows it. */
export interface ChangeableLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
}

type Mode = 'change' | 'split' | 'merge';
interface Done {
  text: string;
  workflowId?: string;
}

/**
 * Changing an order before picking: new line quantities, quantities split off into a new order, or another order of
 * the same customer merged in. The order's workflow decides (it refuses once picking started) and re-allocates.
 * Each submit is one user action with its own Idempotency-Key, the same key when that action is retried.
 */
@Component({
  selector: 'mw-order-changes',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    FieldError,
    ErrorSummary,
  ],
  templateUrl: './order-changes.html',
  styleUrls: ['./order-tables.scss', './order-changes.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderChanges {
  private readonly orders = inject(OrderService);

  readonly orderNumber = input.required<string>();
  readonly lines = input.required<ChangeableLine[]>();

  protected readonly mode = signal<Mode | null>(null);
  private readonly linesSignature = computed(() =>
    this.lines()
      .map((line) => `${line.lineNo}:${line.quantity}`)
      .join(','),
  );
  protected readonly form = new FormGroup({
    lines: new FormArray<FormControl<number | null>>([]),
    source: new FormControl('', { nonNullable: true }),
  });
  protected readonly errors = new FormErrors();
  protected readonly busy = signal(false);
  protected readonly done = signal<Done | null>(null);
  private readonly key = new ActionKey();

  constructor() {
    this.form.valueChanges.subscribe(() => this.key.reset());
    // New lines from the workflow (after a change) start the form again.
    // The page polls the workflow every few seconds: only a real change of the lines restarts an open form.
    effect(() => {
      this.linesSignature();
      const mode = untracked(this.mode);
      if (mode) untracked(() => this.open(mode));
    });
  }

  protected get rows(): FormArray<FormControl<number | null>> {
    return this.form.controls.lines;
  }

  protected open(mode: Mode): void {
    this.mode.set(mode);
    this.errors.clear();
    const quantity = (line: ChangeableLine) => (mode === 'change' ? line.quantity : null);
    const validators = [Validators.min(mode === 'change' ? 0.0001 : 0), Validators.max(1_000_000)];
    this.rows.clear({ emitEvent: false });
    for (const line of this.lines()) this.rows.push(new FormControl(quantity(line), validators), { emitEvent: false });
    this.form.controls.source.setValidators(mode === 'merge' ? [Validators.required, Validators.maxLength(30)] : []);
    this.form.controls.source.setValue('');
    this.key.reset();
  }

  protected submit(): void {
    const mode = this.mode();
    if (!mode || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.errors.clear();
    this.done.set(null);
    const picked = this.pickedRows(mode);
    if (mode !== 'merge' && picked.length === 0) {
      this.errors.message.set(mode === 'change' ? 'No quantity was changed' : 'Enter a quantity to split off');
      return;
    }
    const body = picked.map((row) => ({
      lineNo: this.lines()[row]!.lineNo,
      quantity: Number(this.rows.at(row).value),
    }));
    const order = this.orderNumber();
    const call = this.request(mode, order, body);
    this.busy.set(true);
    call.subscribe({
      next: (done) => {
        this.busy.set(false);
        this.key.reset();
        this.done.set(done);
        this.mode.set(null);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.errors.show(this.form, remapLinePaths(err, picked));
      },
    });
  }

  private request(mode: Mode, order: string, lines: { lineNo: number; quantity: number }[]): Observable<Done> {
    if (mode === 'change') return this.orders.changeLines(order, lines).pipe(map(() => ({ text: `${order} changed` })));
    if (mode === 'split') {
      return this.orders
        .split(order, lines, this.key.take())
        .pipe(map((a) => ({ text: `Split into ${a.newOrderNumber}`, workflowId: a.newWorkflowId })));
    }
    const source = this.form.controls.source.value.trim();
    return this.orders
      .merge(order, source, this.key.take())
      .pipe(map((a) => ({ text: `${a.mergedFrom} merged into ${order} (${a.addedLines} lines added)` })));
  }

  /** The rows a request sends: changed quantities, or quantities to split off. */
  private pickedRows(mode: Mode): number[] {
    if (mode === 'merge') return [];
    const rows: number[] = [];
    this.lines().forEach((line, row) => {
      const value = this.rows.at(row)?.value;
      if (value === null || value === undefined) return;
      if (mode === 'change' ? Number(value) !== line.quantity : Number(value) > 0) rows.push(row);
    });
    return rows;
  }
}
