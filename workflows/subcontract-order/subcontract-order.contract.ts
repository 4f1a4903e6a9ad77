import { defineQuery, defineSignal } from '@temporalio/workflow';

/** The process type recorded in search attributes and the process-instance projection. */
export const SUBCONTRACT_ORDER = 'subcontract-order';

/** Workflow ids follow the order number (db/subcontracting/subcontract-order-writer.ts writes the same id). */
export function subcontractOrderWorkflowId(orderNumber: string): string {
  return `${SUBCONTRACT_ORDER}:${orderNumber}`;
}

/** Input of the subcontract-order workflow; the order itself lives in PostgreSQL (subcontract_order). */
export interface SubcontractOrderInput {
  orderNumber: string;
  /** Minutes before a task of the order (approval, pick, supplier receipt) escalates. */
  taskSlaMinutes: number;
  requestedBy: string;
}

export type SubcontractOrderStep =
  | 'awaiting-approval'
  | 'reserving'
  | 'send-pick'
  | 'sending'
  | 'at-supplier'
  | 'receiving'
  | 'awaiting-inspection'
  | 'awaiting-return'
  | 'returning'
  | 'closed'
  | 'cancelled';

/** Refusal types the subcontract activities throw (non-retryable); the workflow re-opens the task with the message. */
export const SUBCONTRACT_REFUSAL = { send: 'SEND_REFUSED', receipt: 'RECEIPT_REFUSED' } as const;

/** Every activity of the process carries the workflow id (runOnce keys) and the order number. */
export interface SubcontractOrderRef {
  workflowId: string;
  orderNumber: string;
}

/** One component as it stands: what is required, and the running totals (still at the supplier derived). */
export interface ComponentStanding {
  lineNo: number;
  sku: string;
  provision: 'ours' | 'supplier' | 'customer';
  required: number;
  sent: number;
  consumed: number;
  scrapped: number;
  returned: number;
  /** sent - consumed - scrapped - returned. */
  atSupplier: number;
}

/** The order as the workflow needs it (read again after every step). */
export interface SubcontractOrderView {
  orderNumber: string;
  supplierCode: string;
  itemSku: string;
  quantity: number;
  feePerUnit: number;
  warehouseCode: string;
  status: string;
  /** Finished quantity delivered so far. */
  delivered: number;
  components: ComponentStanding[];
}

/** The consumption policy pinned at approval: the rule version and the stored decision (null: no rules published). */
export interface ConsumptionPin {
  method: 'bom-ratio' | 'as-sent';
  overDeliveryPercent: number;
  ruleSetId: number | null;
  version: number | null;
  contentHash: string | null;
  decisionId: number | null;
  reason: string;
}

export interface ApproveSubcontractInput extends SubcontractOrderRef {
  approvedBy: string;
}

export interface RejectSubcontractInput extends SubcontractOrderRef {
  reason: string;
  userName: string;
}

/** One reserved place of an `ours` component at our warehouse, to pick and send. */
export interface SendPick {
  lineNo: number;
  sku: string;
  location: string;
  lotCode: string | null;
  quantity: number;
  expiresOn: string | null;
}

/** `reserveSubcontractComponents` result: every open reservation of the order, and what could not be reserved. */
export interface SendReservation {
  picks: SendPick[];
  short: Array<{ lineNo: number; sku: string; short: number }>;
}

export interface SendComponentsInput extends SubcontractOrderRef {
  round: number;
  picks: Array<{ lineNo: number; location: string; lotCode: string | null; quantity: number }>;
  userName: string;
}

/** What one send moved into the supplier's site. */
export interface ComponentsSent {
  supplierLocation: string;
  sent: Array<{ lineNo: number; sku: string; quantity: number; moveId: number }>;
}

/** A quantity per component line, as the supplier reports it. */
export interface LineQuantity {
  lineNo: number;
  quantity: number;
}

/** The supplier-receipt task's completion payload, as the console sends it. */
export interface SupplierReceiptPayload {
  /** Finished quantity delivered. */
  quantity: number;
  lotCode?: string | null;
  consumed?: LineQuantity[];
  scrapped?: LineQuantity[];
  returned?: LineQuantity[];
}

export interface ReceiveDeliveryInput extends SubcontractOrderRef {
  /** The task the delivery came from: the idempotency key (a retried receipt never posts twice). */
  taskId: string;
  payload: SupplierReceiptPayload;
  consumption: ConsumptionPin;
  userName: string;
  /**
   * Quality gate (issues 15 + 16): finished goods of an item with an inspection plan in effect land in quarantine.
   * Absent on instances started before the gate (`subcontract-quality-gate` marker): received as available.
   */
  qualityGate?: boolean;
}

/** What one delivery posted. */
export interface DeliveryPosted {
  deliveryNo: number;
  finishedQuantity: number;
  lotCode: string | null;
  consumed: Array<{ lineNo: number; sku: string; quantity: number; value: number; reason: string }>;
  componentsValue: number;
  feeAccrued: number;
  /** Value of the finished goods received: componentsValue + feeAccrued. */
  finishedValue: number;
  decisionId: number | null;
  orderStatus: string;
  /** Where the finished goods landed and in which status (quarantine: an inspection lot follows). */
  stockStatus?: 'available' | 'quarantine';
  location?: string;
  /** The finished goods' receipt move key: the inspection lot's source key. */
  receiptKey?: string;
  /** When the delivery was received (ISO): the inspection plan in effect that day is pinned. */
  receivedAt?: string;
  /** How much of it was stock rejected earlier coming back from the supplier's site (no components consumed). */
  redelivered?: number;
}

/** The last task's payload when finished goods are complete but material is still at the supplier. */
export interface ReturnRestInput extends SubcontractOrderRef {
  taskId: string;
  returned: LineQuantity[];
  scrapped: LineQuantity[];
  userName: string;
}

/** A cancel request (`POST /api/subcontract-orders/:n/cancel`); honoured only before anything is sent. */
export interface SubcontractCancelRequest {
  reason: string;
  by: string;
}

/** The live state the console shows (via the `getState` query). */
export interface SubcontractOrderState {
  orderNumber: string;
  step: SubcontractOrderStep;
  taskId: string | null;
  approvedBy: string | null;
  consumption: ConsumptionPin | null;
  components: ComponentStanding[];
  delivered: number;
  deliveries: DeliveryPosted[];
  /** The last refusal of a task's completion, shown on the re-opened task. */
  refusal: string | null;
  cancelReason: string | null;
}

export const cancelSubcontractOrderSignal = defineSignal<[SubcontractCancelRequest]>('cancel');
export const getSubcontractOrderStateQuery = defineQuery<SubcontractOrderState>('getState');
