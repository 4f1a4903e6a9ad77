/**
 * The production order API's shapes (issue 13, second slice: /api/production-orders, api/manufacturing/production-orders
 * production-order-schemas.ts).
 */

export const PRODUCTION_STATUSES = [
  'created',
  'released',
  'awaiting-stock',
  'in-progress',
  'completed',
  'closed',
  'cancelled',
] as const;
export type ProductionStatus = (typeof PRODUCTION_STATUSES)[number];

/** Statuses a cancel is still accepted in (before completion). */
export const CANCELLABLE: readonly string[] = ['created', 'released', 'awaiting-stock', 'in-progress'];

/** A row of GET /api/production-orders. */
export interface ProductionOrderSummary {
  number: string;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
  completedQuantity: number;
  scrappedQuantity: number;
  warehouseCode: string;
  dueDate: string;
  startDate: string;
  priority: number;
  status: ProductionStatus;
  /** The pinned versions; null until release. */
  bomVersion: number | null;
  routingVersion: number | null;
  /** The customer it is made for (who supplies its customer-supplied components); null: made for stock. */
  customerCode?: string | null;
  customerName?: string | null;
  createdBy: string;
  createdAt: string;
  workflowId: string;
}

export interface CreateProductionOrderRequest {
  itemSku: string;
  quantity: number;
  dueDate: string;
  startDate?: string;
  warehouseCode?: string;
  priority?: number;
  note?: string;
  /** Required when the item's BOM has a customer-supplied line. */
  customerCode?: string;
}

export interface CreateProductionOrderResponse {
  number: string;
  workflowId: string;
  status: 'created';
}

/** A kit component the order's workflow found short (its live state). */
export interface KitShortage {
  lineNo: number;
  sku: string;
  short: number;
}

/** Why a component is issued the way it is: the `material-issue` rule version that decided it. */
export interface IssueDecision {
  id: number;
  ruleSetCode: string;
  version: number;
  reason: string;
}

export interface ProductionComponent {
  lineNo: number;
  sku: string;
  name: string;
  uom: string;
  viaPhantomSku: string | null;
  quantityPer: number;
  scrapPercent: number;
  required: number;
  issued: number;
  backflushed: number;
  returned: number;
  issuedValue: number;
  mode: string;
  whenShort: string;
  operationSeq: number | null;
  issueNote: string | null;
  /** 'customer': the order's customer's material, issued at no value. */
  provision?: 'ours' | 'customer';
  /** Whose material a customer-supplied component is; null: ours. */
  customerCode?: string | null;
  decision: IssueDecision | null;
}

export interface ProductionOperation {
  seq: number;
  workCentreCode: string;
  workCentreName: string;
  description: string;
  setupHours: number;
  runHoursPerUnit: number;
  good: number;
  scrap: number;
  labourHours: number;
  status: string;
  /** good / order quantity, 0..1. */
  progress: number;
}

/** Cost so far, per element; wip = what the order still holds (0 once closed). */
export interface ProductionCost {
  material: number;
  labour: number;
  overhead: number;
  completed: number;
  variance: number;
  wip: number;
}

/** One event of the order's timeline (a report or a cost posting). */
export interface ProductionTimelineRow {
  at: string;
  /** A report (operation, completion) or a cost (material, backflush, labour, overhead, completion, return, variance). */
  kind: string;
  operationSeq: number | null;
  componentLineNo: number | null;
  quantity: number | null;
  good: number | null;
  scrap: number | null;
  labourHours: number | null;
  /** Into WIP (+) or out of it (-); null for a report. */
  amount: number | null;
  journalEntryId: number | null;
  by: string;
}

export interface ProductionOrderDetail extends ProductionOrderSummary {
  issueRules: { ruleSetId: number; ruleSetCode: string; version: number; contentHash: string } | null;
  note: string | null;
  releasedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  components: ProductionComponent[];
  operations: ProductionOperation[];
  cost: ProductionCost;
  reports: ProductionTimelineRow[];
}

/** A customer to make an order for (GET /api/customers). */
export interface CustomerOption {
  code: string;
  name: string;
}
