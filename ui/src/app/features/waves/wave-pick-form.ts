import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, input, output } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ErrorSummary } from '../../shared/field-error';
import { FormErrors } from '../../shared/field-errors';
import { bindTaskForm } from '../tasks/task-form-binding';
import { WaveQtyInput } from './wave-qty-input';
import { WavePickedItem, ZonePickCompletion, ZonePickPayload } from './wave.types';

type PickedGroup = FormGroup<{ quantity: FormControl<number | null> }>;

/** One line to pick: a bin of the path (its stop number) and one item/lot the wave takes there for all its orders. */
interface PathLine extends WavePickedItem {
  stop: number;
  orders: string;
}

function pathLines(payload: ZonePickPayload): PathLine[] {
  return (payload.stops ?? []).flatMap((stop) =>
    stop.items.map((item) => ({
      stop: stop.stop,
      locationCode: stop.locationCode,
      itemSku: item.itemSku,
      lotCode: item.lotCode,
      quantity: item.quantity,
      orders: item.orders.map((share) => `${share.orderNumber} ${share.quantity}`).join(', '),
    })),
  );
}

/**
 * A wave's zone pick (`wave-pick`, issue 20) for a handheld: the zone's path bin by bin in walking order, each bin
 * visited once with every item/lot the wave takes there (and for which orders), a quantity per line pre-filled with
 * what the path takes; less is a short pick (0 when nothing was there). The workflow refuses a line over the path's
 * quantity on that line (`picked[i].quantity`).
 */
@Component({
  selector: 'mw-wave-pick-form',
  imports: [DecimalPipe, ReactiveFormsModule, MatButtonModule, ErrorSummary, WaveQtyInput],
  template: `
    <p class="muted" data-testid="wave-pick-header">
      Wave <strong>{{ payload().waveId }}</strong> · zone <strong>{{ payload().zoneCode }}</strong> ·
      {{ payload().stops.length }} bins in walking order
    </p>
    <form [formGroup]="form" (ngSubmit)="submit()">
      <mw-error-summary [errors]="errors" />
      <ol class="path" formArrayName="picked">
        @for (line of lines(); track $index; let i = $index) {
          <li
            [formGroupName]="i"
            data-testid="wave-pick-line"
            [attr.data-stop]="line.stop"
            [attr.data-location]="line.locationCode"
            [attr.data-sku]="line.itemSku"
          >
            <div class="where">
              <span class="stop">{{ line.stop }}</span>
              <strong data-testid="wave-pick-bin">{{ line.locationCode }}</strong>
            </div>
            <div class="what">
              <strong>{{ line.quantity | number }}</strong> × {{ line.itemSku }}
              <span class="muted">{{ line.lotCode ? 'lot ' + line.lotCode : 'no lot' }}</span>
              <div class="muted">for {{ line.orders }}</div>
            </div>
            <mw-wave-qty-input
              label="Picked"
              testId="wave-pick-qty"
              [control]="picked.at(i).controls.quantity"
              [ariaLabel]="'Picked at ' + line.locationCode + ' of ' + line.itemSku"
            />
          </li>
        }
      </ol>
      @if (!readonly()) {
        <button mat-flat-button type="submit" data-testid="task-complete" [disabled]="busy()">
          Confirm zone {{ payload().zoneCode }}
        </button>
      }
    </form>
  `,
  styleUrl: './wave-task-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WavePickForm {
  readonly payload = input.required<ZonePickPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  readonly outcome = input<unknown>(null);
  readonly refusal = input<unknown>(null);
  readonly confirmed = output<ZonePickCompletion>();

  protected readonly lines = computed(() => pathLines(this.payload()));
  protected readonly form = new FormGroup({ picked: new FormArray<PickedGroup>([]) });
  protected readonly errors = new FormErrors();

  protected get picked(): FormArray<PickedGroup> {
    return this.form.controls.picked;
  }

  constructor() {
    effect(() => {
      const done = (this.outcome() as Partial<ZonePickCompletion> | null)?.picked;
      this.picked.clear();
      for (const [i, line] of this.lines().entries()) {
        const quantity = done?.[i]?.quantity ?? line.quantity;
        const control = new FormControl<number | null>(quantity, {
          validators: [Validators.required, Validators.min(0), Validators.max(line.quantity)],
        });
        this.picked.push(new FormGroup({ quantity: control }));
      }
      if (this.readonly()) this.form.disable();
    });
    bindTaskForm({ form: this.form, readonly: this.readonly, refusal: this.refusal, errors: this.errors });
  }

  protected submit(): void {
    if (this.readonly() || this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const lines = this.lines();
    this.confirmed.emit({
      picked: this.picked.getRawValue().map((row, i) => {
        const { locationCode, itemSku, lotCode } = lines[i]!;
        return { locationCode, itemSku, lotCode, quantity: Number(row.quantity) };
      }),
    });
  }
}
