import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { MoneyPipe } from '../../shared/money.pipe';
import { SubcontractReportNav } from './subcontract-report-nav';
import { StockAtSupplierRow } from './subcontract-tracking.types';

const COLUMNS: ListColumn<StockAtSupplierRow>[] = [
  { key: 'itemSku', label: 'Item', essential: true },
  { key: 'supplierCode', label: 'Supplier', essential: true },
  { key: 'warehouseCode', label: 'Site' },
  { key: 'quantity', label: 'Quantity', numeric: true, essential: true },
  { key: 'value', label: 'Value', money: true, essential: true },
];

const FILTERS: ListFilter[] = [
  { key: 'supplier', label: 'Supplier (code or name)' },
  { key: 'itemSku', label: 'Item (exact SKU)' },
];

/** Our stock with status at-supplier by item and supplier site, valued as stock on hand is, on the shared list. */
@Component({
  selector: 'mw-stock-at-suppliers-page',
  imports: [DataList, ListCell, DecimalPipe, MoneyPipe, SubcontractReportNav],
  template: `
    <section class="page">
      <header class="page-header"><h1>Stock at suppliers</h1></header>
      <mw-subcontract-report-nav />
      @if (totalValue() !== null) {
        <div class="summary">
          <span
            ><span class="label">Value</span><strong data-testid="sas-value">{{ totalValue() | money }}</strong></span
          >
        </div>
      }
      <mw-data-list
        resource="reports/stock-at-suppliers"
        [columns]="columns"
        [filters]="filters"
        rowKey="itemSku"
        [showActive]="false"
        noun="rows"
        rowTestId="sas-row"
        exportName="stock-at-suppliers.csv"
        (pageLoaded)="totalValue.set($any($event).totals?.value ?? null)"
        data-testid="sas-table"
      >
        <ng-template mwListCell="itemSku" let-row>
          {{ $any(row).itemSku }}
          <div class="muted">{{ $any(row).itemName }}</div>
        </ng-template>
        <ng-template mwListCell="supplierCode" let-row>
          {{ $any(row).supplierCode ?? '—' }}
          <div class="muted">{{ $any(row).supplierName }}</div>
        </ng-template>
        <ng-template mwListCell="quantity" let-row
          >{{ $any(row).quantity | number: '1.0-3' }} {{ $any(row).uom }}</ng-template
        >
      </mw-data-list>
    </section>
  `,
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StockAtSuppliersPage {
  protected readonly columns = COLUMNS;
  protected readonly filters = FILTERS;
  /** The value over the whole filter, from the last page loaded. */
  protected readonly totalValue = signal<number | null>(null);
}
