import { EntitySchema } from '@mikro-orm/core';
import { moneyColumn, quantityColumn, timestampColumn } from './columns';

export type SupplyType = 'make' | 'buy' | 'subcontract';

export class Item {
  id!: number;
  sku!: string;
  name!: string;
  uom!: string;
  category!: string;
  lotTracked = true;
  /** Days from manufacture to expiry; null for items that do not expire. */
  shelfLifeDays: number | null = null;
  leadTimeDays = 0;
  supplyType: SupplyType = 'buy';
  /** Only items that explicitly allow it may go below zero. */
  allowNegativeStock = false;
  /** FIFO cost layers or a moving average. */
  valuationMethod: 'fifo' | 'moving-average' = 'fifo';
  /** Values each warehouse separately (transfers between warehouses move cost); otherwise one pool per item. */
  valuedPerWarehouse = false;
  /** Default selling price per unit, used to invoice shipments. */
  listPrice = 0;
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
    lotTracked: { type: 'boolean', default: true },
    shelfLifeDays: { type: 'number', nullable: true },
    leadTimeDays: { type: 'number', default: 0 },
    supplyType: { type: 'string', length: 16, default: 'buy' },
    allowNegativeStock: { type: 'boolean', default: false },
    valuationMethod: { type: 'string', length: 16, default: 'fifo' },
    valuedPerWarehouse: { type: 'boolean', default: false },
    listPrice: { ...moneyColumn, default: 0 },
    createdAt: { ...timestampColumn },
  },
});

export class Supplier {
  id!: number;
  code!: string;
  name!: string;
  /** Trusted suppliers may skip inspection (quality gate, later). */
  trusted = false;
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
  shipToAddress!: string;
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
    createdAt: { ...timestampColumn },
  },
});
