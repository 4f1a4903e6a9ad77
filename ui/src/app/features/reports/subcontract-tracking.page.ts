import { DecimalPipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { MoneyPipe } from '../../shared/money.pipe';
import { StatusChip } from '../../shared/status-chip';
import { SubcontractReportNav } from './subcontract-report-nav';
import { SubcontractTrackingDetail, SubcontractTrackingRow } from './subcontract-tracking.types';

const STATUSES = ['draft', 'approved', 'at-supplier', 'partly-received', 'received', 'closed', 'cancelled'];

/** Every column sorts on the server; the order row counts component lines (their quantities never add up). */
const COLUMNS: ListColumn<SubcontractTrackingRow>[] = [
  { key: 'orderNumber', label: 'Order', essential: true },
  { key: 'supplier', label: 'Supplier', value: (r) => r.supplierCode },
  { key: 'item', label: 'Item', value: (r) => r.itemSku },
  { key: 'quantity', label: 'Ordered', numeric: true },
  { key: 'dueDate', label: 'Due', essential: true },
  { key: 'status', label: 'Status' },
  { key: 'late', label: 'Late' },
  { key: 'componentsOut', label: 'Lines still out', numeric: true, essential: true },
  { key: 'valueAtSupplier', label: 'Value at supplier', money: true, essential: true },
  { key: 'receivedQuantity', label: 'Received', numeric: true },
  { key: 'feesAccrued', label: 'Fees accrued', money: true },
  { key: 'feesInvoiced', label: 'Fees invoiced', money: true },
  { key: 'feeDifference', label: 'Fee difference', money: true },
];

const FILTERS: ListFilter[] = [
  { key: 'supplier', label: 'Supplier (code or name)' },
  { key: 'status', label: 'Status', options: STATUSES.map((s) => ({ value: s, label: s })) },
  {
    key: 'late',
    label: 'Late',
    options: [
      { value: 'true', label: 'Late only' },
      { value: 'false', label: 'On time only' },
    ],
  },
  { key: 'dueFrom', label: 'Due from', type: 'date' },
  { key: 'dueTo', label: 'Due to', type: 'date' },
  { key: 'item', label: 'Item' },
];

/**
 * The subcontract tracking report (委外跟踪表) on the shared list: one row per order with what is still at the supplier;
 * opening a row lists its components' sent, consumed, scrapped, returned and still-out quantities. Fees invoiced are
 * not shown yet (subcontract fee invoice matching comes later).
 */
@Component({
  selector: 'mw-subcontract-tracking-page',
  imports: [DataList, ListCell, DecimalPipe, MoneyPipe, StatusChip, SubcontractReportNav],
  templateUrl: './subcontract-tracking.page.html',
  styleUrl: './report-table.scss',
  styles: `
    .components {
      margin-top: 24px;
    }
    .scroll {
      overflow-x: auto;
    }
    .components table {
      border-collapse: collapse;
    }
    .components th,
    .components td {
      padding: 6px 12px 6px 0;
      text-align: left;
      vertical-align: top;
    }
    .components .num {
      text-align: right;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractTrackingPage {
  private readonly http = inject(HttpClient);

  protected readonly columns = COLUMNS;
  protected readonly filters = FILTERS;
  protected readonly detail = signal<SubcontractTrackingDetail | null>(null);
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-order-number': String(row['orderNumber']),
  });

  /** A row opens its components below the list (the last opened wins: an older answer never replaces a newer one). */
  protected open(row: Record<string, unknown>): void {
    const orderNumber = String(row['orderNumber']);
    this.http
      .get<SubcontractTrackingDetail>(`/api/reports/subcontract-tracking/${encodeURIComponent(orderNumber)}/components`)
      .subscribe((detail) => {
        if (detail.order.orderNumber === orderNumber) this.detail.set(detail);
      });
  }
}
