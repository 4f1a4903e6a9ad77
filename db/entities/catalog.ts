import { Collection, EntitySchema } from '@mikro-orm/core';
import { moneyColumn, quantityColumn, timestampColumn } from './columns';
import { CustomerShipTo } from './customer-ship-to';
import { ItemUnitConversion } from './item-details';
import type { TaxRate } from './tax';

export type SupplyType = 'make' | 'buy' | 'subcontract';
export type AbcClass = 'A' | 'B' | 'C';
export type ValuationMethodName = 'fifo' | 'moving-average';

export class Item {
  id!: number;
  sku!: string;
  name!: string;
  /** The base unit: stock, moves and valuation are kept in it. */
  uom!: string;
  category!: string;
  /** ABC class (A = the few items that carry most of the value); null until classified. */
  abcClass: AbcClass | null = null;
  weightKg: number | null = null;
  lotTracked = true;
  /** Days from manufacture to expiry; null for items that do not expire. */
  shelfLifeDays: number | null = null;
  /** Replenishment lead time in days; null means unknown (not zero). */
  leadTimeDays: number | null = null;
  /** Stock kept back against uncertainty, in the base unit; null when none is set. */
  safetyStock: number | null = null;
  /** Available + on order below this (per warehouse) raises a below-reorder-point alert; null: not watched. */
  reorderPoint: number | null = null;
  supplyType: SupplyType = 'buy';
  /** Only items that explicitly allow it may go below zero. */
  allowNegativeStock = false;
  /** FIFO cost layers or a moving average. */
  valuationMethod: ValuationMethodName = 'fifo';
  /** Values each warehouse separately (transfers between warehouses move cost); otherwise one pool per item. */
  valuedPerWarehouse = false;
  /** Default selling price per unit, used to invoice shipments. */
  listPrice = 0;
  /** The tax rate its sales are invoiced at; null: the default tax rate (db/entities/tax.ts). */
  taxRate: TaxRate | null = null;
  /** Deactivated items stay in the books but cannot be ordered or bought. */
  active = true;
  /** Other units the item is handled in (BOX = 12 base units ...). */
  unitConversions = new Collection<ItemUnitConversion>(this);
  createdAt: Date = new Date();
}

export const ItemSchema = new EntitySchema<Item>({
  class: Item,
  tableName: 'item',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    sku: { type: 'string', length: 40, unique: true },
    name: { type: 'string', length: 200 },
    uom: { type: 'string', length: 12 },
    category: { type: 'string', length: 60, index: true },
    abcClass: { type: 'string', length: 1, nullable: true },
    weightKg: { ...quantityColumn, nullable: true },
    lotTracked: { type: 'boolean', default: true },
    shelfLifeDays: { type: 'number', nullable: true },
    leadTimeDays: { type: 'number', nullable: true },
    safetyStock: { ...quantityColumn, nullable: true },
    reorderPoint: { ...quantityColumn, nullable: true },
    supplyType: { type: 'string', length: 16, default: 'buy' },
    allowNegativeStock: { type: 'boolean', default: false },
    valuationMethod: { type: 'string', length: 16, default: 'fifo' },
    valuedPerWarehouse: { type: 'boolean', default: false },
    listPrice: { ...moneyColumn, default: 0 },
    taxRate: { kind: 'm:1', entity: 'TaxRate', nullable: true },
    active: { type: 'boolean', default: true },
    unitConversions: { kind: '1:m', entity: () => ItemUnitConversion, mappedBy: 'item', orderBy: { uom: 'asc' } },
    createdAt: { ...timestampColumn },
  },
});

export class Supplier {
  id!: number;
  code!: string;
  name!: string;
  /** Trusted suppliers may skip inspection (quality gate, later). */
  trusted = false;
  /** Supplier invoices fall due this many days after they are received. */
  paymentTermsDays = 30;
  active = true;
  createdAt: Date = new Date();
}

export const SupplierSchema = new EntitySchema<Supplier>({
  class: Supplier,
  tableName: 'supplier',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    code: { type: 'string', length: 40, unique: true },
    name: { type: 'string', length: 200 },
    trusted: { type: 'boolean', default: false },
    paymentTermsDays: { type: 'number', default: 30 },
    active: { type: 'boolean', default: true },
    createdAt: { ...timestampColumn },
  },
});

export class Customer {
  id!: number;
  code!: string;
  name!: string;
  /** Lots shipped to this customer must have at least this many days of shelf life left. */
  minShelfLifeDays = 0;
  creditLimit = 0;
  segment = 'standard';
  /** Invoices fall due this many days after they are issued. */
  paymentTermsDays = 30;
  /** The default ship-to address (orders read it); always the first of `shipToAddresses`. */
  shipToAddress!: string;
  shipToAddresses = new Collection<CustomerShipTo>(this);
  active = true;
  createdAt: Date = new Date();
}

export const CustomerSchema = new EntitySchema<Customer>({
  class: Customer,
  tableName: 'customer',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    code: { type: 'string', length: 40, unique: true },
    name: { type: 'string', length: 200 },
    minShelfLifeDays: { type: 'number', default: 0 },
    creditLimit: { ...quantityColumn, default: 0 },
    segment: { type: 'string', length: 30, default: 'standard' },
    paymentTermsDays: { type: 'number', default: 30 },
    shipToAddress: { type: 'string', length: 400 },
    shipToAddresses: { kind: '1:m', entity: () => CustomerShipTo, mappedBy: 'customer', orderBy: { position: 'asc' } },
    active: { type: 'boolean', default: true },
    createdAt: { ...timestampColumn },
  },
});
