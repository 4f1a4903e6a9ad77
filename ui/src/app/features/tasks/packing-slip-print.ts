import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** One package on a packing slip: its number, weight and what it holds. */
export interface SlipPackage {
  packageNo: string;
  weightKg: number | null;
  contents: Array<{ lineNo: number; itemSku: string; lots: string[]; quantity: number }>;
}

/** One shipment: the packages leaving one warehouse's dock. */
export interface SlipShipment {
  dock: string;
  packages: SlipPackage[];
}

/**
 * The printable packing slip: one page per shipment (per dock, so per warehouse), listing every package with its
 * contents and weight. Hidden on screen; the pack and ship forms' "Print packing slip" prints it.
 */
@Component({
  selector: 'mw-packing-slip-print',
  imports: [DatePipe, DecimalPipe],
  host: { class: 'print-sheet', 'data-testid': 'packing-slip-print' },
  template: `
    @for (shipment of shipments(); track shipment.dock; let si = $index) {
      <section class="dock" data-testid="packing-slip-shipment" [attr.data-dock]="shipment.dock">
        <h1>Packing slip · order {{ orderNumber() }}</h1>
        <dl class="facts">
          <dt>Ship to</dt>
          <dd>{{ customerName() ?? '—' }}</dd>
          <dt>Ships from</dt>
          <dd>{{ shipment.dock }}</dd>
          @if (shipments().length > 1) {
            <dt>Shipment</dt>
            <dd>{{ si + 1 }} of {{ shipments().length }} (one per warehouse)</dd>
          }
          @if (carrier(); as carrier) {
            <dt>Carrier</dt>
            <dd>{{ carrier }}</dd>
          }
          <dt>Printed</dt>
          <dd>{{ printedAt | date: 'medium' }}</dd>
        </dl>
        @for (pkg of shipment.packages; track $index) {
          <h2 data-testid="packing-slip-package">
            Package {{ pkg.packageNo }}
            @if (pkg.weightKg !== null) {
              · {{ pkg.weightKg | number }} kg
            }
          </h2>
          <table>
            <thead>
              <tr>
                <th>Line</th>
                <th>Item</th>
                <th>Lots</th>
                <th class="num">Quantity</th>
              </tr>
            </thead>
            <tbody>
              @for (content of pkg.contents; track content.lineNo) {
                <tr>
                  <td>{{ content.lineNo }}</td>
                  <td>{{ content.itemSku }}</td>
                  <td>{{ content.lots.join(', ') || '—' }}</td>
                  <td class="num">{{ content.quantity | number }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
        <div class="signature"><span>Packed by: ____________________</span><span>Date: ____________</span></div>
      </section>
    }
  `,
  styleUrl: './print-sheet.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PackingSlipPrint {
  readonly orderNumber = input.required<string>();
  readonly customerName = input<string | null>(null);
  readonly carrier = input<string | null>(null);
  readonly shipments = input.required<SlipShipment[]>();
  protected readonly printedAt = new Date();
}
