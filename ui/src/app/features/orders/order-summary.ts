import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { silentErrors } from '../../core/http/http-context';
import { errorMessage } from '../../shared/api-error';
import { OrderDetail } from '../../shared/api.types';
import { CurrencyService } from '../../shared/currency.service';
import { OrderService } from './order.service';

type Loaded = { order: OrderDetail | null; error: string | null; loading: boolean };

/**
 * What a sales order is, from the order itself (not the workflow's state, which knows no lines before allocation):
 * the customer, every line with its quantity, unit price and value, and the order's total value. Shown where a
 * person decides on the whole order, such as a credit approval.
 */
@Component({
  selector: 'mw-order-summary',
  imports: [DecimalPipe],
  template: `
    @if (loaded().order; as order) {
      <div class="summary" data-testid="order-summary" [attr.data-order-number]="order.orderNumber">
        <p class="customer">
          <span class="muted">Customer</span>
          <strong data-testid="order-summary-customer">{{ order.customerName }}</strong>
          <span class="muted" data-testid="order-summary-customer-code">({{ order.customerCode }})</span>
          <span class="muted">· order status</span>
          <span data-testid="order-summary-status">{{ order.status }}</span>
        </p>
        <table class="lines" data-testid="order-summary-lines">
          <thead>
            <tr>
              <th>Line</th>
              <th>Item</th>
              <th class="num">Quantity</th>
              <th class="num">Unit price ({{ currency() }})</th>
              <th class="num">Value ({{ currency() }})</th>
            </tr>
          </thead>
          <tbody>
            @for (line of order.lines; track line.lineNo) {
              <tr data-testid="order-summary-line" [attr.data-line-no]="line.lineNo" [attr.data-sku]="line.itemSku">
                <td>{{ line.lineNo }}</td>
                <td>
                  {{ line.itemSku }} <span class="muted">— {{ line.itemName }}</span>
                </td>
                <td class="num" data-testid="order-summary-line-quantity">
                  {{ line.quantity | number }} {{ line.uom }}
                </td>
                <td class="num">{{ line.unitPrice | number: '1.2-2' }}</td>
                <td class="num" data-testid="order-summary-line-value">{{ line.value | number: '1.2-2' }}</td>
              </tr>
            }
          </tbody>
          <tfoot>
            <tr>
              <th colspan="4">Order value ({{ currency() }})</th>
              <th class="num" data-testid="order-summary-value" [attr.data-value]="order.value">
                {{ order.value | number: '1.2-2' }}
              </th>
            </tr>
          </tfoot>
        </table>
      </div>
    } @else if (loaded().error; as message) {
      <p class="inline-error" role="alert" data-testid="order-summary-error">{{ message }}</p>
    } @else if (loaded().loading) {
      <p class="muted" data-testid="order-summary-loading">Loading order {{ orderNumber() }}…</p>
    }
  `,
  styles: `
    .customer {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      align-items: baseline;
      margin: 0 0 8px;
    }
    .lines {
      border-collapse: collapse;
      width: 100%;
      max-width: 900px;
    }
    th,
    td {
      text-align: left;
      padding: 6px 10px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .num {
      text-align: right;
    }
    tfoot th {
      border-bottom: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderSummaryView {
  private readonly orders = inject(OrderService);
  protected readonly currency = inject(CurrencyService).code;

  readonly orderNumber = input.required<string>();

  protected readonly loaded = toSignal(
    toObservable(this.orderNumber).pipe(
      switchMap((orderNumber) =>
        this.orders.get(orderNumber, silentErrors()).pipe(
          map((order): Loaded => ({ order, error: null, loading: false })),
          catchError((err: unknown) => of<Loaded>({ order: null, error: errorMessage(err), loading: false })),
          startWith<Loaded>({ order: null, error: null, loading: true }),
        ),
      ),
    ),
    { initialValue: { order: null, error: null, loading: true } satisfies Loaded },
  );
}
