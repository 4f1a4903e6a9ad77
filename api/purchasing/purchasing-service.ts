import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { insertPurchaseOrder } from '../../db/purchasing/purchase-order-writer';
import { query } from '../../db/sql';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  closeShortSignal,
  purchaseReceiptWorkflowId,
  type CloseShortRequest,
} from '../../workflows/purchase-receipt/purchase-receipt.contract';
import { purchaseReceiptStart } from '../../workflows/purchase-receipt/purchase-receipt.start';
import { ApiError } from '../errors';
import type { IntakeContext, IntakeWork } from '../intake/intake';
import type { CreatePurchaseOrderBody } from './purchasing-schemas';

export interface PurchasingServiceDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  /** How create requests are taken in (idempotency key, outbox, start after the commit). */
  intake: IntakeContext;
}

// The receipt SLAs live with the start builder (shared with reconciliation); re-exported for existing importers.
export {
  PUTAWAY_TASK_SLA_MINUTES,
  RECEIPT_TASK_SLA_MINUTES,
} from '../../workflows/purchase-receipt/purchase-receipt.start';

/**
 * Stores the purchase order in the intake's transaction and queues its purchase-receipt start with it: the order and
 * its process commit together or not at all (the start itself happens after the commit, see api/intake/intake.ts).
 * The order is written by db/purchasing/purchase-order-writer.ts; its refusals (DocumentError) answer as 4xx.
 */
export async function placePurchaseOrder(
  em: EntityManager,
  deps: PurchasingServiceDeps,
  body: CreatePurchaseOrderBody,
  username: string,
): Promise<IntakeWork<{ orderNumber: string; workflowId: string }>> {
  const orderNumber = await insertPurchaseOrder(em, body, username, purchaseReceiptWorkflowId);
  const start = purchaseReceiptStart(orderNumber, username, deps.taskQueue);
  return {
    body: { orderNumber, workflowId: start.workflowId },
    starts: [start],
    audit: {
      actor: username,
      action: 'purchase-order.created',
      entityType: 'purchase_order',
      entityId: orderNumber,
      workflowId: start.workflowId,
      details: { supplierCode: body.supplierCode, warehouseCode: body.warehouseCode, lines: body.lines },
    },
  };
}

/**
 * Asks the order's receipt workflow to close it short: only an order still receiving (open or partly received), and
 * only while its workflow runs. The workflow withdraws the open receipt task and records the close (status, reason,
 * audit) itself, so the request and the receipts never race on the order row.
 */
export async function requestCloseShort(
  deps: PurchasingServiceDeps,
  orderNumber: string,
  request: CloseShortRequest,
): Promise<string> {
  const [order] = await query<{ status: string; workflow_id: string }>(
    deps.orm.em.fork(),
    'select status, workflow_id from purchase_order where order_number = ?',
    [orderNumber],
  );
  if (!order) throw new ApiError('NOT_FOUND', `No purchase order ${orderNumber}`);
  const notOpen = () =>
    new ApiError(
      'PURCHASE_ORDER_NOT_OPEN',
      `Purchase order ${orderNumber} is ${order.status}; only an open or partly received order can be closed short`,
    );
  if (!['open', 'partly-received'].includes(order.status)) throw notOpen();
  try {
    await deps.temporal.workflow.getHandle(order.workflow_id).signal(closeShortSignal, request);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw notOpen();
    throw error;
  }
  return order.workflow_id;
}
