import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of } from 'rxjs';
import { MasterDataService } from './master-data.service';
import { FieldDef, MasterRecord } from './resource.types';
import { SubRecords } from './sub-records';

/** An item's supplier records: who sells it, at what price, lead time and order quantities, which is preferred. */
@Component({
  selector: 'mw-item-suppliers-panel',
  imports: [SubRecords],
  template: `
    <mw-sub-records
      heading="Suppliers of this item"
      testId="item-suppliers"
      rowKey="supplierCode"
      [listUrl]="url()"
      [createUrl]="url()"
      [editUrl]="editUrl"
      [fields]="fields()"
      [columns]="columns"
      [canWrite]="canWrite()"
    />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ItemSuppliersPanel {
  private readonly api = inject(MasterDataService);
  readonly sku = input.required<string>();
  readonly canWrite = input(false);

  protected readonly url = computed(() => `/api/items/${encodeURIComponent(this.sku())}/suppliers`);
  protected readonly editUrl = (row: MasterRecord): string =>
    `${this.url()}/${encodeURIComponent(String(row['supplierCode']))}`;

  private readonly suppliers = toSignal(
    this.api.listOf<MasterRecord>('/api/suppliers?pageSize=100&sort=name').pipe(
      map(({ items }) => items.map((s) => ({ value: String(s['code']), label: `${s['name']} (${s['code']})` }))),
      catchError(() => of([])),
    ),
    { initialValue: [] },
  );

  protected readonly columns = [
    { key: 'supplierCode', label: 'Supplier' },
    { key: 'price', label: 'Price' },
    { key: 'leadTimeDays', label: 'Lead time (days)' },
    { key: 'minOrderQuantity', label: 'Min. order' },
    { key: 'orderMultiple', label: 'Multiple' },
    { key: 'preferred', label: 'Preferred' },
  ];

  protected readonly fields = computed<FieldDef[]>(() => [
    { key: 'supplierCode', label: 'Supplier', kind: 'select', required: true, options: this.suppliers() },
    { key: 'price', label: 'Price', kind: 'number', required: true, min: 0 },
    { key: 'leadTimeDays', label: 'Lead time (days)', kind: 'number', nullable: true, min: 0, hint: 'Empty: unknown' },
    { key: 'minOrderQuantity', label: 'Minimum order quantity', kind: 'number', nullable: true, min: 0 },
    { key: 'orderMultiple', label: 'Order multiple', kind: 'number', nullable: true, min: 0 },
    { key: 'preferred', label: 'Preferred supplier', kind: 'checkbox' },
  ]);
}
