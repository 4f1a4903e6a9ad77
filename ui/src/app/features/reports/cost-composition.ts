import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { DecimalPipe } from '@angular/common';
import { DataList } from '../../shared/list/data-list';
import { ListCell } from '../../shared/list/list-cell';
import { ListColumn, ListFilter } from '../../shared/list/list.types';

/** One row of `GET /api/reports/cost-composition` (an order, or a product's roll-up with `by=product`). */
export interface CostCompositionRow {
  orderNumber: string | null;
  orderType: string | null;
  orders: number;
  itemSku: string;
  itemName: string;
  status: string | null;
  material: number;
  labour: number;
  overhead: number;
  subcontractFee: number;
  total: number;
  completedQuantity: number;
  unitCost: number | null;
}

const ELEMENTS: ListColumn<CostCompositionRow>[] = [
  { key: 'material', label: 'Material', money: true, essential: true },
  { key: 'labour', label: 'Labour', money: true },
  { key: 'overhead', label: 'Overhead', money: true },
  { key: 'subcontractFee', label: 'Subcontract fee', money: true },
  { key: 'total', label: 'Total', money: true, essential: true },
  { key: 'completedQuantity', label: 'Completed', numeric: true },
  { key: 'unitCost', label: 'Unit cost', numeric: true, essential: true },
];

const ORDER_COLUMNS: ListColumn<CostCompositionRow>[] = [
  { key: 'orderNumber', label: 'Order', essential: true },
  { key: 'orderType', label: 'Type' },
  { key: 'itemSku', label: 'Product' },
  { key: 'status', label: 'Status' },
  ...ELEMENTS,
];

const PRODUCT_COLUMNS: ListColumn<CostCompositionRow>[] = [
  { key: 'itemSku', label: 'Product', essential: true },
  { key: 'orders', label: 'Orders', numeric: true, sortable: false },
  ...ELEMENTS,
];

const FILTERS: ListFilter[] = [
  { key: 'from', label: 'Costs from', type: 'date', testId: 'cost-filter-from' },
  { key: 'to', label: 'Costs to', type: 'date', testId: 'cost-filter-to' },
  { key: 'item', label: 'Product', testId: 'cost-filter-item' },
  {
    key: 'orderType',
    label: 'Order type',
    options: [
      { value: 'production', label: 'Production' },
      { value: 'subcontract', label: 'Subcontract' },
    ],
    testId: 'cost-filter-type',
  },
];

/**
 * Cost composition (成本构成): material, labour, overhead (applied and absorbed at the period close), subcontract fee,
 * total and unit cost per production or subcontract order, or rolled up per product (`by`), on the shared list
 * (server-side sort, filters in the URL, CSV export).
 */
@Component({
  selector: 'mw-cost-composition',
  imports: [DataList, ListCell, DecimalPipe],
  template: `
    <mw-data-list
      resource="reports/cost-composition"
      [columns]="columns()"
      [filters]="filters"
      [extraQuery]="extraQuery()"
      [rowKey]="by() === 'product' ? 'itemSku' : 'orderNumber'"
      [defaultSort]="by() === 'product' ? 'itemSku' : 'orderNumber'"
      [showActive]="false"
      [noun]="by() === 'product' ? 'products' : 'orders'"
      rowTestId="cost-row"
      [exportName]="by() === 'product' ? 'cost-composition-by-product.csv' : 'cost-composition.csv'"
      data-testid="cost-table"
    >
      <ng-template mwListCell="itemSku" let-row>
        {{ $any(row).itemSku }}
        <div class="muted">{{ $any(row).itemName }}</div>
      </ng-template>
      <ng-template mwListCell="completedQuantity" let-row>{{
        $any(row).completedQuantity | number: '1.0-3'
      }}</ng-template>
      <ng-template mwListCell="unitCost" let-row>{{
        $any(row).unitCost === null ? '—' : ($any(row).unitCost | number: '1.2-4')
      }}</ng-template>
    </mw-data-list>
  `,
  styleUrl: './report-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CostComposition {
  /** `order` (default) or `product`. */
  readonly by = input<'order' | 'product'>('order');

  protected readonly filters = FILTERS;
  protected readonly columns = computed(() => (this.by() === 'product' ? PRODUCT_COLUMNS : ORDER_COLUMNS));
  protected readonly extraQuery = computed(() => ({ by: this.by() }));
}
