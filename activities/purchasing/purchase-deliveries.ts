import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReceivedLine } from '../../workflows/purchase-receipt/purchase-receipt.contract';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num, query } from '../../db/sql';
import { reject } from '../errors';
import {
  findPurchaseOrder,
  purchaseOrderLines,
  setPurchaseOrderStatus,
  type PurchaseOrderLineRow,
} from './purchase-order-queries';

/** Statuses a delivery may still be received against (a supplier return may reopen a received order). */
export const RECEIVABLE_STATUSES = ['open', 'partly-received'];
const EPSILON = 1e-9;

/** The over-delivery tolerance in percent of each line's ordered quantity (company settings; default 10). */
export async function overDeliveryTolerancePercent(em: EntityManager): Promise<number> {
  const [row] = await query<{ pct: string | null }>(
    em,
    'select over_delivery_tolerance_percent as pct from company_settings where id = 1',
  );
  return row?.pct === undefined || row.pct === null ? 10 : num(row.pct);
}

/** The most a line may still receive: its ordered quantity plus the tolerance, less what it already received. */
export function receivableQuantity(line: { quantity: number; receivedQuantity: number }, tolerancePercent: number) {
  const ceiling = Math.round(line.quantity * (1 + tolerancePercent / 100) * 1000) / 1000;
  return Math.max(0, Math.round((ceiling - line.receivedQuantity) * 1000) / 1000);
}

/** Still to come on a line: ordered less received, never below zero. */
export function openQuantity(line: { quantity: number; receivedQuantity: number }) {
  return Math.max(0, Math.round((line.quantity - line.receivedQuantity) * 1000) / 1000);
}

/** The number the next delivery of the order gets (1, 2, ...): numbers are never reused, even across runs. */
export async function nextDeliveryNo(em: EntityManager, orderId: number): Promise<number> {
  const [row] = await query<{ n: string }>(
    em,
    'select coalesce(max(delivery_no), 0) + 1 as n from purchase_delivery where order_id = ?',
    [orderId],
  );
  return num(row?.n ?? 1);
}

/** Refuses a delivery line beyond what the line may still receive (the task's validator checks first). */
export function checkWithinTolerance(
  line: PurchaseOrderLineRow | undefined,
  entry: { lineNo: number; quantity: number },
  tolerancePercent: number,
  orderNumber: string,
) {
  if (!line || entry.quantity > receivableQuantity(line, tolerancePercent) + EPSILON) {
    return reject(
      'RECEIPT_NOT_ON_ORDER',
      `Line ${entry.lineNo} of ${orderNumber} cannot receive ${entry.quantity} more`,
      {
        entry,
      },
    );
  }
  return line;
}

/**
 * Records a posted delivery (in the receipt's transaction) and moves the order to `received` when every line has
 * its ordered quantity, else `partly-received`.
 */
export async function recordDelivery(
  em: EntityManager,
  delivery: { orderId: number; deliveryNo: number; workflowId: string; receivedAt: Date; receivedBy: string },
  received: ReceivedLine[],
  unitCosts: Map<number, number>,
): Promise<string> {
  const lines = received.map((line) => ({
    lineNo: line.lineNo,
    itemSku: line.itemSku,
    quantity: line.quantity,
    unitCost: unitCosts.get(line.lineNo) ?? 0,
    lotCode: line.lotCode,
    moveId: line.moveId,
    value: line.value,
  }));
  await query(
    em,
    `insert into purchase_delivery (order_id, delivery_no, workflow_id, received_at, received_by, lines, created_at)
     values (?, ?, ?, ?, ?, ?::jsonb, now())`,
    [
      delivery.orderId,
      delivery.deliveryNo,
      delivery.workflowId,
      delivery.receivedAt,
      delivery.receivedBy,
      JSON.stringify(lines),
    ],
  );
  const after = await purchaseOrderLines(em, delivery.orderId);
  const status = after.every((line) => openQuantity(line) === 0) ? 'received' : 'partly-received';
  await setPurchaseOrderStatus(em, delivery.orderId, status);
  return status;
}

export interface ClosePurchaseOrderInput {
  workflowId: string;
  orderNumber: string;
  reason: string;
  userName: string;
}

/**
 * Closes the order short: what is still open will not come. Only an order still receiving is closed (a received or
 * cancelled one stays as it is), so a retry or a second request changes nothing. Returns the status it ends in.
 */
export async function closePurchaseOrderShort(em: EntityManager, input: ClosePurchaseOrderInput): Promise<string> {
  const order = await findPurchaseOrder(em, input.orderNumber, true);
  if (!order) return reject('PURCHASE_ORDER_NOT_FOUND', `Purchase order ${input.orderNumber} does not exist`);
  if (!RECEIVABLE_STATUSES.includes(order.status)) return order.status;
  const lines = await purchaseOrderLines(em, order.orderId);
  await query(
    em,
    `update purchase_order set status = 'closed-short', closed_reason = ?, closed_by = ?, closed_at = now(),
            updated_at = now() where id = ?`,
    [input.reason, input.userName, order.orderId],
  );
  await appendAudit(em, {
    actor: input.userName,
    action: 'purchase-order.closed-short',
    entityType: 'purchase_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: {
      reason: input.reason,
      openLines: lines
        .filter((line) => openQuantity(line) > 0)
        .map((line) => ({ lineNo: line.lineNo, open: openQuantity(line) })),
    },
  });
  return 'closed-short';
}
