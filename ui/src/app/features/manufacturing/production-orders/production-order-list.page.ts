import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { DataList } from '../../../shared/list/data-list';
import { ListCell } from '../../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../../shared/list/list.types';
import { StatusChip } from '../../../shared/status-chip';
import { PRODUCTION_STATUSES, ProductionOrderSummary } from './production-order.types';

const when = (value: unknown): string => (value ? new Date(String(value)).toLocaleString() : '');

/** Every column sorts on the server. */
const COLUMNS: ListColumn<ProductionOrderSummary>[] = [
  { key: 'number', label: 'Order', essential: true },
  {
    key: 'itemSku',
    label: 'Item',
    essential: true,
    value: (o) => (o.itemName ? `${o.itemSku} — ${o.itemName}` : o.itemSku),
  },
  { key: 'quantity', label: 'Quantity', numeric: true },
  { key: 'completedQuantity', label: 'Completed', numeric: true },
  { key: 'warehouseCode', label: 'Warehouse' },
  {
    key: 'customerCode',
    label: 'Customer',
    value: (o) => (o.customerCode ? `${o.customerCode} — ${o.customerName ?? ''}` : ''),
  },
  { key: 'dueDate', label: 'Due' },
  { key: 'priority', label: 'Priority', numeric: true },
  { key: 'status', label: 'Status', essential: true },
  { key: 'createdAt', label: 'Created', value: (o) => `${when(o.createdAt)} ${o.createdBy}` },
];

const FILTERS: ListFilter[] = [
  { key: 'status', label: 'Status', options: PRODUCTION_STATUSES.map((value) => ({ value, label: value })) },
  { key: 'item', label: 'Item' },
  { key: 'customer', label: 'Customer (exact code)', testId: 'prd-filter-customer' },
  { key: 'dueFrom', label: 'Due from', type: 'date' },
  { key: 'dueTo', label: 'Due to', type: 'date' },
];

/** Production orders on the shared list; a row opens the order (components, operations, cost so far). */
@Component({
  selector: 'mw-production-order-list-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule, StatusChip, DecimalPipe],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Production orders</h1>
        <span class="spacer"></span>
        @if (canCreate()) {
          <a mat-flat-button routerLink="new" data-testid="prd-new">New production order</a>
        }
      </header>
      <mw-data-list
        resource="production-orders"
        [columns]="columns"
        [filters]="filters"
        rowKey="number"
        defaultSort="-createdAt"
        [showActive]="false"
        noun="production orders"
        rowTestId="prd-row"
        exportName="production-orders.csv"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      >
        <ng-template mwListCell="number" let-o
          ><span data-testid="prd-number">{{ o.number }}</span></ng-template
        >
        <ng-template mwListCell="quantity" let-o>{{ o.quantity | number: '1.0-3' }}</ng-template>
        <ng-template mwListCell="completedQuantity" let-o>{{ o.completedQuantity | number: '1.0-3' }}</ng-template>
        <ng-template mwListCell="status" let-o>
          <mw-status-chip data-testid="prd-status" [status]="o.status" />
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductionOrderListPage {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  /** Planners (and admins) open production orders; everyone else reads them. */
  protected readonly canCreate = computed(() => this.auth.hasAnyRole('planner', 'admin'));
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-number': String(row['number']),
    'data-status': String(row['status']),
  });

  protected open(order: ProductionOrderSummary): void {
    void this.router.navigate(['/manufacturing/production-orders', order.number]);
  }
}
