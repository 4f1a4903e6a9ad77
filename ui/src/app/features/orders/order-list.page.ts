import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';

interface OrderRow {
  orderNumber: string;
  customerCode: string;
  customerName: string;
  status: string;
  requestedDate: string | null;
  createdAt: string;
  lineCount: number;
  workflowId: string;
}

const when = (value: unknown): string => (value ? new Date(String(value)).toLocaleString() : '');

/** Every column sorts on the server. */
const COLUMNS: ListColumn<OrderRow>[] = [
  { key: 'orderNumber', label: 'Order', essential: true },
  { key: 'customer', label: 'Customer', essential: true, value: (o) => `${o.customerName} (${o.customerCode})` },
  { key: 'status', label: 'Status' },
  { key: 'requestedDate', label: 'Requested', value: (o) => o.requestedDate ?? '—' },
  { key: 'lineCount', label: 'Lines', numeric: true },
  { key: 'createdAt', label: 'Created', value: (o) => when(o.createdAt) },
];

const STATUSES = [
  'open',
  'credit-hold',
  'allocated',
  'picked',
  'backordered',
  'partially-shipped',
  'shipped',
  'cancelled',
];
const FILTERS: ListFilter[] = [
  { key: 'status', label: 'Status', options: STATUSES.map((value) => ({ value, label: value })) },
  { key: 'customer', label: 'Customer' },
  { key: 'item', label: 'Item' },
  { key: 'requestedFrom', label: 'Requested from', type: 'date' },
  { key: 'requestedTo', label: 'Requested to', type: 'date' },
];

/** Sales orders on the shared list; a row opens the order's fulfillment process. */
@Component({
  selector: 'mw-order-list-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule, StatusChip],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Sales orders</h1>
        <span class="spacer"></span>
        @if (auth.canCreateOrders()) {
          <a mat-flat-button routerLink="/orders/new" data-testid="order-new">New order</a>
        }
      </header>
      <mw-data-list
        resource="orders"
        [columns]="columns"
        [filters]="filters"
        rowKey="orderNumber"
        defaultSort="-createdAt"
        [showActive]="false"
        noun="orders"
        rowTestId="order-row"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      >
        <ng-template mwListCell="status" let-o><mw-status-chip [status]="o.status" /></ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderListPage {
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthService);
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-order-number': String(row['orderNumber']),
  });

  protected open(order: OrderRow): void {
    void this.router.navigate(['/processes', order.workflowId]);
  }
}
