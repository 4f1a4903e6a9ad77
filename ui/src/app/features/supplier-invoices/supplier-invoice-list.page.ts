import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { SupplierInvoiceSummary } from './supplier-invoice.types';

const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Every column sorts on the server. */
const COLUMNS: ListColumn<SupplierInvoiceSummary>[] = [
  { key: 'invoiceNumber', label: 'Invoice', essential: true },
  { key: 'supplier', label: 'Supplier', essential: true, value: (i) => `${i.supplierName} (${i.supplierCode})` },
  { key: 'orderNumber', label: 'Order' },
  { key: 'invoiceDate', label: 'Dated' },
  { key: 'dueDate', label: 'Due' },
  { key: 'grossTotal', label: 'Gross', numeric: true, value: (i) => money.format(i.grossTotal) },
  { key: 'status', label: 'Status', essential: true },
];

const FILTERS: ListFilter[] = [
  {
    key: 'status',
    label: 'Status',
    options: ['matching', 'awaiting-approval', 'posted', 'rejected'].map((value) => ({ value, label: value })),
  },
  { key: 'supplier', label: 'Supplier' },
  { key: 'orderNumber', label: 'Order' },
  { key: 'dueFrom', label: 'Due from', type: 'date' },
  { key: 'dueTo', label: 'Due to', type: 'date' },
];

/** Supplier invoices on the shared list, with their match status; clerks and controllers enter new ones. */
@Component({
  selector: 'mw-supplier-invoice-list-page',
  imports: [DataList, ListCell, RouterLink, MatButtonModule, StatusChip],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Supplier invoices</h1>
        <span class="spacer"></span>
        @if (canCreate()) {
          <a mat-flat-button routerLink="/supplier-invoices/new" data-testid="si-new">Enter invoice</a>
        }
      </header>
      <mw-data-list
        resource="supplier-invoices"
        [columns]="columns"
        [filters]="filters"
        rowKey="workflowId"
        defaultSort="-createdAt"
        [showActive]="false"
        noun="supplier invoices"
        rowTestId="si-row"
        [rowAttributes]="rowAttributes"
      >
        <ng-template mwListCell="status" let-i>
          <mw-status-chip data-testid="si-status" [status]="i.status" />
        </ng-template>
      </mw-data-list>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupplierInvoiceListPage {
  private readonly auth = inject(AuthService);

  protected readonly canCreate = computed(() => this.auth.hasAnyRole('clerk', 'controller', 'admin'));
  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-invoice-number': String(row['invoiceNumber']),
  });
}
