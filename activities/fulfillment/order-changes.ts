import type { EntityManager } from '@mikro-orm/postgresql';
import type { StagedPick } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { postMove } from '../../db/inventory/post-move';
import { orderItemIds, recordPlanningChange } from '../../db/planning/planning-changes';
import { appendAudit } from '../../db/repositories/audit-repository';
import {
  addLineQuantities,
  clearLineReservations,
  lockOrder,
  orderLines,
  setOrderStatus,
} from '../../db/repositories/order-repository';
import { releaseReservations } from '../../db/repositories/stock-repository';
import { query } from '../../db/sql';
import { reject } from '../errors';

/** Releases every reservation the instance still holds in bins (not staged stock) and zeroes the lines' reserved. */
export async function releaseBinReservations(em: EntityManager, workflowId: string, orderId: number): Promise<number> {
  const reservations = await releaseReservations(em, workflowId, (r) => !r.atDock);
  for (const line of await orderLines(em, orderId)) {
    const released = reservations.filter((r) => r.lineNo === line.lineNo).reduce((sum, r) => sum + r.quantity, 0);
    if (released > 0) await addLineQuantities(em, line.lineId, { reserved: -released });
  }
  return reservations.length;
}

/**
 * Changes the order before picking: releases what it holds in bins (the workflow re-allocates next), sets line
 * quantities (0 removes a line that has shipped nothing), appends added lines, and audits old and new.
 */
export async function applyOrderChange(
  em: EntityManager,
  input: {
    workflowId: string;
    orderNumber: string;
    lines: Array<{ lineNo: number; quantity: number }>;
    addLines?: Array<{ itemSku: string; quantity: number; unitPrice?: number }>;
    changedBy: string;
    reason?: string;
  },
): Promise<void> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  if (order.status === 'picked') return reject('ORDER_NOT_SHIPPABLE', `Sales order ${input.orderNumber} is picked`);
  await releaseBinReservations(em, input.workflowId, order.orderId);
  const lines = await orderLines(em, order.orderId);
  const changes: Array<{ lineNo: number; from: number; to: number }> = [];
  for (const change of input.lines) {
    const line = lines.find((candidate) => candidate.lineNo === change.lineNo);
    if (!line) return reject('ORDER_NOT_SHIPPABLE', `Sales order ${input.orderNumber} has no line ${change.lineNo}`);
    if (change.quantity < line.shippedQuantity || (change.quantity === 0 && line.shippedQuantity > 0)) {
      return reject('ORDER_NOT_SHIPPABLE', `Line ${change.lineNo} already shipped ${line.shippedQuantity}`);
    }
    if (change.quantity === 0) await query(em, 'delete from sales_order_line where id = ?', [line.lineId]);
    else await query(em, 'update sales_order_line set quantity = ? where id = ?', [change.quantity, line.lineId]);
    changes.push({ lineNo: change.lineNo, from: line.quantity, to: change.quantity });
  }
  let next = Math.max(0, ...lines.map((line) => line.lineNo));
  for (const added of input.addLines ?? []) {
    next += 1;
    const inserted = await query(
      em,
      `insert into sales_order_line (order_id, line_no, item_id, quantity, unit_price)
       select ?, ?, id, ?, coalesce(?, list_price) from item where sku = ? returning id`,
      [order.orderId, next, added.quantity, added.unitPrice ?? null, added.itemSku],
    );
    if (inserted.length === 0) return reject('ORDER_NOT_SHIPPABLE', `No item ${added.itemSku}`);
    changes.push({ lineNo: next, from: 0, to: added.quantity });
  }
  await setOrderStatus(em, order.orderId, 'open');
  await recordPlanningChange(em, {
    itemIds: [...lines.map((line) => line.itemId), ...(await orderItemIds(em, input.orderNumber))],
    reason: `sales order ${input.orderNumber} changed`,
    documentRef: input.orderNumber,
    requestedBy: input.changedBy,
    taskQueue: { sameAs: input.workflowId },
  });
  await appendAudit(em, {
    actor: input.changedBy,
    action: 'order.changed',
    entityType: 'sales_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { changes, reason: input.reason ?? null },
  });
}

/**
 * Compensation for a pick: puts staged stock back where it was picked from (a transfer from the dock, reservation
 * released first), so the bins hold exactly what they held before the order.
 */
export async function returnStagedStock(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string; staged: StagedPick[]; userName: string },
): Promise<number> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  await releaseReservations(em, input.workflowId, (r) => r.atDock);
  for (const [index, staged] of input.staged.entries()) {
    await postMove(em, {
      moveType: 'transfer',
      itemSku: staged.itemSku,
      lot: staged.lotCode ? { code: staged.lotCode } : null,
      fromLocation: staged.stagingLocation,
      toLocation: staged.fromLocation,
      quantity: staged.quantity,
      documentType: 'sales-order-cancel',
      documentRef: input.orderNumber,
      lineNo: staged.lineNo,
      userName: input.userName,
      idempotencyKey: `${input.workflowId}:return:${index}`,
    });
  }
  await clearLineReservations(em, order.orderId);
  return input.staged.length;
}

/**
 * Closes the order after a cancellation or a backorder timeout: cancelled when nothing shipped, otherwise it
 * stays partially shipped with its remainder closed. Releases anything still held.
 */
export async function closeOrder(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string; reason: string; userName: string; action: string },
): Promise<string> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  const reservations = await releaseReservations(em, input.workflowId);
  await clearLineReservations(em, order.orderId);
  const lines = await orderLines(em, order.orderId);
  const status = lines.some((line) => line.shippedQuantity > 0) ? 'partially-shipped' : 'cancelled';
  await setOrderStatus(em, order.orderId, status);
  await recordPlanningChange(em, {
    itemIds: lines.map((line) => line.itemId),
    reason: `sales order ${input.orderNumber} ${status === 'cancelled' ? 'cancelled' : 'closed'}`,
    documentRef: input.orderNumber,
    requestedBy: input.userName,
    taskQueue: { sameAs: input.workflowId },
  });
  await appendAudit(em, {
    actor: input.userName,
    action: input.action,
    entityType: 'sales_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { reason: input.reason, status, released: reservations.length },
  });
  return status;
}

/** Backordered orders waiting for any of these items: their workflows are woken when stock arrives. */
export async function backorderedWorkflows(em: EntityManager, itemSkus: string[]): Promise<string[]> {
  if (itemSkus.length === 0) return [];
  const rows = await query<{ workflow_id: string }>(
    em,
    `select distinct o.workflow_id from sales_order o
       join sales_order_line l on l.order_id = o.id join item i on i.id = l.item_id
      where o.status = 'backordered' and i.sku in (?) and l.shipped_quantity < l.quantity
      order by o.workflow_id`,
    [itemSkus],
  );
  return rows.map((row) => row.workflow_id);
}

/** Records how a credit hold ended: approved orders go back to open, rejected ones are closed by the caller. */
export async function resolveCreditHold(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string; outcome: string; by: string | null; comment: string | null },
): Promise<void> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  if (input.outcome === 'approved') await setOrderStatus(em, order.orderId, 'open');
  await appendAudit(em, {
    actor: input.by ?? 'system',
    action: `order.credit-${input.outcome}`,
    entityType: 'sales_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { comment: input.comment },
  });
}
