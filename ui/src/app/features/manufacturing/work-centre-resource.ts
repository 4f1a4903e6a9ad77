import { ResourceConfig } from '../master-data/resource.types';

/** Work centres (/api/work-centres): code and name here, their effective-dated rates in the rates panel. */
export const WORK_CENTRES: ResourceConfig = {
  resource: 'work-centres',
  path: 'work-centres',
  title: 'Work centres',
  singular: 'work centre',
  key: 'code',
  columns: [
    { key: 'code', label: 'Code', essential: true },
    { key: 'name', label: 'Name', essential: true },
    { key: 'labourRate', label: 'Labour / hour', numeric: true, sortable: false },
    { key: 'overheadRate', label: 'Overhead / hour', numeric: true, sortable: false },
    { key: 'rateEffectiveFrom', label: 'Rates from', sortable: false },
  ],
  defaultSort: 'code',
  fields: [
    { key: 'code', label: 'Code', kind: 'text', required: true, isKey: true },
    { key: 'name', label: 'Name', kind: 'text', required: true },
  ],
  panels: ['work-centre-rates'],
  writeRoles: ['admin'],
};
