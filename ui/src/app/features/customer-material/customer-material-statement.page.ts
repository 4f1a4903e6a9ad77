import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { CustomerMaterialRow } from './customer-material.types';

const COLUMNS: ListColumn<CustomerMaterialRow>[] = [
  { key: 'customerCode', label: 'Customer', essential: true },
  { key: 'itemSku', label: 'Item', essential: true },
  { key: 'lotCode', label: 'Lot' },
  { key: 'locationCode', label: 'Location', essential: true },
  { key: 'received', label: 'Received', numeric: true },
  { key: 'used', label: 'Used', numeric: true },
  { key: 'returned', label: 'Returned', numeric: true },
  { key: 'held', label: 'Held', numeric: true, essential: true },
];

const FILTERS: ListFilter[] = [
  { key: 'customer', label: 'Customer (exact code)', testId: 'cm-filter-customer' },
  { key: 'itemSku', label: 'Item (exact SKU)', testId: 'cm-filter-item' },
];

/**
 * The customer material statement (issue 15) on the shared list: per customer, item, lot and location what we
 * received, used (and in which orders), returned and hold now; never valued, so no money column. Filters, sort and
 * page live in the URL; the CSV export comes with the list.
 */
@Component({
  selector: 'mw-customer-material-statement-page',
  imports: [DataList, ListCell, DecimalPipe],
  template: `
    <section class="page">
      <header class="page-header"><h1>Customer material</h1></header>
      <p class="muted">Material our customers own and we hold for them: counted, never valued in our books.</p>
      <mw-data-list
        resource="customer-material/statement"
        [columns]="columns"
        [filters]="filters"
        rowKey="itemSku"
        [showActive]="false"
        noun="rows"
        rowTestId="cm-row"
        [rowAttributes]="rowAttributes"
        exportName="customer-material.csv"
        data-testid="cm-table"
      >
        <ng-template mwListCell="customerCode" let-row>
          {{ $any(row).customerCode }}
          <div class="muted">{{ $any(row).customerName }}</div>
        </ng-template>
        <ng-template mwListCell="itemSku" let-row>
          {{ $any(row).itemSku }}
          <div class="muted">{{ $any(row).itemName }}</div>
        </ng-template>
        <ng-template mwListCell="lotCode" let-row>{{ $any(row).lotCode ?? '—' }}</ng-template>
        <ng-template mwListCell="used" let-row>
          {{ $any(row).used | number: '1.0-3' }}
          @if ($any(row).usedIn.length > 0) {
            <div class="muted" data-testid="cm-used-in">{{ $any(row).usedIn.join(', ') }}</div>
          }
        </ng-template>
        <ng-template mwListCell="held" let-row
          ><strong data-testid="cm-held">{{ $any(row).held | number: '1.0-3' }}</strong>
          {{ $any(row).uom }}</ng-template
        >
      </mw-data-list>
    </section>
  `,
  styleUrl: '../reports/report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CustomerMaterialStatementPage {
  protected readonly columns = COLUMNS;
  protected readonly filters = FILTERS;
  /** Each row names its place, so a test (or a clerk's tooling) finds the lot at a location. */
  protected readonly rowAttributes = (row: unknown) => {
    const r = row as CustomerMaterialRow;
    return { 'data-lot': r.lotCode, 'data-location': r.locationCode };
  };
}
