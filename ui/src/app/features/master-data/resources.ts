import { MasterRecord, options, ResourceConfig } from './resource.types';

const ADMIN = ['admin'];
const FINANCE = ['admin', 'controller'];
const SUPPLY_TYPES = options('make', 'buy', 'subcontract');
const ABC = options('A', 'B', 'C');
const VALUATION = options('fifo', 'moving-average');
export const ROLES = options('admin', 'clerk', 'planner', 'controller', 'auditor');

const ITEMS: ResourceConfig = {
  resource: 'items',
  path: 'items',
  title: 'Items',
  singular: 'item',
  key: 'sku',
  columns: [
    { key: 'sku', label: 'SKU', essential: true },
    { key: 'name', label: 'Name', essential: true },
    { key: 'category', label: 'Category' },
    { key: 'abcClass', label: 'ABC' },
    { key: 'supplyType', label: 'Supply' },
    { key: 'uom', label: 'Unit' },
    { key: 'leadTimeDays', label: 'Lead time (days)', numeric: true },
    { key: 'listPrice', label: 'List price', numeric: true },
  ],
  filters: [
    { key: 'category', label: 'Category' },
    { key: 'supplyType', label: 'Make / buy', options: SUPPLY_TYPES },
    { key: 'abcClass', label: 'ABC class', options: ABC },
  ],
  fields: [
    { key: 'sku', label: 'SKU', kind: 'text', required: true, isKey: true },
    { key: 'name', label: 'Name', kind: 'text', required: true },
    { key: 'uom', label: 'Base unit', kind: 'text', required: true },
    { key: 'category', label: 'Category', kind: 'text', required: true },
    { key: 'abcClass', label: 'ABC class', kind: 'select', options: ABC, nullable: true },
    {
      key: 'supplyType',
      label: 'Make / buy / subcontract',
      kind: 'select',
      options: SUPPLY_TYPES,
      required: true,
      initial: 'buy',
    },
    {
      key: 'valuationMethod',
      label: 'Valuation method',
      kind: 'select',
      options: VALUATION,
      hint: 'Empty on a new item: the valuation rules propose it',
    },
    { key: 'valuedPerWarehouse', label: 'Valued per warehouse', kind: 'checkbox' },
    { key: 'lotTracked', label: 'Lot tracked', kind: 'checkbox', initial: true },
    {
      key: 'shelfLifeDays',
      label: 'Shelf life (days)',
      kind: 'number',
      nullable: true,
      min: 0,
      hint: 'Empty: never expires',
    },
    { key: 'leadTimeDays', label: 'Lead time (days)', kind: 'number', nullable: true, min: 0, hint: 'Empty: unknown' },
    { key: 'safetyStock', label: 'Safety stock', kind: 'number', nullable: true, min: 0 },
    { key: 'weightKg', label: 'Weight (kg)', kind: 'number', nullable: true, min: 0 },
    { key: 'listPrice', label: 'List price', kind: 'number', min: 0 },
    { key: 'allowNegativeStock', label: 'May go below zero', kind: 'checkbox' },
  ],
  arrays: [
    {
      key: 'unitConversions',
      label: 'Unit conversions',
      addLabel: 'Add conversion',
      fields: [
        { key: 'uom', label: 'Unit', kind: 'text', required: true },
        { key: 'factor', label: 'Base units per unit', kind: 'number', required: true, min: 0 },
      ],
    },
  ],
  panels: ['item-suppliers'],
  frozen: {
    flag: 'hasMoves',
    fields: ['uom', 'valuationMethod', 'valuedPerWarehouse', 'lotTracked'],
    reason: 'the item has stock moves (valuation fields change only through an audited conversion)',
    short: 'stock has moved',
  },
  writeRoles: ADMIN,
};

const CUSTOMERS: ResourceConfig = {
  resource: 'customers',
  path: 'customers',
  title: 'Customers',
  singular: 'customer',
  key: 'code',
  columns: [
    { key: 'code', label: 'Code', essential: true },
    { key: 'name', label: 'Name', essential: true },
    { key: 'creditLimit', label: 'Credit limit', numeric: true },
    { key: 'paymentTermsDays', label: 'Terms (days)', numeric: true },
    { key: 'minShelfLifeDays', label: 'Min. shelf life', numeric: true },
  ],
  fields: [
    { key: 'code', label: 'Code', kind: 'text', required: true, isKey: true },
    { key: 'name', label: 'Name', kind: 'text', required: true },
    { key: 'creditLimit', label: 'Credit limit', kind: 'number', min: 0 },
    { key: 'paymentTermsDays', label: 'Payment terms (days)', kind: 'number', min: 0, initial: 30 },
    { key: 'minShelfLifeDays', label: 'Minimum shelf life (days)', kind: 'number', min: 0 },
    { key: 'segment', label: 'Segment', kind: 'text', initial: 'standard' },
  ],
  arrays: [
    {
      key: 'shipToAddresses',
      label: 'Ship-to addresses',
      addLabel: 'Add address',
      fields: [
        { key: 'code', label: 'Code', kind: 'text', required: true },
        { key: 'address', label: 'Address', kind: 'text', required: true },
      ],
    },
  ],
  writeRoles: ADMIN,
};

const SUPPLIERS: ResourceConfig = {
  resource: 'suppliers',
  path: 'suppliers',
  title: 'Suppliers',
  singular: 'supplier',
  key: 'code',
  columns: [
    { key: 'code', label: 'Code', essential: true },
    { key: 'name', label: 'Name', essential: true },
    { key: 'paymentTermsDays', label: 'Terms (days)', numeric: true },
    { key: 'trusted', label: 'Trusted' },
  ],
  fields: [
    { key: 'code', label: 'Code', kind: 'text', required: true, isKey: true },
    { key: 'name', label: 'Name', kind: 'text', required: true },
    { key: 'paymentTermsDays', label: 'Payment terms (days)', kind: 'number', min: 0, initial: 30 },
    { key: 'trusted', label: 'Trusted (may skip inspection)', kind: 'checkbox' },
  ],
  writeRoles: ADMIN,
};

const WAREHOUSES: ResourceConfig = {
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

const ACCOUNTS: ResourceConfig = {
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

const USERS: ResourceConfig = {
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

const SETTINGS: ResourceConfig = {
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

/** The master-data resources in menu order. */
export const RESOURCES: ResourceConfig[] = [ITEMS, CUSTOMERS, SUPPLIERS, WAREHOUSES, ACCOUNTS, USERS, SETTINGS];
