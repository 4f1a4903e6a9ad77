import { Collection, EntitySchema } from '@mikro-orm/core';
import { Item, Supplier } from './catalog';
import { quantityColumn, timestampColumn } from './columns';
import { InspectionPlan } from './quality';

/** Where an inspected lot comes from (rules/quality INSPECTION_SOURCES without shipments, which are not gated yet). */
export const INSPECTION_LOT_SOURCES = ['purchase', 'production', 'subcontract'] as const;
export type InspectionLotSource = (typeof INSPECTION_LOT_SOURCES)[number];

/**
 * `inspecting` until the readings are in; `awaiting-disposition` for the quality engineer; `awaiting-concession` while
 * a use-as-is waits for its second approver; `disposed` once the split posted; `released` when nothing was inspected
 * (a skip lot) and the stock went straight to available.
 */
export const INSPECTION_LOT_STATUSES = [
  'inspecting',
  'awaiting-disposition',
  'awaiting-concession',
  'disposed',
  'released',
] as const;
export type InspectionLotStatus = (typeof INSPECTION_LOT_STATUSES)[number];

export const INSPECTION_VERDICTS = ['accepted', 'rejected'] as const;
export type InspectionVerdict = (typeof INSPECTION_VERDICTS)[number];

/** What a quality engineer may do with part of a lot. */
export const DISPOSITION_KINDS = ['accepted', 'rework', 'rejected-return', 'rejected-scrap', 'use-as-is'] as const;
export type DispositionKind = (typeof DISPOSITION_KINDS)[number];

/**
 * The sampling decision as it was made when the lot opened: the facts the rules saw, the rule-set version and winning
 * rule, the rules it outranked and why they lost, and what the chosen policy meant for this lot (lotSample).
 */
export interface StoredSamplingDecision {
  facts: Record<string, unknown>;
  ruleSetId: number;
  ruleSetVersion: number;
  contentHash: string;
  rule: string | null;
  usedDefault: boolean;
  policy: Record<string, unknown>;
  outranked: Array<{ rule: string; priority: number; policy: Record<string, unknown>; lostBecause: string }>;
  /** The rule's reason (which policy and why) and the sample's reason (switching state, code letter, Ac/Re). */
  reason: string;
  sampleReason: string;
  /** `skip`, `inspect` or `hold` (inspection discontinued for the supplier). */
  result: 'skip' | 'inspect' | 'hold';
}

/**
 * One inspection lot: one received line of one receipt (stock lot codes repeat across items and deliveries, so the
 * lot has its own number `IL-000001` from a sequence). The stock waits in quarantine at `locationCode` until its
 * disposition posts. The supplier/item quality history (switching state, skip-lot) is read from these rows.
 */
export class InspectionLot {
  id!: number;
  lotNo!: string;
  /** The receipt line it was opened for (`<receipt workflow>:d<delivery>:<line>`): opening twice finds this lot. */
  sourceKey!: string;
  source!: InspectionLotSource;
  sourceDocument!: string;
  sourceLineNo!: number;
  deliveryNo: number | null = null;
  supplier: Supplier | null = null;
  item!: Item;
  stockLotCode: string | null = null;
  locationCode!: string;
  quantity!: number;
  plan: InspectionPlan | null = null;
  sampling!: StoredSamplingDecision;
  severity: string | null = null;
  sampleSize = 0;
  ac: number | null = null;
  re: number | null = null;
  status: InspectionLotStatus = 'inspecting';
  verdict: InspectionVerdict | null = null;
  nonconformingUnits: number | null = null;
  readingsBy: string | null = null;
  readingsAt: Date | null = null;
  workflowId!: string;
  createdBy!: string;
  createdAt: Date = new Date();
  readings = new Collection<InspectionReading>(this);
  dispositions = new Collection<InspectionDisposition>(this);
}

export const InspectionLotSchema = new EntitySchema<InspectionLot>({
  class: InspectionLot,
  tableName: 'inspection_lot',
  indexes: [{ properties: ['supplier', 'item'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    lotNo: { type: 'string', length: 16, unique: true },
    sourceKey: { type: 'string', length: 240, unique: true },
    source: { type: 'string', length: 16 },
    sourceDocument: { type: 'string', length: 40 },
    sourceLineNo: { type: 'number' },
    deliveryNo: { type: 'number', nullable: true },
    supplier: { kind: 'm:1', entity: () => Supplier, nullable: true },
    item: { kind: 'm:1', entity: () => Item, index: true },
    stockLotCode: { type: 'string', length: 40, nullable: true },
    locationCode: { type: 'string', length: 40 },
    quantity: { ...quantityColumn },
    plan: { kind: 'm:1', entity: () => InspectionPlan, nullable: true },
    sampling: { type: 'json' },
    severity: { type: 'string', length: 16, nullable: true },
    sampleSize: { type: 'number', default: 0 },
    ac: { type: 'number', nullable: true },
    re: { type: 'number', nullable: true },
    status: { type: 'string', length: 24, default: 'inspecting', index: true },
    verdict: { type: 'string', length: 12, nullable: true },
    nonconformingUnits: { type: 'number', nullable: true },
    readingsBy: { type: 'string', length: 64, nullable: true },
    readingsAt: { ...timestampColumn, nullable: true },
    workflowId: { type: 'string', length: 200 },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    readings: { kind: '1:m', entity: () => InspectionReading, mappedBy: 'lot', orderBy: { id: 'asc' } },
    dispositions: { kind: '1:m', entity: () => InspectionDisposition, mappedBy: 'lot', orderBy: { id: 'asc' } },
  },
});

/** One reading of one characteristic on one sample unit, judged against the pinned plan's limits. */
export class InspectionReading {
  id!: number;
  lot!: InspectionLot;
  characteristic!: string;
  /** Which unit of the sample (1-based); nonconforming units, not readings, are counted against Ac/Re. */
  sampleUnit = 1;
  value!: unknown;
  conforms!: boolean;
  judgement!: string;
}

export const InspectionReadingSchema = new EntitySchema<InspectionReading>({
  class: InspectionReading,
  tableName: 'inspection_reading',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    lot: { kind: 'm:1', entity: () => InspectionLot, deleteRule: 'cascade' },
    characteristic: { type: 'string', length: 40 },
    sampleUnit: { type: 'number', default: 1 },
    value: { type: 'json' },
    conforms: { type: 'boolean' },
    judgement: { type: 'string', length: 300 },
  },
});

/** One part of a lot's split: what happens to `quantity` of it, who decided, and (use-as-is) who approved. */
export class InspectionDisposition {
  id!: number;
  lot!: InspectionLot;
  kind!: DispositionKind;
  quantity!: number;
  decidedBy!: string;
  concessionBy: string | null = null;
  /** The document the goods left with: a supplier return number for rejected-return. */
  documentRef: string | null = null;
  createdAt: Date = new Date();
}

export const InspectionDispositionSchema = new EntitySchema<InspectionDisposition>({
  class: InspectionDisposition,
  tableName: 'inspection_disposition',
  checks: [{ name: 'inspection_disposition_positive', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    lot: { kind: 'm:1', entity: () => InspectionLot, deleteRule: 'cascade' },
    kind: { type: 'string', length: 16 },
    quantity: { ...quantityColumn },
    decidedBy: { type: 'string', length: 64 },
    concessionBy: { type: 'string', length: 64, nullable: true },
    documentRef: { type: 'string', length: 40, nullable: true },
    createdAt: { ...timestampColumn },
  },
});

/** A rejection's record: what was wrong, how much, whose goods, and what was done (return, scrap). */
export class Nonconformance {
  id!: number;
  lot!: InspectionLot;
  cause!: string;
  quantity!: number;
  supplier: Supplier | null = null;
  action!: string;
  createdBy!: string;
  createdAt: Date = new Date();
}

export const NonconformanceSchema = new EntitySchema<Nonconformance>({
  class: Nonconformance,
  tableName: 'nonconformance',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    lot: { kind: 'm:1', entity: () => InspectionLot, deleteRule: 'cascade', index: true },
    cause: { type: 'text' },
    quantity: { ...quantityColumn },
    supplier: { kind: 'm:1', entity: () => Supplier, nullable: true, index: true },
    action: { type: 'string', length: 24 },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});
