import { MasterRecord, options, ResourceConfig } from './resource.types';

/** Warehouses, the chart of accounts, users and the company's calendar. */

const ADMIN = ['admin'];
const FINANCE = ['admin', 'controller'];
const ROLES = options(
  'admin',
  'clerk',
  'planner',
  'controller',
  'auditor',
  'supervisor',
  'inspector',
  'quality-engineer',
);

export const WAREHOUSES: ResourceConfig = {
  resource: 'warehouses',
  path: 'warehouses',
  title: 'Warehouses',
  singular: 'warehouse',
  key: 'code',
  columns: [
    { key: 'code', label: 'Code', essential: true },
    { key: 'name', label: 'Name', essential: true },
    { key: 'priority', label: 'Priority', numeric: true },
    { key: 'virtual', label: 'Virtual', sortable: false },
  ],
  fields: [
    { key: 'code', label: 'Code', kind: 'text', required: true, isKey: true },
    { key: 'name', label: 'Name', kind: 'text', required: true },
    { key: 'priority', label: 'Allocation priority', kind: 'number', min: 0, initial: 100, hint: 'Lower is preferred' },
    { key: 'virtual', label: 'Virtual (customer-supplied stock, never valued)', kind: 'checkbox' },
  ],
  panels: ['warehouse-layout'],
  writeRoles: ADMIN,
};

export const ACCOUNTS: ResourceConfig = {
  resource: 'accounts',
  path: 'accounts',
  title: 'Chart of accounts',
  singular: 'account',
  key: 'code',
  columns: [
    { key: 'code', label: 'Code', essential: true },
    { key: 'name', label: 'Name', essential: true },
    { key: 'type', label: 'Type' },
    { key: 'normalSide', label: 'Normal side' },
  ],
  filters: [{ key: 'type', label: 'Type', options: options('asset', 'liability', 'equity', 'revenue', 'expense') }],
  fields: [
    { key: 'code', label: 'Code', kind: 'text', required: true, isKey: true },
    { key: 'name', label: 'Name', kind: 'text', required: true },
    {
      key: 'type',
      label: 'Type',
      kind: 'select',
      required: true,
      options: options('asset', 'liability', 'equity', 'revenue', 'expense'),
    },
    { key: 'normalSide', label: 'Normal side', kind: 'select', required: true, options: options('debit', 'credit') },
  ],
  writeRoles: FINANCE,
};

export const USERS: ResourceConfig = {
  resource: 'users',
  path: 'users',
  title: 'Users',
  singular: 'user',
  key: 'username',
  columns: [
    { key: 'username', label: 'Username', essential: true },
    { key: 'displayName', label: 'Name', essential: true },
    { key: 'roles', label: 'Roles', sortable: false, value: (row: MasterRecord) => String(row['roles'] ?? '') },
  ],
  filters: [{ key: 'role', label: 'Role', options: ROLES }],
  fields: [
    { key: 'username', label: 'Username', kind: 'text', required: true, isKey: true },
    { key: 'displayName', label: 'Display name', kind: 'text', required: true },
    { key: 'roles', label: 'Roles', kind: 'roles', required: true, options: ROLES },
    { key: 'password', label: 'Initial password', kind: 'password', required: true, createOnly: true },
  ],
  writeRoles: ADMIN,
};

export const SETTINGS: ResourceConfig = {
  resource: 'company-settings',
  path: 'company-settings',
  title: 'Company settings',
  singular: 'company settings',
  key: '',
  columns: [],
  fields: [
    {
      key: 'fiscalYearStartMonth',
      label: 'Fiscal year starts in',
      kind: 'select',
      required: true,
      numeric: true,
      options: [
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December',
      ].map((label, index) => ({ value: String(index + 1), label })),
    },
    {
      key: 'timeZone',
      label: 'Time zone',
      kind: 'text',
      required: true,
      hint: 'IANA name, e.g. Europe/Berlin: decides the day and period a posting falls in',
    },
  ],
  writeRoles: FINANCE,
  singleton: true,
};
