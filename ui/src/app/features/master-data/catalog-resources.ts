import { options, ResourceConfig } from './resource.types';

/** Items, customers and suppliers: what the company buys, makes and sells, and to and from whom. */

const ADMIN = ['admin'];
const SUPPLY_TYPES = options('make', 'buy', 'subcontract');
const ABC = options('A', 'B', 'C');
const VALUATION = options('fifo', 'moving-average');

export const ITEMS: ResourceConfig = {
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
    {
      key: 'reorderPoint',
      label: 'Reorder point',
      kind: 'number',
      nullable: true,
      min: 0,
      hint: 'Available + on order below it raises an alert; empty: not watched',
    },
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

export const CUSTOMERS: ResourceConfig = {
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

export const SUPPLIERS: ResourceConfig = {
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
