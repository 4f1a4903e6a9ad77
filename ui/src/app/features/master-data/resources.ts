import { ACCOUNTS, SETTINGS, USERS, WAREHOUSES } from './admin-resources';
import { CUSTOMERS, ITEMS, SUPPLIERS } from './catalog-resources';
import { WORK_CENTRES } from '../manufacturing/work-centre-resource';
import { ResourceConfig } from './resource.types';

/** The master-data resources in menu order. */
export const RESOURCES: ResourceConfig[] = [
  ITEMS,
  CUSTOMERS,
  SUPPLIERS,
  WAREHOUSES,
  WORK_CENTRES,
  ACCOUNTS,
  USERS,
  SETTINGS,
];
