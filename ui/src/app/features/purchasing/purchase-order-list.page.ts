import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { PurchaseOrderSummary } from './purchasing.types';

const when = (value: unknown): string => (value ? new Date(String(value)).toLocaleString() : '');
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' });

/** Every column sorts on the server. */
const COLUMNS: ListColumn<PurchaseOrderSummary>[] = [
  { key: 'orderNumber', label: 'Order', essential: true },
  { key: 'supplier', label: 'Supplier', essential: true, value: (o) => `${o.supplierName} (${o.supplierCode})` },
  { key: 'warehouse', label: 'Warehouse', value: (o) => o.warehouseCode },
  { key: 'status', label: 'Status' },
  { key: 'lineCount', label: 'Lines', numeric: true },
  { key: 'openQuantity', label: 'Open qty', numeric: true },
  { key: 'totalValue', label: 'Value', numeric: true, value: (o) => money.format(o.totalValue) },
  { key: 'createdAt', label: 'Created', value: (o) => `${when(o.createdAt)} ${o.createdBy}` },
];

const FILTERS: ListFilter[] = [
  {
    key: 'status',
    label: 'Status',
    options: ['open', 'partly-received', 'received', 'closed-short', 'put-away', 'cancelled'].map((value) => ({
      value,
      label: value,
    })),
  },
  { key: 'supplier', label: 'Supplier' },
  { key: 'warehouse', label: 'Warehouse' },
  { key: 'item', label: 'Item' },
  { key: 'createdFrom', label: 'Placed from', type: 'date' },
  { key: 'createdTo', label: 'Placed to', type: 'date' },
];

/** Purchase orders on the shared list; a row opens the order (lines, open quantities, deliveries). */
@Component({
  selector: 'mw-purchase-order-list-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule, StatusChip],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Purchase orders</h1>
        <span class="spacer"></span>
        @if (canCreate()) {
          <a mat-flat-button routerLink="/purchase-orders/new" data-testid="po-new">New purchase order</a>
        }
      </header>
      <mw-data-list
        resource="purchase-orders"
        [columns]="columns"
        [filters]="filters"
        rowKey="orderNumber"
        defaultSort="-createdAt"
        [showActive]="false"
        noun="purchase orders"
        rowTestId="po-row"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      >
        <ng-template mwListCell="orderNumber" let-o
          ><span data-testid="po-number">{{ o.orderNumber }}</span></ng-template
        >
        <ng-template mwListCell="status" let-o>
          <mw-status-chip data-testid="po-status" [status]="o.status" />
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PurchaseOrderListPage {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  /** Placing purchase orders is a clerk (or admin) job; everyone else only reads them. */
  protected readonly canCreate = computed(() => this.auth.hasAnyRole('clerk', 'admin'));
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-order-number': String(row['orderNumber']),
  });

  protected open(order: PurchaseOrderSummary): void {
    void this.router.navigate(['/purchase-orders', order.orderNumber]);
  }
}
