import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { InventoryValuationReport, InventoryValuationRow } from '../../shared/api.types';
import { CurrencyService } from '../../shared/currency.service';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListPage } from '../../shared/list/list.types';
import { MoneyPipe } from '../../shared/money.pipe';
import { MethodLabelPipe } from './method-label.pipe';

/** Every column sorts on the server. */
const COLUMNS: ListColumn<InventoryValuationRow>[] = [
  { key: 'itemSku', label: 'Item', essential: true },
  { key: 'itemName', label: 'Name' },
  { key: 'method', label: 'Method' },
  { key: 'quantity', label: 'Quantity', numeric: true, value: (r) => `${r.quantity.toLocaleString()} ${r.uom}` },
  { key: 'unitValue', label: 'Unit value (item average)', numeric: true },
  { key: 'value', label: 'Value', money: true, essential: true },
];

/** The valuation sub-ledger per item on the shared list, reconciled against the Inventory account. */
@Component({
  selector: 'mw-inventory-valuation',
  imports: [DecimalPipe, DataList, ListCell, MethodLabelPipe, MoneyPipe],
  template: `
    @if (report(); as r) {
      <div class="summary" data-testid="valuation-summary">
        <span
          ><span class="label">Sub-ledger value</span
          ><strong data-testid="valuation-total">{{ r.totals.value | money }}</strong></span
        >
        <span
          ><span class="label">Account {{ r.totals.inventoryAccount }} balance</span
          ><strong data-testid="valuation-account">{{ r.totals.inventoryAccountBalance | money }}</strong></span
        >
        @if (r.totals.reconciled) {
          <span class="indicator ok" data-testid="valuation-status">Reconciled</span>
        } @else {
          <span class="indicator bad" data-testid="valuation-status">Difference {{ r.totals.difference | money }}</span>
        }
      </div>
    }
    <mw-data-list
      resource="reports/inventory-valuation"
      [columns]="columns"
      rowKey="itemSku"
      defaultSort="itemSku"
      [showActive]="false"
      noun="items"
      rowTestId="valuation-row"
      exportName="inventory-valuation.csv"
      (pageLoaded)="report.set($any($event))"
      data-testid="valuation-table"
    >
      <ng-template mwListCell="method" let-row>
        {{ $any(row).method | methodLabel }}
        @if ($any(row).valuedPerWarehouse) {
          <div class="muted">per warehouse ({{ $any(row).scopes }})</div>
        }
      </ng-template>
      <ng-template mwListCell="unitValue" let-row
        >{{ $any(row).unitValue | number: '1.2-4' }} {{ currency() }}</ng-template
      >
    </mw-data-list>
  `,
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InventoryValuation {
  protected readonly currency = inject(CurrencyService).code;
  protected readonly columns = COLUMNS;
  /** The last page's totals (over every item, whatever the search). */
  protected readonly report = signal<(ListPage<InventoryValuationRow> & InventoryValuationReport) | null>(null);
}
