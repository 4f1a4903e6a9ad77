import { Collection, DecimalType, EntitySchema } from '@mikro-orm/core';
import { Item } from './catalog';
import { dateColumn, timestampColumn } from './columns';

/** What an inspection plan applies to: one item, or every item of a category that has no plan of its own. */
export const INSPECTION_PLAN_SCOPES = ['item', 'category'] as const;
export type InspectionPlanScope = (typeof INSPECTION_PLAN_SCOPES)[number];

/** A characteristic is measured against limits, passed or failed, or read as one of its allowed values. */
export const CHARACTERISTIC_KINDS = ['numeric', 'pass-fail', 'attribute'] as const;
export type CharacteristicKind = (typeof CHARACTERISTIC_KINDS)[number];

/**
 * One version of what an inspector checks on an item (or on every item of a category). Versions are immutable, like
 * BOMs (an inspection lot pins the plan id it used; a change is a new version with the next number). The version in
 * effect on D is the greatest `effectiveFrom` <= D, ties to the higher version; an item's own plan wins over its
 * category's. `scopeKey` (`item:<sku>` / `category:<name>`) numbers versions per scope in one unique key.
 */
export class InspectionPlan {
  id!: number;
  scopeKey!: string;
  /** Set for an item plan; null for a category plan. */
  item: Item | null = null;
  /** Set for a category plan; null for an item plan. */
  itemCategory: string | null = null;
  version!: number;
  /** ISO date the version applies from. */
  effectiveFrom!: string;
  note: string | null = null;
  characteristics = new Collection<InspectionCharacteristic>(this);
  createdBy!: string;
  createdAt: Date = new Date();
}

export const InspectionPlanSchema = new EntitySchema<InspectionPlan>({
  class: InspectionPlan,
  tableName: 'inspection_plan',
  uniques: [{ properties: ['scopeKey', 'version'] }],
  checks: [{ name: 'inspection_plan_one_scope', expression: '(item_id is null) <> (item_category is null)' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    scopeKey: { type: 'string', length: 120 },
    item: { kind: 'm:1', entity: () => Item, nullable: true, index: true },
    itemCategory: { type: 'string', length: 80, nullable: true },
    version: { type: 'number' },
    effectiveFrom: { ...dateColumn },
    note: { type: 'text', nullable: true },
    characteristics: {
      kind: '1:m',
      entity: () => InspectionCharacteristic,
      mappedBy: 'plan',
      orderBy: { lineNo: 'asc' },
    },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});

/**
 * One characteristic of a plan version. Numeric: `lower` <= `nominal` <= `upper` where set, in `unit`; attribute:
 * the values a reading may take (rules/quality judgeReading judges a reading against it).
 */
export class InspectionCharacteristic {
  id!: number;
  plan!: InspectionPlan;
  lineNo!: number;
  code!: string;
  name!: string;
  kind!: CharacteristicKind;
  nominal: number | null = null;
  lower: number | null = null;
  upper: number | null = null;
  unit: string | null = null;
  allowedValues: string[] | null = null;
}

const limitColumn = { type: new DecimalType('number'), precision: 18, scale: 6, nullable: true } as const;

export const InspectionCharacteristicSchema = new EntitySchema<InspectionCharacteristic>({
  class: InspectionCharacteristic,
  tableName: 'inspection_characteristic',
  uniques: [{ properties: ['plan', 'lineNo'] }, { properties: ['plan', 'code'] }],
  checks: [
    {
      name: 'inspection_characteristic_valid',
      expression: 'lower is null or upper is null or lower <= upper',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    plan: { kind: 'm:1', entity: () => InspectionPlan, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    code: { type: 'string', length: 40 },
    name: { type: 'string', length: 200 },
    kind: { type: 'string', length: 16 },
    nominal: { ...limitColumn },
    lower: { ...limitColumn },
    upper: { ...limitColumn },
    unit: { type: 'string', length: 16, nullable: true },
    allowedValues: { type: 'json', nullable: true },
  },
});
