import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router } from '@angular/router';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';

/** One count as GET /api/stock-counts lists it (api/stock-counts/stock-count-list.ts). */
export interface StockCountSummary {
  countNumber: string;
  warehouseCode: string;
  locationCode: string;
  itemSku: string | null;
  reason: string;
  status: string;
  sourceRef: string | null;
  lineCount: number;
  /** Net difference in the items' units once counted (null before). */
  differenceQuantity: number | null;
  /** Net value of the difference once counted (null before). */
  differenceValue: number | null;
  requestedBy: string;
  createdAt: string;
  postedAt: string | null;
  workflowId: string;
}

/** Columns the server sorts by carry no `sortable: false`. */
const COLUMNS: ListColumn<StockCountSummary>[] = [
  { key: 'countNumber', label: 'Count', essential: true },
  { key: 'location', label: 'Bin', essential: true, value: (c) => `${c.locationCode} (${c.warehouseCode})` },
  { key: 'itemSku', label: 'Item', sortable: false, value: (c) => c.itemSku ?? 'whole bin' },
  { key: 'reason', label: 'Reason' },
  { key: 'status', label: 'Status', essential: true },
  { key: 'lineCount', label: 'Lines', numeric: true, sortable: false },
  { key: 'differenceQuantity', label: 'Difference', numeric: true },
  { key: 'differenceValue', label: 'Value', money: true },
  { key: 'createdAt', label: 'Opened', value: (c) => c.createdAt.slice(0, 16).replace('T', ' ') },
];

const FILTERS: ListFilter[] = [
  {
    key: 'status',
    label: 'Status',
    options: ['open', 'recount', 'approval', 'posted', 'cancelled'].map((value) => ({ value, label: value })),
  },
  {
    key: 'reason',
    label: 'Reason',
    options: ['short-pick', 'manual', 'cycle'].map((value) => ({ value, label: value })),
  },
  { key: 'location', label: 'Bin' },
  { key: 'warehouse', label: 'Warehouse' },
];

/**
 * Stock counts on the shared list (sort, filters and page in the URL, CSV export): each count's bin, why it was
 * counted, where it stands and the difference found with its value; a row opens the count's process.
 */
@Component({
  selector: 'mw-stock-count-list-page',
  imports: [DataList, ListCell, StatusChip, DecimalPipe],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Stock counts</h1>
      </header>
      <mw-data-list
        resource="stock-counts"
        [columns]="columns"
        [filters]="filters"
        rowKey="countNumber"
        defaultSort="-createdAt"
        [showActive]="false"
        noun="stock counts"
        rowTestId="stock-count-row"
        [rowAttributes]="rowAttributes"
        (rowOpen)="open($event)"
      >
        <ng-template mwListCell="status" let-c>
          <mw-status-chip data-testid="stock-count-status" [attr.data-count]="c.countNumber" [status]="c.status" />
        </ng-template>
        <ng-template mwListCell="differenceQuantity" let-c>
          <span [class.loss]="c.differenceQuantity < 0">{{
            c.differenceQuantity === null ? '' : (c.differenceQuantity | number: '1.0-3')
          }}</span>
        </ng-template>
      </mw-data-list>
    </section>
  `,
  styles: `
    .loss {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StockCountListPage {
  private readonly router = inject(Router);

  protected readonly columns = COLUMNS as ListColumn<never>[];
  protected readonly filters = FILTERS;
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({ 'data-count': String(row['countNumber']) });

  /** A count is a process: its page shows the steps, the tasks and the live state. */
  protected open(row: Record<string, unknown>): void {
    void this.router.navigate(['/processes', String(row['workflowId'])]);
  }
}
