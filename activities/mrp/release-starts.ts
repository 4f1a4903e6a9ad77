import type { ProcessStart } from '../../db/repositories/process-start-repository';
import type { ProductionOrderInput } from '../../workflows/production-order/production-order.contract';
import type { PurchaseReceiptInput } from '../../workflows/purchase-receipt/purchase-receipt.contract';

/*
 * The starts release queues with its documents. Activities may import only types from workflows (lint), so these
 * mirror the builders the API queues (workflows/purchase-receipt/purchase-receipt.start.ts,
 * workflows/production-order/production-order.start.ts); release-starts.test.ts holds them equal, field by field.
 */

/** Goods may sit unreceived at the gate for a shift; a dock full of received goods should clear sooner. */
const RECEIPT_SLA_MINUTES = 8 * 60;
const PUTAWAY_SLA_MINUTES = 4 * 60;
/** A clerk's shop-floor task should be done within a shift. */
const PRODUCTION_TASK_SLA_MINUTES = 8 * 60;

/** `purchase-receipt:<number>`: one purchase order never starts two receipts. */
export const purchaseReceiptProcessId = (orderNumber: string) => `purchase-receipt:${orderNumber}`;
/** `production-order:<number>`. */
export const productionOrderProcessId = (orderNumber: string) => `production-order:${orderNumber}`;

/** The purchase order's receipt process, as the API starts it for a clerk's order. */
export function purchaseReceiptStartOf(orderNumber: string, requestedBy: string, taskQueue: string): ProcessStart {
  const input: PurchaseReceiptInput = {
    orderNumber,
    receiptSlaMinutes: RECEIPT_SLA_MINUTES,
    putawaySlaMinutes: PUTAWAY_SLA_MINUTES,
    requestedBy,
  };
  return {
    workflowId: purchaseReceiptProcessId(orderNumber),
    workflowType: 'purchaseReceipt',
    processType: 'purchase-receipt',
    businessKey: orderNumber,
    taskQueue,
    args: [input],
    requestedBy,
  };
}

/** The production order's process, as the API starts it for a planner's order. */
export function productionOrderStartOf(orderNumber: string, requestedBy: string, taskQueue: string): ProcessStart {
  const input: ProductionOrderInput = { orderNumber, taskSlaMinutes: PRODUCTION_TASK_SLA_MINUTES, requestedBy };
  return {
    workflowId: productionOrderProcessId(orderNumber),
    workflowType: 'productionOrder',
    processType: 'production-order',
    businessKey: orderNumber,
    taskQueue,
    args: [input],
    requestedBy,
  };
}
