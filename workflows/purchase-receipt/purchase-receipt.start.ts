import type { ProcessStartRequest } from '../process-start.contract';
import { PURCHASE_RECEIPT, purchaseReceiptWorkflowId, type PurchaseReceiptInput } from './purchase-receipt.contract';

/** Goods may sit unreceived at the gate for a shift; a dock full of received goods should clear sooner. */
export const RECEIPT_TASK_SLA_MINUTES = 8 * 60;
export const PUTAWAY_TASK_SLA_MINUTES = 4 * 60;

/**
 * The start of a purchase order's receipt: what the API queues with a new purchase order, and what reconciliation
 * queues again for a purchase order that was committed without its process.
 */
export function purchaseReceiptStart(orderNumber: string, requestedBy: string, taskQueue: string): ProcessStartRequest {
  const input: PurchaseReceiptInput = {
    orderNumber,
    receiptSlaMinutes: RECEIPT_TASK_SLA_MINUTES,
    putawaySlaMinutes: PUTAWAY_TASK_SLA_MINUTES,
    requestedBy,
  };
  return {
    workflowId: purchaseReceiptWorkflowId(orderNumber),
    workflowType: 'purchaseReceipt',
    processType: PURCHASE_RECEIPT,
    businessKey: orderNumber,
    taskQueue,
    args: [input],
    requestedBy,
  };
}
