import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RulePin } from '../order-fulfillment/order-fulfillment.contract';

/** The process type recorded in search attributes and the process-instance projection. */
export const PURCHASE_RECEIPT = 'purchase-receipt';

/** Workflow ids are derived from the PO number, so one purchase order can never start two receipts. */
export function purchaseReceiptWorkflowId(orderNumber: string): string {
  return `${PURCHASE_RECEIPT}:${orderNumber}`;
}

/** Input of the purchase-receipt workflow; the purchase order itself lives in PostgreSQL. */
export interface PurchaseReceiptInput {
  orderNumber: string;
  /** Minutes before the goods-receipt task escalates. */
  receiptSlaMinutes: number;
  /** Minutes before the putaway task escalates. */
  putawaySlaMinutes: number;
  /** The user who placed the purchase order. */
  requestedBy: string;
}

export type PurchaseReceiptStep =
  'awaiting-receipt' | 'receiving' | 'awaiting-putaway' | 'putting-away' | 'closing-short' | 'completed';

/** One purchase-order line as the receiving clerk sees it (the goods-receipt task payload). */
export interface ReceiptTaskLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  lotTracked: boolean;
  shelfLifeDays: number | null;
  orderedQuantity: number;
  unitCost: number;
  /** Received by earlier deliveries, net of returns (absent on instances from before deliveries). */
  receivedQuantity?: number;
  /** Still to come: ordered - received, never below 0. */
  openQuantity?: number;
  /** The most this delivery may bring: ordered + over-delivery tolerance - received. Absent: the ordered quantity. */
  maxQuantity?: number;
  /** When the supplier is to deliver the line (YYYY-MM-DD). */
  dueDate?: string;
  /** The near-expiry actions the pinned expiry rules give this item (absent on instances started before them). */
  expiry?: LineExpiryRule;
}

/** A near-expiry action of the expiry policy: due when a lot has at most `withinDays` left. */
export interface ExpiryActionRule {
  withinDays: number;
  action: 'alert' | 'discount' | 'scrap-task';
  discountPercent?: number;
}

/** What the pinned expiry rules decided for one line's item: the rule that fired (null: the default) and its actions. */
export interface LineExpiryRule {
  rule: string | null;
  actions: ExpiryActionRule[];
}

/**
 * How a lot stands on arrival, relative to the receipt date: past its expiry (it lands blocked), inside a near-expiry
 * window (the policy's action applies), or neither (null).
 */
export type ExpiryFlag = 'expired' | 'near-expiry';

/** The purchase order as the workflow needs it: header, lines, the dock and the bins stock may go to. */
export interface PurchaseOrderForReceipt {
  orderNumber: string;
  supplierCode: string;
  supplierName: string;
  warehouseCode: string;
  /** Where goods arrive: the warehouse's location with the lowest pick sequence. */
  dockLocation: string;
  /** Every other location of the warehouse; putaway may only name these. */
  putawayLocations: string[];
  lines: ReceiptTaskLine[];
  /** The expiry rule-set version pinned for this receipt (null: none published; absent on older instances). */
  expiryRules?: RulePin | null;
  /** The first day a receipt may be dated (the day after the latest closed period), or null when none is closed. */
  receiptOpenFrom?: string | null;
  /** The order's status as loaded (read per delivery; absent on older instances, which only load open orders). */
  status?: string;
  /** The number the next delivery gets (1, 2, ...; never reused). */
  deliveryNo?: number;
  /** Over-delivery allowed per line, percent of its ordered quantity. */
  overDeliveryTolerancePercent?: number;
}

/** What the clerk records per received line (lines not received are left out: a partial receipt). */
export interface ReceivedLineInput {
  lineNo: number;
  quantity: number;
  lotCode?: string;
  /** YYYY-MM-DD */
  manufacturedOn?: string;
  /** YYYY-MM-DD; defaults to manufacturedOn + the item's shelf life. */
  expiresOn?: string;
}

/** The goods-receipt task's completion payload, as the console sends it. */
export interface GoodsReceiptPayload {
  lines: ReceivedLineInput[];
  /** When the goods arrived (ISO date-time); defaults to the completion time, never in the future. */
  receivedAt?: string;
}

/** One received line as posted: at the dock, with the lot's actual dates and the posting's value. */
export interface ReceivedLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
  lotCode: string | null;
  manufacturedOn: string | null;
  expiresOn: string | null;
  moveId: number;
  value: number;
  journalEntryId: number | null;
  /** How the lot stood on arrival (absent on receipts recorded before expiry was checked on arrival). */
  expiryFlag?: ExpiryFlag | null;
  /** The near-expiry action that applies (alert, discount, scrap task), or null. */
  expiryAction?: ExpiryActionRule | null;
  /** Where the stock landed: `blocked` for an expired lot, `quarantine` awaiting inspection, else `available`. */
  stockStatus?: 'available' | 'blocked' | 'quarantine';
  /** The stored expiry decision (facts, fired rules, result, pinned version), when a lot was assessed. */
  decisionId?: number | null;
}

export interface ReceiptResult {
  dockLocation: string;
  lines: ReceivedLine[];
  /** When the goods arrived: the receipt's effective time (absent on older receipts, posted when recorded). */
  receivedAt?: string;
  /** Re-valuation jobs the backdated receipt queued (too many later postings to re-value inline). */
  revaluationJobIds?: number[];
  /** Which delivery this was (absent on single-receipt instances). */
  deliveryNo?: number;
  /** The order's status after it: `partly-received` or `received`. */
  orderStatus?: string;
}

/** The putaway task's payload: what lies at the dock and where it may go. */
export interface PutawayTaskPayload {
  orderNumber: string;
  warehouseCode: string;
  dockLocation: string;
  lines: ReceivedLine[];
  locations: string[];
}

export interface PutawayInstruction {
  lineNo: number;
  toLocation: string;
}

/** The putaway task's completion payload: one bin per received line. */
export interface PutawayPayload {
  lines: PutawayInstruction[];
}

export interface PutawayResult {
  moves: Array<{ lineNo: number; fromLocation: string; toLocation: string; quantity: number; moveId: number }>;
}

/** The live state the console shows on the instance page (via the `getState` query). */
export interface PurchaseReceiptState {
  orderNumber: string;
  step: PurchaseReceiptStep;
  supplierCode: string | null;
  supplierName: string | null;
  warehouseCode: string | null;
  dockLocation: string | null;
  lines: ReceiptTaskLine[];
  receiptTaskId: string | null;
  receivedBy: string | null;
  receipt: ReceiptResult | null;
  putawayTaskId: string | null;
  putAwayBy: string | null;
  putaway: PutawayResult | null;
  /** Every delivery this run posted and put away, in order (absent on instances from before deliveries). */
  deliveries?: Array<{ deliveryNo: number; receivedBy: string; receipt: ReceiptResult; putaway: PutawayResult | null }>;
  /** Set when the order was closed short: why and by whom. */
  closedShort?: CloseShortRequest | null;
}

/** A request to close the order short: the supplier will not deliver what is still open. */
export interface CloseShortRequest {
  reason: string;
  closedBy: string;
}

/** Sent by `POST /api/purchase-orders/:n/close`: the open receipt task is withdrawn and the order closed short. */
export const closeShortSignal = defineSignal<[CloseShortRequest]>('closeShort');

/** Lines whose received quantity a supplier return lowered (the supplier will replace the goods). */
export interface QuantityReopened {
  lines: Array<{ lineNo: number; quantity: number }>;
}

/** Sent after a supplier return reopened open quantity: the receipt's limits widen (see contract-A / A2). */
export const quantityReopenedSignal = defineSignal<[QuantityReopened]>('quantityReopened');

export const getPurchaseReceiptStateQuery = defineQuery<PurchaseReceiptState>('getState');
