import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { ActivatedRoute, Router } from '@angular/router';
import { AGING_BUCKETS, AgingBucket, StockAgingReport, StockAgingRow } from '../../shared/api.types';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { MoneyPipe } from '../../shared/money.pipe';

/** Every column sorts on the server (the bucket in age order). */
const AGING_COLUMNS: ListColumn<StockAgingRow>[] = [
  { key: 'itemSku', label: 'Item', essential: true },
  { key: 'lotCode', label: 'Lot', essential: true },
  { key: 'receivedAt', label: 'Received' },
  { key: 'ageDays', label: 'Age (days)', numeric: true },
  { key: 'bucket', label: 'Bucket' },
  { key: 'quantity', label: 'Quantity', numeric: true },
  { key: 'value', label: 'Value', money: true, essential: true },
];

const AGING_FILTERS: ListFilter[] = [
  { key: 'itemSku', label: 'Item', testId: 'aging-filter-item' },
  { key: 'lotCode', label: 'Lot', testId: 'aging-filter-lot' },
];

/**
 * Stock aging by lot on the shared list (the age bucket chosen on the bucket toggles, which show every bucket's
 * lots and value under the list's search and filters, kept in the URL with them; a lot opens its item's ledger for
 * that lot). Slow-moving items are a tab of their own (`slow-moving.ts`): the shared list keeps one list's state
 * per page URL.
 */
@Component({
  selector: 'mw-aging',
  imports: [MoneyPipe, DatePipe, DecimalPipe, MatButtonToggleModule, DataList, ListCell],
  templateUrl: './aging.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Aging {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });

  protected readonly bucketNames = AGING_BUCKETS;
  protected readonly agingColumns = AGING_COLUMNS;
  protected readonly agingFilters = AGING_FILTERS;
  protected readonly bucket = computed(() => {
    const bucket = this.params().get('bucket') as AgingBucket | null;
    return bucket && AGING_BUCKETS.includes(bucket) ? bucket : '';
  });
  protected readonly agingQuery = computed((): Record<string, string> =>
    this.bucket() ? { bucket: this.bucket() } : {},
  );
  /** The last page's bucket summary (over the search and filters, every bucket). */
  protected readonly aging = signal<StockAgingReport | null>(null);
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-item-sku': String(row['itemSku']),
    'data-bucket': String(row['bucket']),
  });

  protected setBucket(bucket: AgingBucket | ''): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { bucket: bucket || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  /** A lot opens its item's ledger, filtered to the lot. */
  protected openLot(row: Record<string, unknown>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { tab: 'ledger', sku: row['itemSku'], lotCode: row['lotCode'] },
    });
  }
}
