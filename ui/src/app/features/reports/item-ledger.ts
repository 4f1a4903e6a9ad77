import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import { ItemLedgerReport, ItemLedgerRow } from '../../shared/api.types';
import { HumanizePipe } from '../../shared/humanize.pipe';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { MoneyPipe } from '../../shared/money.pipe';
import { ItemPicker } from './item-picker';
import { MethodLabelPipe } from './method-label.pipe';

/** The API's move types (db/entities/inventory.ts MOVE_TYPES): the filter offers each. */
const MOVE_TYPES = [
  'receipt',
  'issue',
  'shipment',
  'transfer',
  'adjustment',
  'scrap',
  'status-change',
  'supplier-return',
  'production-issue',
  'production-receipt',
];

/** Every column sorts on the server; the running figures are the item's after each move, whatever the order. */
const COLUMNS: ListColumn<ItemLedgerRow>[] = [
  { key: 'effectiveAt', label: 'Effective', essential: true },
  { key: 'moveType', label: 'Move' },
  { key: 'documentRef', label: 'Document' },
  { key: 'fromLocation', label: 'From' },
  { key: 'toLocation', label: 'To' },
  { key: 'lotCode', label: 'Lot' },
  { key: 'quantityIn', label: 'In', numeric: true },
  { key: 'quantityOut', label: 'Out', numeric: true },
  { key: 'runningQuantity', label: 'Balance', numeric: true, essential: true },
  { key: 'valueIn', label: 'Value in', numeric: true },
  { key: 'valueOut', label: 'Value out', numeric: true },
  { key: 'runningValue', label: 'Running value', numeric: true, essential: true },
];

const FILTERS: ListFilter[] = [
  {
    key: 'moveType',
    label: 'Move',
    testId: 'ledger-filter-move',
    options: MOVE_TYPES.map((value) => ({ value, label: value.replace('-', ' ') })),
  },
  { key: 'lotCode', label: 'Lot', testId: 'ledger-filter-lot' },
];

/** Where a move's document is shown: a purchase order's page, a sales order in the order list. */
const DOCUMENT_LINKS: Record<string, (ref: string) => { path: string[]; query?: Record<string, string> }> = {
  'purchase-order': (ref) => ({ path: ['/purchase-orders', ref] }),
  'sales-order': (ref) => ({ path: ['/orders'], query: { q: ref } }),
  'sales-order-cancel': (ref) => ({ path: ['/orders'], query: { q: ref } }),
};

/**
 * One item's ledger on the shared list (sorted, filtered by move and lot, searched by document, exported as CSV),
 * the item picked above it and kept in the URL (`?tab=ledger&sku=...`) with the list's state. A move opens its
 * document where the console has a page for it.
 */
@Component({
  selector: 'mw-item-ledger',
  imports: [MoneyPipe, DatePipe, DecimalPipe, DataList, ListCell, HumanizePipe, MethodLabelPipe, ItemPicker],
  templateUrl: './item-ledger.html',
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ItemLedger {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** The item shown; lives in the URL (`?tab=ledger&sku=...`) so a ledger can be linked to. */
  readonly sku = input('');

  protected readonly columns = COLUMNS;
  protected readonly filters = FILTERS;
  protected readonly query = computed(() => ({ itemSku: this.sku() }));
  /** The last page's item, on hand and value (another item's figures go as soon as the item changes). */
  protected readonly report = linkedSignal<string, ItemLedgerReport | null>({
    source: this.sku,
    computation: () => null,
  });
  protected readonly rowAttributes = (row: Record<string, unknown>) => ({ 'data-move-id': String(row['moveId']) });

  protected pick(sku: string): void {
    // Another item's lots, search and page mean nothing for this one; the sort and the move filter carry over.
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { tab: 'ledger', sku: sku || null, lotCode: null, q: null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  protected open(row: Record<string, unknown>): void {
    const link = DOCUMENT_LINKS[String(row['documentType'])]?.(String(row['documentRef']));
    if (link) void this.router.navigate(link.path, { queryParams: link.query });
  }
}
