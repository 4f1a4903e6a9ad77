import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ErrorSummary } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { remapProblemPaths } from '../../shared/remap-problems';
import { bindTaskForm } from '../tasks/task-form-binding';
import { taskRefusal } from '../tasks/task-refusal';
import { WaveQtyInput } from './wave-qty-input';
import { ReplenishCompletion, ReplenishMove, ReplenishPayload } from './wave.types';

type MovedGroup = FormGroup<{ quantity: FormControl<number | null> }>;

const moveKey = (m: ReplenishMove) => `${m.fromLocation}|${m.toLocation}|${m.itemSku}|${m.lotCode ?? ''}`;

/**
 * A wave's pick-face replenishment (`wave-replenish`, issue 20) for a handheld: each move the wave proposes, reserve
 * bin -> face with its item, lot and quantity, pre-filled with the proposal; less is what was found, 0 leaves the move
 * out (the stock stays in reserve). The zones picking at these faces wait until it is confirmed; the workflow's
 * refusal of a move (`moved[i].quantity`) lands on that move's quantity.
 */
@Component({
  selector: 'mw-wave-replenish-form',
  imports: [DatePipe, DecimalPipe, ReactiveFormsModule, MatButtonModule, ErrorSummary, WaveQtyInput],
  template: `
    <p class="muted" data-testid="wave-replenish-header">
      Wave <strong>{{ payload().waveId }}</strong> · fill {{ payload().faces.length }}
      {{ payload().faces.length === 1 ? 'face' : 'faces' }} before {{ payload().waitingPickLines | number }} pick lines
      @if (payload().cutoffAt; as cutoff) {
        · cut-off <span data-testid="wave-replenish-cutoff">{{ cutoff | date: 'short' }}</span>
      }
    </p>
    <ul class="faces">
      @for (face of payload().faces; track face.locationCode + face.itemSku) {
        <li data-testid="wave-replenish-face" [attr.data-location]="face.locationCode">
          <strong>{{ face.locationCode }}</strong> · {{ face.itemSku }} · holds {{ face.onHand | number }}, the wave
          takes {{ face.wavePicks | number }} (min {{ face.minQuantity | number }}, max {{ face.maxQuantity | number }})
        </li>
      }
    </ul>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      <ol class="path" formArrayName="moved">
        @for (move of payload().moves; track $index; let i = $index) {
          <li
            data-testid="wave-replenish-move"
            [attr.data-from]="move.fromLocation"
            [attr.data-to]="move.toLocation"
            [attr.data-sku]="move.itemSku"
          >
            <div class="where">
              <span class="stop">{{ i + 1 }}</span>
              <strong data-testid="wave-replenish-from">{{ move.fromLocation }}</strong> →
              <strong data-testid="wave-replenish-to">{{ move.toLocation }}</strong>
            </div>
            <div class="what">
              <strong>{{ move.quantity | number }}</strong> × {{ move.itemSku }}
              <span class="muted">{{ move.lotCode ? 'lot ' + move.lotCode : 'no lot' }}</span>
            </div>
            <mw-wave-qty-input
              label="Moved"
              testId="wave-replenish-qty"
              [control]="moved.at(i).controls.quantity"
              [ariaLabel]="'Moved from ' + move.fromLocation + ' to ' + move.toLocation + ' of ' + move.itemSku"
            />
          </li>
        }
      </ol>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">Confirm the moves</button>
      }
    </form>
  `,
  styleUrl: './wave-task-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WaveReplenishForm {
  readonly payload = input.required<ReplenishPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<ReplenishCompletion>();

  protected readonly form = new FormGroup({ moved: new FormArray<MovedGroup>([]) });
  protected readonly errors = new FormErrors();
  /** Which form row each move of the last completion came from (moves of 0 are not sent). */
  private sentRows: number[] = [];
  /** The refusal with `moved[i]` of the completion mapped back to the form's row. */
  private readonly refusalOnRows = computed(() => {
    const refusal = this.refusal();
    if (!refusal) return null;
    return remapProblemPaths(taskRefusal(refusal), (path) =>
      path.replace(/^moved[.[](\d+)\]?/, (_, index: string) => `moved.${this.sentRows[Number(index)] ?? index}`),
    );
  });

  protected get moved(): FormArray<MovedGroup> {
    return this.form.controls.moved;
  }

  constructor() {
    effect(() => {
      const done = (this.outcome() as Partial<ReplenishCompletion> | null)?.moved;
      this.moved.clear();
      for (const move of this.payload().moves ?? []) {
        const sent = done?.find((d) => moveKey(d) === moveKey(move));
        const quantity = done ? (sent?.quantity ?? 0) : move.quantity;
        const control = new FormControl<number | null>(quantity, {
          validators: [Validators.required, Validators.min(0), Validators.max(move.quantity)],
        });
        this.moved.push(new FormGroup({ quantity: control }));
      }
      if (this.readonly()) this.form.disable();
    });
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusalOnRows, errors: this.errors });
  }

  protected submit(): void {
    if (this.readonly() || this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const moves = this.payload().moves;
    const rows = this.moved.getRawValue().map((row, i) => ({ ...moves[i]!, quantity: Number(row.quantity), i }));
    const sent = rows.filter((row) => row.quantity > 0);
    this.sentRows = sent.map((row) => row.i);
    this.confirmed.emit({ moved: sent.map(({ i: _row, ...move }) => move) });
  }
}
