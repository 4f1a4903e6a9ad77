import { defineQuery } from '@temporalio/workflow';

/** The process type recorded in search attributes and the process-instance projection. */
export const ORDER_FULFILLMENT = 'order-fulfillment';

/** Workflow ids are derived from the order number, so one order can never start two instances. */
export function orderFulfillmentWorkflowId(orderNumber: string): string {
  return `${ORDER_FULFILLMENT}:${orderNumber}`;
}

/** Input of the order-fulfillment workflow; the order itself lives in PostgreSQL. */
export interface OrderFulfillmentInput {
  orderNumber: string;
  /** Minutes before the pick task escalates. */
  pickSlaMinutes: number;
  /** The user who placed the order (recorded on audit entries the workflow writes). */
  requestedBy: string;
}

export type OrderFulfillmentStep =
  'reserving' | 'awaiting-pick' | 'shipping' | 'invoicing' | 'completed' | 'nothing-to-ship';

/** One reserved quantity of one lot in one location, as proposed to the picker. */
export interface ProposedPick {
  reservationId: number;
  locationCode: string;
  lotCode: string | null;
  expiryDate: string | null;
  quantity: number;
}

/** A rule-set version an instance pinned when it started; every decision it makes uses exactly this version. */
export interface RulePin {
  ruleSetId: number;
  ruleSetCode: string;
  version: number;
  contentHash: string;
}

/** Why a line was allocated as it was: the version, the rule that fired (null: the default policy) and the stored decision. */
export interface AllocationReason {
  ruleSetCode: string;
  version: number;
  rule: string | null;
  usedDefault: boolean;
  sortKeys: string[];
  partial: string;
  decisionId: number;
}

export interface ReservedLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
  picks: ProposedPick[];
  /** Quantity the policy leaves on backorder (0 when fully allocated). */
  backorder?: number;
  reason?: AllocationReason;
}

/** What reserving stock for an order produced: the customer (for the pick list) and each line's picks. */
export interface OrderReservation {
  customerCode: string;
  customerName: string;
  lines: ReservedLine[];
}

/** What the clerk confirms: the lots and quantities actually picked. */
export interface ConfirmedPick {
  lineNo: number;
  locationCode: string;
  lotCode: string | null;
  quantity: number;
}

export interface ShipmentResult {
  moveIds: number[];
  shippedByLine: Record<number, number>;
  status: 'shipped' | 'partially-shipped';
}

/** The live state the console shows on the instance page (via the `getState` query). */
export interface OrderFulfillmentState {
  orderNumber: string;
  step: OrderFulfillmentStep;
  customerCode: string | null;
  customerName: string | null;
  lines: ReservedLine[];
  /** Rule versions pinned at start (by rule-set type). */
  ruleVersions: Record<string, RulePin>;
  pickTaskId: string | null;
  pickedBy: string | null;
  shipment: ShipmentResult | null;
  invoice: InvoiceResult | null;
}

/** The customer invoice posted for what shipped (receivable / revenue). */
export interface InvoiceResult {
  invoiceNumber: string;
  amount: number;
  journalEntryId: number | null;
}

export const getOrderStateQuery = defineQuery<OrderFulfillmentState>('getState');

/** The pick task's completion payload, as the console sends it. */
export interface PickConfirmationPayload {
  picks: ConfirmedPick[];
}
