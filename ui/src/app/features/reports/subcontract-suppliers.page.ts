import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';
import { SubcontractReportNav } from './subcontract-report-nav';
import { SubcontractSupplierRow } from './subcontract-tracking.types';

const COLUMNS: ListColumn<SubcontractSupplierRow>[] = [
  { key: 'supplierCode', label: 'Supplier', essential: true },
  { key: 'openOrders', label: 'Open orders', numeric: true, essential: true },
  { key: 'lateOrders', label: 'Late orders', numeric: true, essential: true },
  { key: 'receivedQuantity', label: 'Finished received', numeric: true },
  { key: 'feesAccrued', label: 'Fees accrued', money: true },
  { key: 'stockValue', label: 'Our stock there', money: true, essential: true },
];

const FILTERS: ListFilter[] = [{ key: 'supplier', label: 'Supplier (code or name)' }];

/** The subcontract tracking report by supplier on the shared list. */
@Component({
  selector: 'mw-subcontract-suppliers-page',
  imports: [DataList, ListCell, DecimalPipe, SubcontractReportNav],
  template: `
    <section class="page">
      <header class="page-header"><h1>Subcontract tracking by supplier</h1></header>
      <mw-subcontract-report-nav />
      <mw-data-list
        resource="reports/subcontract-tracking/by-supplier"
        [columns]="columns"
        [filters]="filters"
        rowKey="supplierCode"
        [showActive]="false"
        noun="suppliers"
        rowTestId="scs-row"
        exportName="subcontract-tracking-by-supplier.csv"
        data-testid="scs-table"
      >
        <ng-template mwListCell="supplierCode" let-row>
          {{ $any(row).supplierCode }}
          <div class="muted">{{ $any(row).supplierName }}</div>
        </ng-template>
        <ng-template mwListCell="receivedQuantity" let-row>{{
          $any(row).receivedQuantity | number: '1.0-3'
        }}</ng-template>
      </mw-data-list>
    </section>
  `,
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubcontractSuppliersPage {
  protected readonly columns = COLUMNS;
  protected readonly filters = FILTERS;
}
