import { defineQuery, defineSignal } from '@temporalio/workflow';

/** The process type recorded in search attributes and the process-instance projection. */
export const PRODUCTION_ORDER = 'production-order';

/** Workflow ids follow the order number, so one production order can never start two processes. */
export function productionOrderWorkflowId(orderNumber: string): string {
  return `${PRODUCTION_ORDER}:${orderNumber}`;
}

/** Input of the production-order workflow; the order itself lives in PostgreSQL (production_order). */
export interface ProductionOrderInput {
  orderNumber: string;
  /** Minutes before a clerk's task (kit pick, operation, completion) escalates. */
  taskSlaMinutes: number;
  requestedBy: string;
  /** Minutes between renewals of the kit's reservations while its pick task waits (default 6 hours). */
  reservationRenewMinutes?: number;
}

/**
 * How a component reaches the order: picked as a kit before work starts, merged (one pick task for several orders of
 * the warehouse, then distributed: workflows/merged-issue), or backflushed.
 */
export type IssueMode = 'kit' | 'merged' | 'backflush';
/** What a short kit component does: the order waits for stock, or goes on with what is there. */
export type WhenShort = 'wait' | 'release-partial';

export type ProductionOrderStep =
  | 'releasing'
  | 'released'
  | 'reserving'
  | 'awaiting-stock'
  | 'kit-pick'
  | 'issuing'
  | 'merged-issue'
  | 'operations'
  | 'completion'
  | 'closing'
  | 'closed'
  | 'cancelling'
  | 'cancelled';

// ---- activity contracts (activities/production, createProductionActivities) ----

/** Refusal types the activities throw as non-retryable ApplicationFailures; the workflow re-opens the task with the message. */
export const PRODUCTION_REFUSAL = {
  release: 'RELEASE_REFUSED',
  issue: 'ISSUE_REFUSED',
  report: 'REPORT_REFUSED',
} as const;

/** Every activity of a production order carries the workflow id (runOnce keys) and the order number. */
export interface ProductionOrderRef {
  workflowId: string;
  orderNumber: string;
}

/** One component row as released (phantoms already passed through, skip-level). */
export interface ReleasedComponent {
  lineNo: number;
  sku: string;
  /** Order qty x quantity per x (1 + scrap %), rounded to 0.001. */
  required: number;
  mode: IssueMode;
  whenShort: WhenShort;
}

/** One routing operation as released. */
export interface ReleasedOperation {
  seq: number;
  workCentreCode: string;
  description: string;
}

/** `releaseProductionOrder` result: the order with its pinned BOM/routing exploded into rows. */
export interface ReleasedOrder {
  orderNumber: string;
  itemSku: string;
  quantity: number;
  /** ISO date (YYYY-MM-DD): past it with work open, the planner gets an escalation task. */
  dueDate: string;
  /** The warehouse the order issues from (its merged lines join that warehouse's batch); absent in older runs. */
  warehouseCode?: string;
  components: ReleasedComponent[];
  /** In seq order. */
  operations: ReleasedOperation[];
}

/** `reserveKit` input: `round` counts the attempts (1, 2, ...) so each is its own runOnce. */
export interface ReserveKitInput extends ProductionOrderRef {
  round: number;
}

/** What a kit component still lacks after allocation. */
export interface KitShortage {
  lineNo: number;
  sku: string;
  short: number;
}

/** One reserved place of a kit component: the order's open (reserved, not yet issued) stock to pick. */
export interface KitPick {
  lineNo: number;
  sku: string;
  location: string;
  lotCode: string | null;
  quantity: number;
  expiresOn: string | null;
}

/** `reserveKit` result. `picks` lists ALL the order's open reservations (not only this round's). */
export interface KitReservation {
  complete: boolean;
  short: KitShortage[];
  picks: KitPick[];
}

/** One pick the clerk confirms (the kit-pick task's completion payload carries a list of them as `picks`). */
export interface KitIssuePick {
  lineNo: number;
  location: string;
  lotCode: string | null;
  quantity: number;
}

export interface IssueKitInput extends ProductionOrderRef {
  /** The kit round the picks were reserved in (a partially released kit is issued again in a later round). */
  round?: number;
  picks: KitIssuePick[];
  userName: string;
}

/**
 * The order's cost so far, per element, from production_cost (currency units). material = material + backflush
 * − return; completed = value received into stock (positive); variance = what close/cancel sent to 5500.
 */
export interface ProductionCost {
  material: number;
  labour: number;
  overhead: number;
  completed: number;
  variance: number;
  /** sum(amount): what the order still holds in 1400 WIP. */
  wip: number;
}

/** `issueKit` result. */
export interface IssueResult {
  issued: Array<{ lineNo: number; quantity: number; value: number }>;
  /** Whether every kit/merged component is now fully issued. */
  kitComplete: boolean;
  cost: ProductionCost;
}

export interface ReportOperationInput extends ProductionOrderRef {
  /** The human task the report came from (production_report.task_id: a retried report never counts twice). */
  taskId: string;
  seq: number;
  good: number;
  scrap: number;
  labourHours: number;
  userName: string;
  /** ISO timestamp; the work centre's rates valid on this date apply. */
  reportedAt: string;
}

/** `reportOperation` result: the operation's totals after this report. */
export interface OperationReported {
  seq: number;
  /** What the previous operation passed on (first operation: the order quantity). */
  received: number;
  good: number;
  scrap: number;
  /** good + scrap = received: the operation's task does not re-open. */
  done: boolean;
  backflushed: Array<{ lineNo: number; sku: string; quantity: number; value: number }>;
  cost: ProductionCost;
}

export interface CompleteProductionOrderInput extends ProductionOrderRef {
  taskId: string;
  good: number;
  toLocation: string;
  userName: string;
  reportedAt: string;
  /**
   * Quality gate (issue 16): finished goods of an item with an inspection plan in effect land in quarantine. Absent
   * on instances started before the gate (`production-quality-gate`): they receive everything as available.
   */
  qualityGate?: boolean;
}

/** `completeProductionOrder` result. */
export interface CompletionReceived {
  good: number;
  value: number;
  /** production_order.completed_quantity after this receipt. */
  completedQuantity: number;
  /** Status turned 'completed': nothing more to receive. */
  completed: boolean;
  cost: ProductionCost;
  /** Where the goods landed: quarantine when the quality gate holds them for inspection (absent in older runs). */
  stockStatus?: 'available' | 'quarantine';
  /** The order's completions so far, this one included: the completion number (absent in older runs). */
  completionNo?: number;
  /** The receipt move's idempotency key: an inspection lot opened for this completion is found by it. */
  receiptKey?: string;
  toLocation?: string;
  /** The finished goods' stock lot (the order number for a lot-tracked item), else null. */
  lotCode?: string | null;
  /** ISO date of the receipt: the inspection plan in effect that day applies. */
  receivedOn?: string;
}

export interface CloseProductionOrderInput extends ProductionOrderRef {
  userName: string;
}

export interface CancelProductionOrderInput extends ProductionOrderRef {
  reason: string;
  userName: string;
}

/** `productionOrdersAwaitingStock` input (the purchase receipt's wake-up): workflow ids of orders waiting for these items. */
export interface AwaitingStockInput {
  itemSkus: string[];
}

/**
 * The production activities as the workflow calls them (createProductionActivities must satisfy this): every one
 * runOnce-keyed by workflow id (+ round / task id), refusals as non-retryable ApplicationFailures of the
 * PRODUCTION_REFUSAL types.
 */
export interface ProductionActivities {
  releaseProductionOrder(input: ProductionOrderRef): Promise<ReleasedOrder>;
  reserveKit(input: ReserveKitInput): Promise<KitReservation>;
  /** Pushes the expiry of the order's kit reservations out again (the pick task waits); returns how many. */
  renewKitReservations(input: ProductionOrderRef): Promise<number>;
  issueKit(input: IssueKitInput): Promise<IssueResult>;
  reportOperation(input: ReportOperationInput): Promise<OperationReported>;
  completeProductionOrder(input: CompleteProductionOrderInput): Promise<CompletionReceived>;
  closeProductionOrder(input: CloseProductionOrderInput): Promise<ProductionCost>;
  cancelProductionOrder(input: CancelProductionOrderInput): Promise<ProductionCost>;
  productionOrdersAwaitingStock(input: AwaitingStockInput): Promise<string[]>;
}

// ---- workflow surface ----

/** The `cancel` signal: accepted until the order is completed; issued material goes back to stock. */
export interface ProductionCancelRequest {
  reason: string;
  by: string;
}
export const cancelProductionOrderSignal = defineSignal<[ProductionCancelRequest]>('cancel');

/** The `dueDateChanged` signal: the planner rescheduled the order (PATCH dueDate); the overdue escalation follows. */
export interface DueDateChange {
  /** ISO date (YYYY-MM-DD), as stored on production_order.due_date. */
  dueDate: string;
}
export const dueDateChangedSignal = defineSignal<[DueDateChange]>('dueDateChanged');

/** An operation as the workflow tracks it. */
export interface ProductionOperationState extends ReleasedOperation {
  received: number;
  good: number;
  scrap: number;
  done: boolean;
}

/** The live state the console shows (via the `getState` query). */
export interface ProductionOrderState {
  orderNumber: string;
  step: ProductionOrderStep;
  components: ReleasedComponent[];
  operations: ProductionOperationState[];
  /** Kit components still short (empty when none). */
  short: KitShortage[];
  cost: Omit<ProductionCost, 'wip'>;
  completedQuantity: number;
  /** The open clerk task, if any. */
  taskId: string | null;
  /** The due date passed with work open: the planner got a task. */
  escalated: boolean;
  cancelReason: string | null;
  /** The merged lines' batch, once the order joined one (absent for orders without merged lines). */
  merged?: MergedLinesState | null;
  /** Inspection lots opened for completions held in quarantine by the quality gate (absent before the gate). */
  inspectionLots?: string[];
}

/** Where the order's merged lines are: waiting in a gathering batch, being picked, issued (or refused / withdrawn). */
export interface MergedLinesState {
  warehouseCode: string;
  /** The batch's id once its pick task opened (null while the batch gathers). */
  batchId: string | null;
  status: 'waiting' | 'picking' | 'issued' | 'refused' | 'withdrawn';
  refusal: string | null;
}

export const getProductionOrderStateQuery = defineQuery<ProductionOrderState>('getState');

// ---- task payloads (what the clerk's completion carries) ----

/** `production-kit-pick` completion payload. */
export interface KitPickPayload {
  picks: KitIssuePick[];
}

/** `production-operation` completion payload. */
export interface OperationReportPayload {
  good: number;
  scrap: number;
  labourHours: number;
}

/** `production-completion` completion payload. */
export interface CompletionReportPayload {
  good: number;
  toLocation: string;
}
