import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { catchError, of } from 'rxjs';
import { StockOnHandReport, StockOnHandRow } from '../../shared/api.types';
import { CurrencyService } from '../../shared/currency.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { StatusChip } from '../../shared/status-chip';
import { ItemPicker } from './item-picker';
import { ReportService } from './report.service';

const STATUSES = ['available', 'quarantine', 'blocked', 'at-supplier', 'in-transit'];

/** Every column sorts on the server; the value columns name the currency and what the unit value is. */
function columns(currency: string): ListColumn<StockOnHandRow>[] {
  const unit = currency ? `${currency}, ` : '';
  return [
    { key: 'itemSku', label: 'Item', essential: true },
    { key: 'warehouseCode', label: 'Warehouse' },
    { key: 'locationCode', label: 'Location' },
    { key: 'lotCode', label: 'Lot' },
    { key: 'status', label: 'Status' },
    { key: 'quantity', label: 'Quantity', numeric: true, essential: true },
    { key: 'reserved', label: 'Reserved', numeric: true },
    { key: 'free', label: 'Free', numeric: true },
    { key: 'unitValue', label: `Unit value (${unit}item average)`, numeric: true },
    { key: 'value', label: currency ? `Value (${currency})` : 'Value', numeric: true, essential: true },
  ];
}

/**
 * Stock on hand on the shared list: sorted, searched and filtered (warehouse, location, lot, status) on the
 * server, exported as CSV; the item (picked with search-as-you-type) is in the URL like the list's own filters.
 * A row opens its item's ledger. The totals are over the whole filter.
 */
@Component({
  selector: 'mw-stock-on-hand',
  imports: [DecimalPipe, RouterLink, DataList, ListCell, StatusChip, ItemPicker],
  templateUrl: './stock-on-hand.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StockOnHand {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  private readonly warehouses = toSignal(
    inject(ReportService)
      .warehouses()
      .pipe(catchError(() => of([]))),
    { initialValue: [] },
  );
  protected readonly currency = inject(CurrencyService).code;

  protected readonly columns = computed(() => columns(this.currency()));
  protected readonly filters = computed((): ListFilter[] => [
    {
      key: 'warehouseCode',
      label: 'Warehouse',
      testId: 'soh-filter-warehouse',
      options: this.warehouses().map((w) => ({
        value: w.code,
        label: `${w.code} — ${w.name}${w.virtual ? ' (not valued)' : ''}`,
      })),
    },
    { key: 'locationCode', label: 'Location', testId: 'soh-filter-location' },
    { key: 'lotCode', label: 'Lot', testId: 'soh-filter-lot' },
    {
      key: 'status',
      label: 'Status',
      testId: 'soh-filter-status',
      options: STATUSES.map((s) => ({ value: s, label: s })),
    },
  ]);
  /** The item filter (exact SKU), kept in the URL beside the list's own state. */
  protected readonly itemSku = computed(() => this.params().get('itemSku') ?? '');
  protected readonly query = computed((): Record<string, string> =>
    this.itemSku() ? { itemSku: this.itemSku() } : {},
  );
  /** The last page's totals (over every row the filters select). */
  protected readonly report = signal<StockOnHandReport | null>(null);
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({
    'data-item-sku': String(row['itemSku']),
    'data-warehouse': String(row['warehouseCode']),
    'data-lot': row['lotCode'] === null ? null : String(row['lotCode']),
    // One balance (item x location x lot x status): what links and tests compare rows by.
    'data-balance': [row['itemSku'], row['locationCode'], row['lotCode'] ?? '', row['status']].join('|'),
  });

  protected setItem(sku: string): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { itemSku: sku || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  /** A row opens its item's ledger (Back returns to this list as it was). */
  protected openLedger(row: Record<string, unknown>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { tab: 'ledger', sku: row['itemSku'] } });
  }
}
