/**
 * The production order's human tasks as the workflow sends them (workflows/production-order/production-order.contract.ts)
 * and what each completes with. Everything beyond the completion's own fields is optional context.
 */

/** Context every production task carries; `refusal` is the reason the last report was refused (the task re-opened). */
export interface ProductionTaskContext {
  orderNumber?: string;
  itemSku?: string;
  itemName?: string;
  quantity?: number;
  warehouseCode?: string;
  refusal?: string | null;
}

export interface KitPick {
  lineNo: number;
  sku?: string;
  location: string;
  lotCode: string | null;
  quantity: number;
  expiresOn?: string | null;
}

/** `production-kit-pick`: the picks the reservation proposes. */
export interface KitPickPayload extends ProductionTaskContext {
  picks: KitPick[];
  short?: { lineNo: number; sku: string; short: number }[];
}

export interface KitPickCompletion {
  picks: { lineNo: number; location: string; lotCode: string | null; quantity: number }[];
}

/**
 * `production-operation`: one routing operation's report. `good` and `scrap` are what it reported so far (a partial
 * report re-opens the task); `open` is what it may still report (received minus reported).
 */
export interface OperationPayload extends ProductionTaskContext {
  seq: number;
  description?: string;
  workCentreCode?: string;
  /** What the previous operation passed on (the first: the order quantity). */
  received?: number;
  good?: number;
  scrap?: number;
  open: number;
}

export interface OperationCompletion {
  good: number;
  scrap: number;
  labourHours: number;
}

/** `production-completion`: the finished goods received into stock; `available` is finished and not yet received. */
export interface CompletionPayload extends ProductionTaskContext {
  available: number;
}

export interface CompletionCompletion {
  good: number;
  toLocation: string;
}

/** `production-overdue`: the planner's task when the order is past its due date with work open. */
export interface OverduePayload extends ProductionTaskContext {
  orderNumber: string;
  dueDate: string;
  step?: string;
  completedQuantity?: number;
}
