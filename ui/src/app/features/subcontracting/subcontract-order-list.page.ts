import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { SubcontractOrderSummary } from './subcontracting.types';

const STATUSES = ['draft', 'approved', 'at-supplier', 'partly-received', 'received', 'closed', 'cancelled'];

/** Every column sorts on the server. */
const COLUMNS: ListColumn<SubcontractOrderSummary>[] = [
  { key: 'orderNumber', label: 'Order', essential: true },
  { key: 'supplier', label: 'Supplier', essential: true, value: (o) => `${o.supplierName} (${o.supplierCode})` },
  { key: 'item', label: 'Item', value: (o) => `${o.itemSku} — ${o.itemName}` },
  { key: 'quantity', label: 'Ordered', numeric: true },
  { key: 'receivedQuantity', label: 'Received', numeric: true },
  { key: 'openQuantity', label: 'To come', numeric: true },
  { key: 'dueDate', label: 'Due' },
  { key: 'status', label: 'Status' },
  { key: 'late', label: 'Late', value: (o) => (o.late ? 'late' : '') },
  // Component quantities only for an order of one component: bolts plus plates is no quantity (see the API).
  { key: 'sentQuantity', label: 'Component sent', numeric: true },
  {
    key: 'componentsAtSupplier',
    label: 'At supplier',
    value: (o) => atSupplierText(o),
  },
];

/** One component: its quantity still out; several: how many lines still have something out. */
function atSupplierText(o: SubcontractOrderSummary): string {
  if (o.atSupplierQuantity !== null) return String(o.atSupplierQuantity);
  if (o.componentsAtSupplier === 0) return '—';
  return `${o.componentsAtSupplier} component${o.componentsAtSupplier === 1 ? '' : 's'}`;
}

const FILTERS: ListFilter[] = [
  { key: 'status', label: 'Status', options: STATUSES.map((value) => ({ value, label: value })) },
  { key: 'supplier', label: 'Supplier' },
  { key: 'item', label: 'Item' },
  {
    key: 'late',
    label: 'Late',
    options: [
      { value: 'true', label: 'late only' },
      { value: 'false', label: 'on time' },
    ],
  },
  { key: 'dueFrom', label: 'Due from', type: 'date' },
  { key: 'dueTo', label: 'Due to', type: 'date' },
];

/** Subcontract orders on the shared list; a row opens the order (components at the supplier, deliveries). */
@Component({
  selector: 'mw-subcontract-order-list-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule, StatusChip],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Subcontract orders</h1>
        <span class="spacer"></span>
        @if (canCreate()) {
          <a mat-flat-button routerLink="/subcontract-orders/new" data-testid="sc-new">New subcontract order</a>
        }
      </header>
      <mw-data-list
        resource="subcontract-orders"
        [columns]="columns"
        [filters]="filters"
        rowKey="orderNumber"
        defaultSort="-createdAt"
        [showActive]="false"
        noun="subcontract orders"
        rowTestId="sc-row"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($any($event))"
      >
        <ng-template mwListCell="orderNumber" let-o
          ><span data-testid="sc-number">{{ o.orderNumber }}</span></ng-template
        >
        <ng-template mwListCell="status" let-o>
          <mw-status-chip data-testid="sc-status" [status]="o.status" />
        </ng-template>
        <ng-template mwListCell="late" let-o>
          @if (o.late) {
            <mw-status-chip data-testid="sc-late" status="late" />
          }
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractOrderListPage {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  /** Planners and purchasing clerks order from subcontractors; everyone else only reads. */
  protected readonly canCreate = computed(() => this.auth.hasAnyRole('planner', 'clerk', 'admin'));
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-order-number': String(row['orderNumber']),
  });

  protected open(order: SubcontractOrderSummary): void {
    void this.router.navigate(['/subcontract-orders', order.orderNumber]);
  }
}
