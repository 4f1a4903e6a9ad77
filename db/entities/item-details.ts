import { DecimalType, EntitySchema } from '@mikro-orm/core';
import { Item, Supplier } from './catalog';
import { quantityColumn, timestampColumn } from './columns';

/** Factors and unit prices need more than cents: 6 decimals, as purchase-order unit costs. */
const preciseColumn = { type: new DecimalType('number'), precision: 18, scale: 6 } as const;

/** Another unit an item is handled in: `factor` base units make one `uom` (BOX = 12 PCS). */
export class ItemUnitConversion {
  id!: number;
  item!: Item;
  uom!: string;
  factor!: number;
}

export const ItemUnitConversionSchema = new EntitySchema<ItemUnitConversion>({
  class: ItemUnitConversion,
  tableName: 'item_uom_conversion',
  uniques: [{ properties: ['item', 'uom'] }],
  checks: [{ name: 'item_uom_conversion_factor_positive', expression: 'factor > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item, deleteRule: 'cascade' },
    uom: { type: 'string', length: 12 },
    factor: { ...preciseColumn },
  },
});

/**
 * What one supplier offers for one item: price, lead time, order quantities. At most one supplier per item is
 * preferred (the service clears the others when one is marked).
 */
export class ItemSupplier {
  id!: number;
  item!: Item;
  supplier!: Supplier;
  /** Price per base unit. */
  price!: number;
  /** Days from order to receipt; null means unknown. */
  leadTimeDays: number | null = null;
  minOrderQuantity: number | null = null;
  /** Order quantities are multiples of this (a pallet of 48). */
  orderMultiple: number | null = null;
  preferred = false;
  active = true;
  createdAt: Date = new Date();
}

export const ItemSupplierSchema = new EntitySchema<ItemSupplier>({
  class: ItemSupplier,
  tableName: 'item_supplier',
  uniques: [{ properties: ['item', 'supplier'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    supplier: { kind: 'm:1', entity: () => Supplier, index: true },
    price: { ...preciseColumn },
    leadTimeDays: { type: 'number', nullable: true },
    minOrderQuantity: { ...quantityColumn, nullable: true },
    orderMultiple: { ...quantityColumn, nullable: true },
    preferred: { type: 'boolean', default: false },
    active: { type: 'boolean', default: true },
    createdAt: { ...timestampColumn },
  },
});
