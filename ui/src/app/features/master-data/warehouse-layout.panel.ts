import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { FieldDef, MasterRecord, options } from './resource.types';
import { SubRecords } from './sub-records';

/**
 * A warehouse's layout: its zones, then its bins, each with an explicit type (dock: receipts land and picks
 * are staged there; storage: put away into and allocated from; virtual: stock on paper) and a walking order.
 */
@Component({
  selector: 'mw-warehouse-layout-panel',
  imports: [SubRecords],
  template: `
    <mw-sub-records
      heading="Zones"
      testId="zones"
      rowKey="code"
      [listUrl]="zonesUrl()"
      [createUrl]="zonesUrl()"
      [fields]="zoneFields"
      [columns]="zoneColumns"
      [canWrite]="canWrite()"
      (loaded)="zones.set($event)"
    />
    <mw-sub-records
      heading="Bins"
      testId="bins"
      rowKey="code"
      listUrl="/api/locations"
      createUrl="/api/locations"
      [listParams]="binParams()"
      [extraBody]="{ warehouse: warehouse() }"
      [fields]="binFields()"
      [columns]="binColumns"
      [canWrite]="canWrite()"
    />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WarehouseLayoutPanel {
  readonly warehouse = input.required<string>();
  readonly canWrite = input(false);

  protected readonly zones = signal<MasterRecord[]>([]);
  protected readonly zonesUrl = computed(() => `/api/warehouses/${encodeURIComponent(this.warehouse())}/zones`);
  protected readonly binParams = computed(() => ({
    warehouse: this.warehouse(),
    sort: 'pickSequence',
    pageSize: '100',
    active: 'all',
  }));

  protected readonly zoneColumns = [
    { key: 'code', label: 'Code' },
    { key: 'name', label: 'Name' },
    { key: 'quarantineArea', label: 'Quarantine area' },
  ];
  protected readonly zoneFields: FieldDef[] = [
    { key: 'code', label: 'Zone code', kind: 'text', required: true },
    { key: 'name', label: 'Zone name', kind: 'text', required: true },
    { key: 'quarantineArea', label: 'Quarantine area (putaway default)', kind: 'checkbox' },
  ];

  protected readonly binColumns = [
    { key: 'code', label: 'Bin' },
    { key: 'zone', label: 'Zone' },
    { key: 'type', label: 'Type' },
    { key: 'pickSequence', label: 'Walking order' },
  ];
  protected readonly binFields = computed<FieldDef[]>(() => [
    { key: 'code', label: 'Bin code', kind: 'text', required: true },
    {
      key: 'zone',
      label: 'Zone',
      kind: 'select',
      nullable: true,
      options: this.zones().map((zone) => ({ value: String(zone['code']), label: String(zone['code']) })),
    },
    { key: 'type', label: 'Type', kind: 'select', required: true, options: options('storage', 'dock', 'virtual') },
    { key: 'pickSequence', label: 'Walking order', kind: 'number', required: true, min: 0 },
  ]);
}
