import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import { SlowMovingReport, SlowMovingRow } from '../../shared/api.types';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { MoneyPipe } from '../../shared/money.pipe';

/** Every column sorts on the server (never-moved items count as the longest since an outgoing move). */
const SLOW_COLUMNS: ListColumn<SlowMovingRow>[] = [
  { key: 'itemSku', label: 'Item', essential: true },
  { key: 'lastOutgoingAt', label: 'Last outgoing' },
  { key: 'daysSinceLastOutgoing', label: 'Days since', numeric: true },
  { key: 'quantity', label: 'On hand', numeric: true, essential: true },
  { key: 'value', label: 'Value', money: true, essential: true },
];

/** The threshold is a list filter, so it lives in the URL (`days`, the server's default 90 when empty). */
const SLOW_FILTERS: ListFilter[] = [
  { key: 'days', label: 'No outgoing move for (days, default 90)', testId: 'slow-days' },
  { key: 'itemSku', label: 'Item', testId: 'slow-filter-item' },
];

/**
 * Slow-moving items (stock on hand, no shipment, issue or scrap in N days) on the shared list, on a tab of their
 * own so their sort, page and filters keep the URL to themselves. A row opens the item's ledger.
 */
@Component({
  selector: 'mw-slow-moving',
  imports: [MoneyPipe, DatePipe, DecimalPipe, DataList, ListCell],
  templateUrl: './slow-moving.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlowMoving {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly columns = SLOW_COLUMNS;
  protected readonly filters = SLOW_FILTERS;
  /** The last page's threshold and value total (over the whole filter). */
  protected readonly report = signal<SlowMovingReport | null>(null);
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({ 'data-item-sku': String(row['itemSku']) });

  /** A row opens its item's ledger (Back returns to this list as it was). */
  protected openLedger(row: Record<string, unknown>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { tab: 'ledger', sku: row['itemSku'] } });
  }
}
