import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { OrderFulfillmentState } from '../../shared/api.types';

/** What was picked and waits at the dock, and every shipment: packages, carrier, tracking, moves and invoice. */
@Component({
  selector: 'mw-order-dispatch',
  imports: [DecimalPipe, MatCardModule],
  template: `
    <mat-card appearance="outlined" data-testid="order-dispatch">
      <mat-card-header><mat-card-title>Staged and shipped</mat-card-title></mat-card-header>
      <mat-card-content>
        <h4>Staged at the dock</h4>
        @if (order().staged.length > 0) {
          <table class="table" data-testid="order-staged">
            <thead>
              <tr>
                <th>Line</th>
                <th>Item</th>
                <th>Lot</th>
                <th>Picked from</th>
                <th>Staged at</th>
                <th class="num">Quantity</th>
              </tr>
            </thead>
            <tbody>
              @for (pick of order().staged; track $index) {
                <tr data-testid="order-staged-row" [attr.data-line-no]="pick.lineNo">
                  <td>{{ pick.lineNo }}</td>
                  <td>{{ pick.itemSku }}</td>
                  <td>{{ pick.lotCode ?? '—' }}</td>
                  <td>{{ pick.fromLocation }}</td>
                  <td>{{ pick.stagingLocation }}</td>
                  <td class="num">{{ pick.quantity | number }}</td>
                </tr>
              }
            </tbody>
          </table>
        } @else {
          <p class="muted" data-testid="order-staged-empty">Nothing staged.</p>
        }

        <h4>Shipments</h4>
        @for (shipment of shipments(); track $index; let n = $index) {
          <div class="shipment" data-testid="order-shipment" [attr.data-round]="shipment.round">
            <div class="facts">
              <span
                ><strong>Shipment {{ n + 1 }}</strong
                ><span class="muted">&nbsp;(round {{ shipment.round }})</span></span
              >
              <span data-testid="shipment-carrier">{{ shipment.carrier }}</span>
              <span
                >tracking <strong data-testid="shipment-tracking">{{ shipment.trackingNumber }}</strong></span
              >
              <span>by {{ shipment.shippedBy }}</span>
              <span data-testid="shipment-status">{{ shipment.result.status }}</span>
              <span class="muted">moves {{ shipment.result.moveIds.join(', ') || '—' }}</span>
              @if (shipment.invoice; as invoice) {
                <span data-testid="shipment-invoice" [attr.data-invoice-number]="invoice.invoiceNumber">
                  invoice <strong>{{ invoice.invoiceNumber }}</strong> ·
                  <span data-testid="shipment-invoice-amount">{{ invoice.amount | number: '1.2-2' }}</span>
                </span>
              } @else {
                <span class="muted">not invoiced yet</span>
              }
            </div>
            <table class="table">
              <thead>
                <tr>
                  <th>Package</th>
                  <th class="num">Weight</th>
                  <th>Contents</th>
                </tr>
              </thead>
              <tbody>
                @for (pkg of shipment.packages; track pkg.packageNo) {
                  <tr data-testid="shipment-package" [attr.data-package-no]="pkg.packageNo">
                    <td>{{ pkg.packageNo }}</td>
                    <td class="num">{{ pkg.weightKg | number }} kg</td>
                    <td>
                      @for (content of pkg.contents; track content.lineNo; let last = $last) {
                        line {{ content.lineNo }}: {{ content.quantity | number }}{{ last ? '' : ', ' }}
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @empty {
          <p class="muted" data-testid="order-shipments-empty">Not shipped yet.</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './order-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderDispatch {
  readonly order = input.required<OrderFulfillmentState>();

  protected readonly shipments = computed(() => this.order().shipments);
}
