import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ErrorSummary } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { remapProblemPaths } from '../../shared/remap-problems';
import { taskRefusal } from '../tasks/task-refusal';

/** One row of a wave handheld form: the quantity the clerk confirms for a proposed entry. */
export type WaveQtyGroup = FormGroup<{ quantity: FormControl<number | null> }>;

/**
 * The rows of a wave handheld form whose entries the wave proposes (the sort's puts, the replenishment's moves): one
 * quantity per entry, pre-filled with the proposal (on a finished task with what was sent, 0 for an entry left out),
 * at most the proposal; only entries above 0 are sent, and the workflow's refusal of `<name>[i]` of what was sent lands
 * on the row it came from.
 */
export class WaveQtyRows<T extends { quantity: number }> {
  readonly array = new FormArray<WaveQtyGroup>([]);
  /** Which row each entry of the last completion came from. */
  private sentRows: number[] = [];

  constructor(
    private readonly name: string,
    private readonly same: (sent: T, proposed: T) => boolean,
  ) {}

  fill(proposed: readonly T[], done: readonly T[] | undefined): void {
    this.array.clear();
    for (const entry of proposed) {
      const sent = done?.find((d) => this.same(d, entry));
      const quantity = done ? (sent?.quantity ?? 0) : entry.quantity;
      const control = new FormControl<number | null>(quantity, {
        validators: [Validators.required, Validators.min(0), Validators.max(entry.quantity)],
      });
      this.array.push(new FormGroup({ quantity: control }));
    }
  }

  quantity(row: number): FormControl<number | null> {
    return this.array.at(row).controls.quantity;
  }

  /** The proposed entries with the clerk's quantities, those above 0. */
  sent(proposed: readonly T[]): T[] {
    const rows = this.array.getRawValue().map((row, i) => ({
      entry: { ...proposed[i]!, quantity: Number(row.quantity) },
      row: i,
    }));
    const sent = rows.filter(({ entry }) => entry.quantity > 0);
    this.sentRows = sent.map(({ row }) => row);
    return sent.map(({ entry }) => entry);
  }

  /** The task's refusal with `<name>[i]` of the last completion mapped back to the form's row. */
  refusalOnRows(refusal: unknown): unknown {
    if (!refusal) return null;
    const entry = new RegExp(`^${this.name}[.[](\\d+)\\]?`);
    return remapProblemPaths(taskRefusal(refusal), (path) =>
      path.replace(entry, (_, index: string) => `${this.name}.${this.sentRows[Number(index)] ?? index}`),
    );
  }
}

/**
 * The frame of a wave handheld form (sort, replenishment): the form with its error summary, the rows it is given, and
 * the confirm button while the task can still be completed.
 */
@Component({
  selector: 'mw-wave-qty-form',
  imports: [ReactiveFormsModule, MatButtonModule, ErrorSummary],
  template: `
    <form [formGroup]="form()" (ngSubmit)="submitted.emit()">
      <mw-error-summary [errors]="errors()" />
      <ng-content />
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">{{ confirm() }}</button>
      }
    </form>
  `,
  styles: `
    button {
      min-height: 44px;
      max-width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WaveQtyForm {
  readonly form = input.required<FormGroup>();
  readonly errors = input.required<FormErrors>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** The button's words, e.g. "Confirm the sort". */
  readonly confirm = input.required<string>();
  readonly submitted = output<void>();
}
