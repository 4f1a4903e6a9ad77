import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { PickConfirmationPayload, PickStop } from '../../shared/api.types';

/**
 * The printable pick list of a pick task: the stops in walking order with bin, item, lot and quantity, and an empty
 * box per stop for what was actually taken. Hidden on screen; the pick form's "Print pick list" prints it.
 */
@Component({
  selector: 'mw-pick-list-print',
  imports: [DatePipe, DecimalPipe],
  host: { class: 'print-sheet', 'data-testid': 'pick-list-print' },
  template: `
    <h1>Pick list · order {{ payload().orderNumber }}</h1>
    <dl class="facts">
      <dt>Customer</dt>
      <dd>{{ payload().customerName }} ({{ payload().customerCode }})</dd>
      <dt>Printed</dt>
      <dd>{{ printedAt | date: 'medium' }}</dd>
    </dl>
    <table>
      <thead>
        <tr>
          <th>Stop</th>
          <th>Bin</th>
          <th>Item</th>
          <th>Lot</th>
          <th>Expiry</th>
          <th class="num">Pick</th>
          <th class="box">Picked</th>
        </tr>
      </thead>
      <tbody>
        @for (stop of stops(); track $index) {
          <tr data-testid="pick-list-stop">
            <td>{{ stop.stop }}</td>
            <td>
              <strong>{{ stop.locationCode }}</strong>
            </td>
            <td>line {{ stop.lineNo }} · {{ stop.itemSku }} {{ nameOf(stop) }}</td>
            <td>{{ stop.lotCode ?? '—' }}</td>
            <td>{{ stop.expiryDate ?? '—' }}</td>
            <td class="num">{{ stop.quantity | number }} {{ uomOf(stop) }}</td>
            <td class="box"></td>
          </tr>
        }
      </tbody>
    </table>
    <div class="signature"><span>Picked by: ____________________</span><span>Date: ____________</span></div>
  `,
  styleUrl: './print-sheet.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PickListPrint {
  readonly payload = input.required<PickConfirmationPayload>();
  readonly stops = input.required<PickStop[]>();
  protected readonly printedAt = new Date();

  protected nameOf(stop: PickStop): string {
    return this.payload().lines.find((line) => line.lineNo === stop.lineNo)?.itemName ?? '';
  }

  protected uomOf(stop: PickStop): string {
    return this.payload().lines.find((line) => line.lineNo === stop.lineNo)?.uom ?? '';
  }
}
