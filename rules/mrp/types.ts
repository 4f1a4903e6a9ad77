import type { BomLookup, BomView } from '../manufacturing/types';

/** How the horizon is cut: daily or weekly buckets from the run's date. */
export interface Bucketing {
  size: 'day' | 'week';
  /** The first bucket's first day (ISO date, the run's date): anything dated earlier is past due, in bucket 0. */
  start: string;
  /** Number of buckets in the horizon (>= 1). */
  count: number;
}

/** One bucket of the horizon: [start, end) as ISO dates. */
export interface Bucket {
  index: number;
  start: string;
  end: string;
}

/** Where a planned order comes from: the item's make / buy / subcontract choice. */
export type PlanningSource = 'make' | 'buy' | 'subcontract';

/**
 * How a net requirement becomes an order quantity (decided per item by the `lot-sizing` rules before planning):
 * lot-for-lot; a fixed quantity (as many lots as it takes); a minimum, rounded up to a multiple, orders split at a
 * maximum; or a period order quantity covering the net requirements of `periods` buckets.
 */
export type LotSizePolicy =
  | { kind: 'lot-for-lot' }
  | { kind: 'fixed'; quantity: number }
  | { kind: 'min-max'; minimum?: number; multiple?: number; maximum?: number }
  | { kind: 'period-order'; periods: number };

/** An item as planning sees it. */
export interface PlanningItem {
  sku: string;
  source: PlanningSource;
  /** Days from release to receipt (item-supplier record for bought items, the item for made ones); null: unknown. */
  leadTimeDays: number | null;
  /** Kept on hand in every bucket: net requirements are computed against it. */
  safetyStock: number;
  lotSize: LotSizePolicy;
  /** The item-supplier minimum order quantity and multiple, applied after the lot-sizing policy (bought items). */
  supplierMinimum?: number;
  supplierMultiple?: number;
}

/**
 * Independent demand, the demand of released production orders' components not yet issued, of open subcontract
 * orders' components of ours not yet sent to the subcontractor, and a simulation's hypothetical demand (`what-if`,
 * never consumed by sales orders as a forecast is).
 */
export type DemandKind = 'sales-order' | 'forecast' | 'production-component' | 'subcontract-component' | 'what-if';
/** What a planned order or a supply can be pegged to. */
export type PegKind = DemandKind | 'dependent' | 'safety-stock' | 'lot-size-remainder';

export interface Demand {
  /** The source line: `SO-000123/2`, `FC-17`, `MO-000004/3`, `SC-000005/1`. Unique per kind. */
  ref: string;
  kind: DemandKind;
  sku: string;
  /** Requested date (ISO). */
  date: string;
  quantity: number;
}

export type SupplyKind = 'on-hand' | 'purchase-order' | 'production-order' | 'subcontract-order' | 'transit';

export interface Supply {
  /**
   * The source: a lot `LOT-7@MAIN`, a purchase-order line `PO-000012/1`, a production order `MO-000004`, a
   * subcontract order `SC-000005`, a transfer in transit between warehouses `TR-000003` (db/planning/transit-supply.ts).
   */
  ref: string;
  kind: SupplyKind;
  sku: string;
  /** When it is (or is due to be) available (ISO); on hand: the run's date. */
  date: string;
  /** Free quantity: reservations already deducted. */
  quantity: number;
  /** A lot that expires on this date is not available to demand on or after it. */
  expiresOn?: string | null;
}

export interface MrpInput {
  buckets: Bucketing;
  items: ReadonlyArray<PlanningItem>;
  bom: BomLookup;
  demands: ReadonlyArray<Demand>;
  supplies: ReadonlyArray<Supply>;
}

/** One bucket of the classic MRP grid of an item. */
export interface GridRow {
  bucket: number;
  gross: number;
  /** Existing supply counted in this bucket (on hand is the opening balance, not a receipt). */
  scheduledReceipts: number;
  /** Lots that expire in this bucket: no longer available from its start. */
  expired: number;
  /** Opening on hand (bucket 0) or the previous bucket's, + receipts + planned receipts - gross - expired. */
  projectedOnHand: number;
  net: number;
  plannedReceipts: number;
  plannedReleases: number;
}

/** A share of a supply (planned or existing) serving one demand. */
export interface Peg {
  kind: PegKind;
  /** The demand's ref; for `dependent`, the parent's planned order id; for the rest, the item's sku. */
  ref: string;
  quantity: number;
  /** The date the demand needs it (ISO). */
  date: string;
}

export interface PlannedOrder {
  /** Deterministic: `<sku>/<bucket>/<n>`. */
  id: string;
  sku: string;
  type: 'purchase' | 'production' | 'subcontract';
  quantity: number;
  bucket: number;
  receiptDate: string;
  releaseDate: string;
  /** The release date lies before the run's date: the order is already late when planned. */
  pastDue: boolean;
  /** The demands it serves; the quantities add up to `quantity`. */
  pegs: Peg[];
}

/** What an existing supply serves (on hand, scheduled receipts): the other half of the pegging chain. */
export interface SupplyPegging {
  ref: string;
  kind: SupplyKind;
  sku: string;
  pegs: Peg[];
}

export type ExceptionKind = 'expedite' | 'defer' | 'cancel' | 'past-due-release' | 'past-due-demand';

export interface ExceptionMessage {
  kind: ExceptionKind;
  sku: string;
  /** The supply, planned order or demand it concerns. */
  ref: string;
  /** The date as it stands and the date it should move to (expedite, defer). */
  fromDate: string;
  toDate: string | null;
  quantity: number;
  message: string;
}

/** An item the run could not plan, with the reason (the run finishes; the planner sees the list). */
export interface PlanningProblem {
  sku: string;
  reason: 'unknown-lead-time' | 'no-bom' | 'unknown-item';
  message: string;
}

/**
 * What an item was netted from besides its parents' planned orders: its independent demand (sales orders, forecasts
 * as consumed, released orders' components, what-if demand) and its existing supply. Stored with the item's plan, so
 * its pegging can be derived again when read (the parents' dependent demand comes from their stored orders).
 */
export interface ItemInputs {
  demands: Array<{ ref: string; kind: PegKind; date: string; quantity: number }>;
  supplies: Array<Omit<Supply, 'sku'>>;
  /** The item as the run planned it (lot size decided) and its BOM with the phantom BOMs under it: net change re-nets it from these alone. */
  item?: PlanningItem;
  boms?: BomView[];
}

export interface ItemPlan {
  sku: string;
  lowLevelCode: number;
  source: PlanningSource;
  safetyStock: number;
  rows: GridRow[];
  inputs: ItemInputs;
}

export interface MrpPlan {
  buckets: Bucket[];
  items: ItemPlan[];
  plannedOrders: PlannedOrder[];
  supplies: SupplyPegging[];
  exceptions: ExceptionMessage[];
  problems: PlanningProblem[];
  /** Demands dated after the horizon's end: not planned, counted so the planner knows. */
  beyondHorizon: number;
}
