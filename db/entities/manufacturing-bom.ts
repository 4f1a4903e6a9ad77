import { Collection, DecimalType, EntitySchema } from '@mikro-orm/core';
import { Item } from './catalog';
import { dateColumn, timestampColumn } from './columns';

/**
 * One version of what an item is made of. Versions are immutable (a released production order pins the bom id; a
 * change is a new version with the next number). The version effective on D is the greatest `effectiveFrom` <= D,
 * ties to the higher version. A phantom parent is never stocked: where it is used, its components are issued directly.
 */
export class Bom {
  id!: number;
  /** The parent: the item this version makes. */
  item!: Item;
  version!: number;
  /** ISO date the version applies from. */
  effectiveFrom!: string;
  phantom = false;
  note: string | null = null;
  lines = new Collection<BomLine>(this);
  createdBy!: string;
  createdAt: Date = new Date();
}

export const BomSchema = new EntitySchema<Bom>({
  class: Bom,
  tableName: 'bom',
  uniques: [{ properties: ['item', 'version'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    version: { type: 'number' },
    effectiveFrom: { ...dateColumn },
    phantom: { type: 'boolean', default: false },
    note: { type: 'text', nullable: true },
    lines: { kind: '1:m', entity: () => BomLine, mappedBy: 'bom', orderBy: { lineNo: 'asc' } },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});

/** One component of a BOM version: quantity per one parent, plus planned scrap % (for planning and kitting). */
export class BomLine {
  id!: number;
  bom!: Bom;
  lineNo!: number;
  component!: Item;
  quantityPer!: number;
  /** Planned scrap: required = quantity x quantityPer x (1 + scrapPercent / 100). */
  scrapPercent = 0;
  /** Who provides the component: we do, or the customer the order makes the parent for (their own material). */
  provision: BomLineProvision = 'ours';
}

/** Who provides a BOM line's component in production: our stock, or the order's customer's material (issue 15). */
export const BOM_LINE_PROVISIONS = ['ours', 'customer'] as const;
export type BomLineProvision = (typeof BOM_LINE_PROVISIONS)[number];

export const BomLineSchema = new EntitySchema<BomLine>({
  class: BomLine,
  tableName: 'bom_line',
  uniques: [{ properties: ['bom', 'lineNo'] }],
  checks: [
    {
      name: 'bom_line_valid',
      expression: 'quantity_per > 0 and scrap_percent >= 0 and scrap_percent < 100',
    },
    { name: 'bom_line_provision', expression: "provision = 'ours' or provision = 'customer'" },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    bom: { kind: 'm:1', entity: () => Bom, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    // Indexed for where-used (which parents use this component).
    component: { kind: 'm:1', entity: () => Item, fieldName: 'component_item_id', index: true },
    quantityPer: { type: new DecimalType('number'), precision: 18, scale: 6 },
    scrapPercent: { type: new DecimalType('number'), precision: 7, scale: 4, default: 0 },
    provision: { type: 'string', length: 10, default: 'ours' },
  },
});
