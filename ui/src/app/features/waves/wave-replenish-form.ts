import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormGroup } from '@angular/forms';
import { FormErrors } from '../../shared/field-errors';
import { bindTaskForm } from '../tasks/task-form-binding';
import { WaveQtyForm, WaveQtyRows } from './wave-qty-form';
import { WaveQtyInput } from './wave-qty-input';
import { ReplenishCompletion, ReplenishMove, ReplenishPayload } from './wave.types';

const moveKey = (m: ReplenishMove) => `${m.fromLocation}|${m.toLocation}|${m.itemSku}|${m.lotCode ?? ''}`;

/**
 * A wave's pick-face replenishment (`wave-replenish`, issue 20) for a handheld: each move the wave proposes, reserve
 * bin -> face with its item, lot and quantity, pre-filled with the proposal; less is what was found, 0 leaves the move
 * out (the stock stays in reserve). The zones picking at these faces wait until it is confirmed; the workflow's
 * refusal of a move (`moved[i].quantity`) lands on that move's quantity.
 */
@Component({
  selector: 'mw-wave-replenish-form',
  imports: [DatePipe, DecimalPipe, WaveQtyForm, WaveQtyInput],
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
    <mw-wave-qty-form
      [form]="form"
      [errors]="errors"
      [readonly]="readonly()"
      [busy]="busy()"
      confirm="Confirm the moves"
      (submitted)="submit()"
    >
      <ol class="path">
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
              [control]="rows.quantity(i)"
              [ariaLabel]="'Moved from ' + move.fromLocation + ' to ' + move.toLocation + ' of ' + move.itemSku"
            />
          </li>
        }
      </ol>
    </mw-wave-qty-form>
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

  protected readonly rows = new WaveQtyRows<ReplenishMove>('moved', (a, b) => moveKey(a) === moveKey(b));
  protected readonly form = new FormGroup({ moved: this.rows.array });
  protected readonly errors = new FormErrors();
  private readonly refusalOnRows = computed(() => this.rows.refusalOnRows(this.refusal()));

  constructor() {
    effect(() => {
      this.rows.fill(this.payload().moves ?? [], (this.outcome() as Partial<ReplenishCompletion> | null)?.moved);
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
    this.confirmed.emit({ moved: this.rows.sent(this.payload().moves) });
  }
}
