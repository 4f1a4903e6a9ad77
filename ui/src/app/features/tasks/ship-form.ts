import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { ShipOutcome, ShipTaskPayload } from '../../shared/api.types';
import { PackingSlipPrint, SlipShipment } from './packing-slip-print';

/** Carriers offered as suggestions; any other name may be typed. */
const CARRIERS = ['DHL', 'DPD', 'FedEx', 'GLS', 'UPS', 'Own fleet'];

/** One warehouse's shipment of an order packed at two docks. */
interface DockShipment extends ShipOutcome {
  dock: string;
}

/** The completion: with packages at two docks, a carrier and tracking number per dock (one shipment per warehouse). */
export interface ShipCompletion extends ShipOutcome {
  shipments?: DockShipment[];
}

/** A finished task's carrier and tracking number per dock (in the order of `docks`). */
function shippedWith(outcome: unknown, docks: string[]): ShipOutcome[] | null {
  const value = outcome as Partial<ShipCompletion> | null;
  if (typeof value?.carrier !== 'string') return null;
  const single = { carrier: value.carrier, trackingNumber: value.trackingNumber ?? '' };
  return docks.map((dock) => value.shipments?.find((s) => s.dock === dock) ?? single);
}

/** Shipping: the packed packages leave with a carrier; the clerk records the carrier and its tracking number. */
@Component({
  selector: 'mw-ship-form',
  imports: [DecimalPipe, MatButtonModule, PackingSlipPrint, RouterLink],
  template: `
    <div class="header" data-testid="ship-order">
      <div>
        <span class="muted">Order</span>
        <strong data-testid="ship-order-number">{{ payload().orderNumber }}</strong>
      </div>
      <div>
        <span class="muted">Customer</span>
        <strong>{{ payload().customerName ?? '—' }}</strong>
      </div>
      <button mat-stroked-button type="button" class="print" data-testid="ship-print" (click)="print()">
        Print packing slip
      </button>
    </div>
    @if (slip().length > 1) {
      <p class="docks-note" data-testid="ship-docks-note">
        These packages leave from {{ slip().length }} docks: one shipment per warehouse.
      </p>
    }

    @if (payload().packCheck && !readonly()) {
      <p class="docks-note" data-testid="ship-pack-check">
        Every package must pass its pack check before the shipment is confirmed.
        <a data-testid="ship-to-pack-check" [routerLink]="['/pack-check', payload().orderNumber]"
          >Pack-check the packages</a
        >
      </p>
    }
    <h3>Packages</h3>
    <table class="lines" data-testid="ship-packages">
      <thead>
        <tr>
          <th>Package</th>
          <th>From</th>
          <th class="num">Weight</th>
          <th>Contents</th>
        </tr>
      </thead>
      <tbody>
        @for (pkg of payload().packages; track pkg.packageNo) {
          <tr data-testid="ship-package" [attr.data-package-no]="pkg.packageNo">
            <td data-label="Package">{{ pkg.packageNo }}</td>
            <td data-label="From" data-testid="ship-package-dock">{{ pkg.dock ?? '—' }}</td>
            <td class="num" data-label="Weight">{{ pkg.weightKg | number }} kg</td>
            <td data-label="Contents">
              @for (content of pkg.contents; track content.lineNo; let last = $last) {
                line {{ content.lineNo }}: {{ content.quantity | number }}{{ last ? '' : ', ' }}
              }
            </td>
          </tr>
        }
      </tbody>
    </table>
    <p class="muted">{{ payload().packages.length }} package(s), {{ totalWeight() | number }} kg in all.</p>

    <datalist id="mw-carriers">
      @for (carrier of carriers; track carrier) {
        <option [value]="carrier"></option>
      }
    </datalist>
    @for (shipment of slip(); track shipment.dock; let si = $index) {
      <div class="dock-shipment" data-testid="ship-dock-shipment" [attr.data-dock]="shipment.dock">
        @if (slip().length > 1) {
          <h3>Shipment {{ si + 1 }} of {{ slip().length }}: from {{ shipment.dock }}</h3>
        }
        <div class="package-head">
          <label>
            <span class="muted">Carrier</span>
            <input
              class="field wide"
              type="text"
              maxlength="60"
              list="mw-carriers"
              data-testid="ship-carrier"
              [attr.aria-label]="slip().length > 1 ? 'Carrier from ' + shipment.dock : 'Carrier'"
              [value]="entries()[si]?.carrier ?? ''"
              [disabled]="readonly()"
              (input)="set(si, 'carrier', $any($event.target).value)"
            />
          </label>
          <label>
            <span class="muted">Tracking number</span>
            <input
              class="field wide"
              type="text"
              maxlength="80"
              data-testid="ship-tracking"
              [attr.aria-label]="slip().length > 1 ? 'Tracking number from ' + shipment.dock : 'Tracking number'"
              [value]="entries()[si]?.trackingNumber ?? ''"
              [disabled]="readonly()"
              (input)="set(si, 'trackingNumber', $any($event.target).value)"
            />
          </label>
        </div>
      </div>
    }

    @if (!readonly()) {
      @if (invalid()) {
        <p class="muted" data-testid="ship-missing">
          Enter the carrier and its tracking number{{ slip().length > 1 ? ' of each shipment' : '' }}.
        </p>
      }
      <button
        mat-flat-button
        type="button"
        data-testid="task-complete"
        [disabled]="invalid() || busy()"
        (click)="submit()"
      >
        Confirm shipment
      </button>
    }
    <mw-packing-slip-print
      [orderNumber]="payload().orderNumber"
      [customerName]="payload().customerName"
      [carrier]="carrierText()"
      [shipments]="slip()"
    />
  `,
  styleUrl: './dispatch-forms.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShipForm {
  readonly payload = input.required<ShipTaskPayload>();
  readonly readonly = input(false);
  readonly busy = input(false);
  /** For finished tasks: the carrier and tracking number recorded. */
  readonly outcome = input<unknown>(null);
  readonly confirmed = output<ShipCompletion>();

  protected readonly carriers = CARRIERS;
  /** Per dock the packages leave from (one entry for a single dock). */
  protected readonly entries = linkedSignal<ShipOutcome[]>(() => {
    const docks = this.slip().map((shipment) => shipment.dock);
    return shippedWith(this.outcome(), docks) ?? docks.map(() => ({ carrier: '', trackingNumber: '' }));
  });
  protected readonly totalWeight = computed(() => this.payload().packages.reduce((sum, pkg) => sum + pkg.weightKg, 0));
  protected readonly invalid = computed(() =>
    this.entries().some((entry) => entry.carrier.trim() === '' || entry.trackingNumber.trim() === ''),
  );
  protected readonly carrierText = computed(
    () => [...new Set(this.entries().map((entry) => entry.carrier.trim()))].filter(Boolean).join(', ') || null,
  );

  /** The packing slip: the packages grouped by the dock they leave from (one shipment per warehouse). */
  protected readonly slip = computed<SlipShipment[]>(() => {
    const byDock = new Map<string, SlipShipment>();
    for (const pkg of this.payload().packages) {
      const dock = pkg.dock ?? 'the dock';
      const shipment = byDock.get(dock) ?? { dock, packages: [] };
      byDock.set(dock, shipment);
      shipment.packages.push({
        packageNo: pkg.packageNo,
        weightKg: pkg.weightKg,
        contents: pkg.contents.map((c) => ({ lineNo: c.lineNo, itemSku: '—', lots: [], quantity: c.quantity })),
      });
    }
    return [...byDock.values()];
  });

  protected print(): void {
    window.print();
  }

  protected set(index: number, field: keyof ShipOutcome, value: string): void {
    this.entries.update((all) => all.map((entry, i) => (i === index ? { ...entry, [field]: value } : entry)));
  }

  protected submit(): void {
    if (this.invalid() || this.readonly() || this.busy()) return;
    const docks = this.slip().map((shipment) => shipment.dock);
    const entries = this.entries().map((entry) => ({
      carrier: entry.carrier.trim(),
      trackingNumber: entry.trackingNumber.trim(),
    }));
    const first = entries[0] ?? { carrier: '', trackingNumber: '' };
    if (docks.length <= 1) {
      this.confirmed.emit(first);
      return;
    }
    this.confirmed.emit({ ...first, shipments: docks.map((dock, i) => ({ dock, ...(entries[i] ?? first) })) });
  }
}
