import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ErrorSummary } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { remapProblemPaths } from '../../shared/remap-problems';
import { bindTaskForm } from '../tasks/task-form-binding';
import { taskRefusal } from '../tasks/task-refusal';
import { WaveQtyInput } from './wave-qty-input';
import { SortCompletion, SortPayload, WavePut } from './wave.types';

type PutGroup = FormGroup<{ quantity: FormControl<number | null> }>;

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
  imports: [DecimalPipe, ReactiveFormsModule, MatButtonModule, ErrorSummary, WaveQtyInput],
  template: `
    <p class="muted" data-testid="wave-sort-header">
      Wave <strong>{{ payload().waveId }}</strong> · put each quantity into its order's tote
    </p>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      @if (payload().proposed.length === 0) {
        <p data-testid="wave-sort-nothing">Nothing was picked for the orders still in the wave.</p>
      }
      <div formArrayName="puts">
        @for (group of groups(); track group.orderNumber) {
          <section class="order" data-testid="wave-sort-order" [attr.data-order]="group.orderNumber">
            <h3>Order {{ group.orderNumber }}</h3>
            <ol class="path">
              @for (put of group.puts; track put.i) {
                <li
                  [formGroupName]="put.i"
                  data-testid="wave-sort-put"
                  [attr.data-order]="put.orderNumber"
                  [attr.data-line]="put.lineNo"
                >
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
                    [control]="puts.at(put.i).controls.quantity"
                    [ariaLabel]="'Put to ' + put.orderNumber + ' line ' + put.lineNo"
                  />
                </li>
              }
            </ol>
          </section>
        }
      </div>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">Confirm the sort</button>
      }
    </form>
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
  protected readonly form = new FormGroup({ puts: new FormArray<PutGroup>([]) });
  protected readonly errors = new FormErrors();
  /** Which form row each put of the last completion came from (puts of 0 are not sent). */
  private sentRows: number[] = [];
  /** The refusal with `puts[i]` of the completion mapped back to the form's row. */
  private readonly refusalOnRows = computed(() => {
    const refusal = this.refusal();
    if (!refusal) return null;
    return remapProblemPaths(taskRefusal(refusal), (path) =>
      path.replace(/^puts[.[](\d+)\]?/, (_, index: string) => `puts.${this.sentRows[Number(index)] ?? index}`),
    );
  });

  protected get puts(): FormArray<PutGroup> {
    return this.form.controls.puts;
  }

  constructor() {
    effect(() => {
      const proposed = this.payload().proposed ?? [];
      const done = (this.outcome() as Partial<SortCompletion> | null)?.puts;
      this.puts.clear();
      for (const put of proposed) {
        const sent = done?.find((d) => d.orderNumber === put.orderNumber && d.lineNo === put.lineNo);
        const quantity = done ? (sent?.quantity ?? 0) : put.quantity;
        const control = new FormControl<number | null>(quantity, {
          validators: [Validators.required, Validators.min(0), Validators.max(put.quantity)],
        });
        this.puts.push(new FormGroup({ quantity: control }));
      }
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
    const proposed = this.payload().proposed;
    const rows = this.puts.getRawValue().map((row, i) => ({ ...proposed[i]!, quantity: Number(row.quantity), i }));
    const sent = rows.filter((row) => row.quantity > 0);
    this.sentRows = sent.map((row) => row.i);
    this.confirmed.emit({ puts: sent.map(({ i: _row, ...put }) => put) });
  }
}
