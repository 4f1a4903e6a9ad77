import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormGroup } from '@angular/forms';
import { FormErrors } from '../../shared/field-errors';
import { bindTaskForm } from '../tasks/task-form-binding';
import { WaveQtyForm, WaveQtyRows } from './wave-qty-form';
import { WaveQtyInput } from './wave-qty-input';
import { SortCompletion, SortPayload, WavePut } from './wave.types';

/** The proposed puts grouped by order, each with its index in the form (and the proposal). */
function byOrder(proposed: readonly WavePut[]): Array<{ orderNumber: string; puts: Array<WavePut & { i: number }> }> {
  const orders = [...new Set(proposed.map((put) => put.orderNumber))];
  return orders.map((orderNumber) => ({
    orderNumber,
    puts: proposed.map((put, i) => ({ ...put, i })).filter((put) => put.orderNumber === orderNumber),
  }));
}

/**
 * A wave's sort (`wave-sort`, issue 20) for a handheld: what the zones picked, put to each order still in the wave,
 * line by line, pre-filled with what the wave proposes (each order's reservations as far as the pickers found them).
 * A put of 0 is left out (it goes back to its bin); the workflow's refusal of a put lands on that put's quantity.
 */
@Component({
  selector: 'mw-wave-sort-form',
  imports: [DecimalPipe, WaveQtyForm, WaveQtyInput],
  template: `
    <p class="muted" data-testid="wave-sort-header">
      Wave <strong>{{ payload().waveId }}</strong> · put each quantity into its order's tote
    </p>
    <mw-wave-qty-form
      [form]="form"
      [errors]="errors"
      [readonly]="readonly()"
      [busy]="busy()"
      confirm="Confirm the sort"
      (submitted)="submit()"
    >
      @if (payload().proposed.length === 0) {
        <p data-testid="wave-sort-nothing">Nothing was picked for the orders still in the wave.</p>
      }
      @for (group of groups(); track group.orderNumber) {
        <section class="order" data-testid="wave-sort-order" [attr.data-order]="group.orderNumber">
          <h3>Order {{ group.orderNumber }}</h3>
          <ol class="path">
            @for (put of group.puts; track put.i) {
              <li data-testid="wave-sort-put" [attr.data-order]="put.orderNumber" [attr.data-line]="put.lineNo">
                <div class="what">
                  Line {{ put.lineNo }} · {{ skuOf(put) }}
                  <span class="muted">
                    from {{ put.locationCode }} {{ put.lotCode ? 'lot ' + put.lotCode : '' }} ·
                    {{ put.quantity | number }} proposed
                  </span>
                </div>
                <mw-wave-qty-input
                  label="Put"
                  testId="wave-sort-qty"
                  [control]="rows.quantity(put.i)"
                  [ariaLabel]="'Put to ' + put.orderNumber + ' line ' + put.lineNo"
                />
              </li>
            }
          </ol>
        </section>
      }
    </mw-wave-qty-form>
  `,
  styleUrl: './wave-task-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WaveSortForm {
  readonly payload = input.required<SortPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<SortCompletion>();

  protected readonly groups = computed(() => byOrder(this.payload().proposed ?? []));
  protected readonly rows = new WaveQtyRows<WavePut>(
    'puts',
    (a, b) => a.orderNumber === b.orderNumber && a.lineNo === b.lineNo,
  );
  protected readonly form = new FormGroup({ puts: this.rows.array });
  protected readonly errors = new FormErrors();
  private readonly refusalOnRows = computed(() => this.rows.refusalOnRows(this.refusal()));

  constructor() {
    effect(() => {
      this.rows.fill(this.payload().proposed ?? [], (this.outcome() as Partial<SortCompletion> | null)?.puts);
      if (this.readonly()) this.form.disable();
    });
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusalOnRows, errors: this.errors });
  }

  /** The item of a put: the picked line it comes from (same bin and lot). */
  protected skuOf(put: WavePut): string {
    const picked = this.payload().picked.find(
      (p) => p.locationCode === put.locationCode && (p.lotCode ?? '') === (put.lotCode ?? ''),
    );
    return picked?.itemSku ?? '';
  }

  protected submit(): void {
    if (this.readonly() || this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.confirmed.emit({ puts: this.rows.sent(this.payload().proposed) });
  }
}
