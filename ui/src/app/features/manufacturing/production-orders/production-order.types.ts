/**
 * The production order API's shapes (issue 13, second slice: /api/production-orders, api/manufacturing/production-orders
 * zod schemas). Fields the API may leave out are optional so an older server still renders.
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
  itemName?: string;
  quantity: number;
  completedQuantity: number;
  warehouseCode: string;
  dueDate: string;
  startDate: string;
  priority: number;
  status: ProductionStatus;
  createdBy: string;
  createdAt: string;
}

export interface CreateProductionOrderRequest {
  itemSku: string;
  quantity: number;
  dueDate: string;
  startDate?: string;
  warehouseCode?: string;
  priority?: number;
  note?: string;
}

export interface CreateProductionOrderResponse {
  number: string;
  workflowId?: string;
  status?: string;
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
  itemSku: string;
  itemName?: string;
  uom?: string;
  viaPhantomSku: string | null;
  quantityPer: number;
  required: number;
  issued: number;
  backflushed: number;
  returned: number;
  mode: 'kit' | 'merged' | 'backflush';
  whenShort: 'wait' | 'release-partial';
  operationSeq: number | null;
  issueNote: string | null;
  decision: IssueDecision | null;
}

export interface ProductionOperation {
  seq: number;
  workCentreCode: string;
  workCentreName?: string;
  description: string;
  good: number;
  scrap: number;
  labourHours: number;
  status: 'open' | 'done';
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
  kind: string;
  operationSeq?: number | null;
  componentLineNo?: number | null;
  quantity?: number | null;
  goodQuantity?: number | null;
  scrapQuantity?: number | null;
  labourHours?: number | null;
  amount?: number | null;
  by?: string | null;
  text?: string | null;
}

export interface ProductionOrderDetail extends ProductionOrderSummary {
  workflowId?: string;
  uom?: string;
  scrappedQuantity: number;
  bomVersion: number | null;
  routingVersion: number | null;
  issueRules?: { ruleSetCode: string; version: number } | null;
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
