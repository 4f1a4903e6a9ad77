/** The MRP read API's shapes (api/planning/mrp-run-read-schemas.ts). */
export const MRP_RUN_STATUSES = [
  'queued',
  'calculating',
  'review',
  'approved',
  'rejected',
  'released',
  'superseded',
  'simulated',
  'failed',
] as const;

export interface MrpRunSummary {
  id: number;
  status: (typeof MRP_RUN_STATUSES)[number];
  simulation: boolean;
  asOf: string;
  bucketSize: 'day' | 'week';
  bucketCount: number;
  levelsDone: number;
  levelsTotal: number;
  items: number | null;
  plannedOrders: number | null;
  exceptions: number | null;
  problems: number | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface Peg {
  kind: string;
  ref: string;
  quantity: number;
  date: string;
}

export interface PlannedOrderRow {
  plannedRef: string;
  sku: string;
  itemName: string;
  type: 'purchase' | 'production' | 'subcontract';
  quantity: number;
  receiptDate: string;
  releaseDate: string;
  pastDue: boolean;
  status: string;
  pegs: Peg[];
  /** Why net change created or changed this suggestion after the run; null: as the run calculated it. */
  changeReason: string | null;
  /** The order release made of it; null until released. */
  document: PlannedOrderDocument | null;
}

/** A released suggestion's purchase or production order. */
export interface PlannedOrderDocument {
  kind: 'purchase-order' | 'production-order';
  number: string;
}

export interface ExceptionRow {
  kind: string;
  sku: string;
  ref: string;
  fromDate: string;
  toDate: string | null;
  quantity: number;
  message: string;
}

export interface MrpRunDetail {
  run: MrpRunSummary & {
    workflowId: string | null;
    lotSizing: { ruleSetCode: string; version: number } | null;
    beyondHorizon: number | null;
  };
  plannedOrders: PlannedOrderRow[];
  exceptions: ExceptionRow[];
  problems: { sku: string; reason: string; message: string }[];
}

export interface GridRow {
  bucket: number;
  gross: number;
  scheduledReceipts: number;
  expired: number;
  projectedOnHand: number;
  net: number;
  plannedReceipts: number;
  plannedReleases: number;
}

export interface MrpItemGrid {
  runId: number;
  sku: string;
  name: string;
  uom: string;
  source: string;
  lowLevelCode: number;
  leadTimeDays: number | null;
  safetyStock: number;
  lotSize: Record<string, unknown> | null;
  lotSizeReason: string | null;
  /** Why net change last re-planned the item after the run; null: as the run calculated it. */
  changeReason: string | null;
  changedAt: string | null;
  buckets: { index: number; start: string; end: string }[];
  rows: GridRow[];
  plannedOrders: PlannedOrderRow[];
  supplies: { ref: string; kind: string; sku: string; pegs: Peg[] }[];
  exceptions: ExceptionRow[];
}

export interface PegNode {
  depth: number;
  kind: string;
  ref: string;
  sku: string;
  quantity: number;
  date: string;
}

export interface PeggingTree {
  ref: string;
  kind: string;
  sku: string;
  up: PegNode[];
  down: PegNode[];
}
