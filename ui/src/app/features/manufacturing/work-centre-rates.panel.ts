import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { FieldDef } from '../master-data/resource.types';
import { SubRecords } from '../master-data/sub-records';

/**
 * A work centre's labour and overhead rates per hour, effective-dated: rows are never changed (an operation report
 * keeps the rates of its date), a change is a new row from a later date.
 */
@Component({
  selector: 'mw-work-centre-rates-panel',
  imports: [SubRecords],
  template: `
    <mw-sub-records
      heading="Rates per hour"
      testId="wc-rates"
      rowKey="effectiveFrom"
      [listUrl]="url()"
      [createUrl]="url()"
      [fields]="fields"
      [columns]="columns"
      [canWrite]="canWrite()"
    />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkCentreRatesPanel {
  readonly code = input.required<string>();
  readonly canWrite = input(false);

  protected readonly url = computed(() => `/api/work-centres/${encodeURIComponent(this.code())}/rates`);

  protected readonly columns = [
    { key: 'effectiveFrom', label: 'Effective from' },
    { key: 'labourRate', label: 'Labour / hour' },
    { key: 'overheadRate', label: 'Overhead / hour' },
    { key: 'createdBy', label: 'By' },
  ];

  protected readonly fields: FieldDef[] = [
    { key: 'effectiveFrom', label: 'Effective from', kind: 'text', required: true, hint: 'YYYY-MM-DD' },
    { key: 'labourRate', label: 'Labour rate per hour', kind: 'number', required: true, min: 0 },
    {
      key: 'overheadRate',
      label: 'Overhead rate per hour',
      kind: 'number',
      nullable: true,
      min: 0,
      hint: 'Empty: no overhead applied',
    },
  ];
}
