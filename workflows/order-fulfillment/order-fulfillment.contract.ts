import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

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
  /** Minutes before the pack and ship tasks escalate (default: the pick SLA). */
  dispatchSlaMinutes?: number;
  /** How long a controller has to approve a credit hold before the order is cancelled (default 3 days). */
  creditApprovalMinutes?: number;
  /** How long a backordered remainder waits for stock before it is cancelled (default 30 days). */
  backorderTimeoutMinutes?: number;
  /** How often reservations are renewed while the order waits for a clerk (default 6 hours). */
  reservationRenewMinutes?: number;
}

/** Defaults for the optional timings, in minutes. */
export const FULFILLMENT_DEFAULTS = {
  creditApprovalMinutes: 3 * 24 * 60,
  backorderTimeoutMinutes: 30 * 24 * 60,
  reservationRenewMinutes: 6 * 60,
} as const;

export type OrderFulfillmentStep =
  | 'credit-check'
  | 'credit-hold'
  | 'reserving'
  | 'awaiting-pick'
  | 'awaiting-pack'
  | 'awaiting-ship'
  | 'shipping'
  | 'invoicing'
  | 'backordered'
  | 'cancelling'
  | 'completed'
  | 'cancelled'
  | 'credit-rejected'
  | 'nothing-to-ship';

/** Steps after which the order can no longer be cancelled or changed (stock has left the building). */
export const FINAL_STEPS: readonly OrderFulfillmentStep[] = [
  'shipping',
  'invoicing',
  'completed',
  'cancelled',
  'cancelling',
  'credit-rejected',
  'nothing-to-ship',
];

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
  /** SHA-256 of the version's canonical content: what the decision ran under, checkable against the version. */
  contentHash?: string;
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
  /** Shipped so far (earlier dispatches of this order). */
  shipped?: number;
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

/** Picked stock waiting at the warehouse's dock (staging) for packing and shipping. */
export interface StagedPick {
  lineNo: number;
  itemSku: string;
  lotCode: string | null;
  /** Where it was picked from: a cancellation puts it back here. */
  fromLocation: string;
  stagingLocation: string;
  quantity: number;
}

/** What a pick confirmation did: stock moved to staging, and shortfalls held for a count. */
export interface PickOutcome {
  staged: StagedPick[];
  short: Array<{ lineNo: number; locationCode: string; lotCode: string | null; quantity: number }>;
}

/** The credit decision: the rule version that decided, the rule that fired and the figures it saw. */
export interface CreditDecision {
  action: 'pass' | 'hold';
  reason: string;
  ruleSetCode: string | null;
  version: number | null;
  rule: string | null;
  decisionId: number | null;
  exposureAfter: number;
  creditLimit: number;
  overdueAmount: number;
  /** Set once a held order is approved, rejected or timed out. */
  resolution?: { outcome: 'approved' | 'rejected' | 'timed-out'; by: string | null; comment: string | null };
}

/** One package of a shipment, as the packer records it. */
export interface PackageRecord {
  packageNo: string;
  weightKg: number;
  /**
   * The dock (staging location) the package is packed at: one warehouse's stock per package, so stock staged at
   * two warehouses ships as two shipments. Required when the order is staged at more than one dock.
   */
  dock?: string;
  contents: Array<{ lineNo: number; quantity: number }>;
}

/** One dispatch of the order: what was packed, how it shipped, what it posted. */
export interface ShipmentRecord {
  round: number;
  packages: PackageRecord[];
  carrier: string;
  trackingNumber: string;
  /** Packages that left from two docks: each dock's shipment with its own carrier and tracking number. */
  byDock?: DockShipment[];
  shippedBy: string;
  result: ShipmentResult;
  invoice: InvoiceResult | null;
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
  credit: CreditDecision | null;
  /**
   * Every allocation decision made for the order, round by round, with the rule version and reason behind it: the
   * picks it reserved, or none and the quantity it left on backorder. The one record of allocations the console reads.
   */
  allocations: Array<{
    round: number;
    lineNo: number;
    picks: ProposedPick[];
    reason?: AllocationReason;
    backorder?: number;
  }>;
  /** Allocation round: 1 at the start, +1 for every re-allocation after a short pick, a change or a backorder. */
  round: number;
  pickTaskId: string | null;
  pickedBy: string | null;
  /** Picked stock at the dock, not yet shipped. */
  staged: StagedPick[];
  /** Ordered quantity still to ship, by line number. */
  openByLine: Record<number, number>;
  backorderedSince: string | null;
  shipments: ShipmentRecord[];
  /** The latest shipment and invoice (kept for the console's summary). */
  shipment: ShipmentResult | null;
  invoice: InvoiceResult | null;
  cancellation: { reason: string; requestedBy: string } | null;
  /** The pick wave the order waits in (issue 20), absent when it picks alone. */
  wave?: { waveId: string } | null;
}

/** Cancels the order: the validator refuses once it has shipped; compensations run in reverse. */
export interface CancelOrderArgs {
  reason: string;
  requestedBy: string;
}
export const cancelOrderUpdate = defineUpdate<{ accepted: true; step: OrderFulfillmentStep }, [CancelOrderArgs]>(
  'cancelOrder',
);

/**
 * Changes an order before picking; the workflow releases and re-allocates. `lines` sets quantities (0 removes a
 * line); `addLines` appends lines (an order merged into this one brings its lines and prices along).
 */
export interface ChangeOrderLinesArgs {
  lines: Array<{ lineNo: number; quantity: number }>;
  addLines?: Array<{ itemSku: string; quantity: number; unitPrice?: number }>;
  changedBy: string;
  /** Why, for the audit log (a merge or split names the other order). */
  reason?: string;
}
export const changeOrderLinesUpdate = defineUpdate<{ accepted: true }, [ChangeOrderLinesArgs]>('changeOrderLines');

/** Sent by receipts when stock of an item arrives, to wake backordered orders (no polling). */
export const stockArrivedSignal = defineSignal<[{ itemSkus: string[] }]>('stockArrived');

/** Prefixes of update rejections, so the API maps them to statuses without parsing prose. */
export const ORDER_REJECTION = {
  notCancellable: 'ORDER_NOT_CANCELLABLE',
  notChangeable: 'ORDER_NOT_CHANGEABLE',
  invalidChange: 'ORDER_CHANGE_INVALID',
} as const;

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

/** The pack task's completion payload. */
export interface PackPayload {
  packages: PackageRecord[];
}

/** One warehouse's shipment of an order packed at two docks. */
export interface DockShipment {
  dock: string;
  carrier: string;
  trackingNumber: string;
}

/** The ship task's completion payload. */
export interface ShipPayload {
  carrier: string;
  trackingNumber: string;
  /** Required when the packages leave from more than one dock: one shipment per dock (per warehouse). */
  shipments?: DockShipment[];
}

/** The credit approval task's completion payload. */
export interface CreditApprovalPayload {
  decision: 'approve' | 'reject';
  comment?: string;
}
