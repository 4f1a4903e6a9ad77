import type { EntityManager } from '@mikro-orm/postgresql';
import { recordSubcontractChange } from '../../db/planning/planning-changes';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num } from '../../db/sql';
import type { ReturnRestInput } from '../../workflows/subcontract-order/subcontract-order.contract';
import { postSiteOutflow } from './component-postings';
import { findOrder, refuse, round3, viewOf } from './subcontract-order-read';

/**
 * Records what the supplier sends back and what it scrapped of the material still there once the finished goods are
 * complete: returns move home as available stock (no entry), scrap posts to 5200. Keyed by the task (runOnce).
 */
export async function settleSubcontractRest(em: EntityManager, input: ReturnRestInput): Promise<void> {
  const order = await findOrder(em, input.orderNumber, true);
  if (order.status !== 'received') {
    refuse('RECEIPT_REFUSED', `Subcontract order ${order.orderNumber} is ${order.status}: nothing to settle`, 'status');
  }
  const key = `subcontract:${order.orderNumber}:rest:${input.taskId}`;
  const returnedItems: number[] = [];
  for (const [kind, list] of [
    ['returned', input.returned],
    ['scrapped', input.scrapped],
  ] as const) {
    for (const [index, entry] of list.entries()) {
      const line = order.components.getItems().find((candidate) => candidate.lineNo === entry.lineNo);
      if (!line) refuse('RECEIPT_REFUSED', `No component line ${entry.lineNo}`, `${kind}[${index}].lineNo`);
      const field = `${kind}[${index}].quantity`;
      await postSiteOutflow(em, order, line, { kind, quantity: entry.quantity, key, userName: input.userName, field });
      const total = kind === 'returned' ? 'returnedQuantity' : 'scrappedQuantity';
      line[total] = round3(num(line[total]) + entry.quantity);
      if (kind === 'returned' && entry.quantity > 0 && line.provision === 'ours') returnedItems.push(line.item.id);
    }
  }
  await em.flush();
  // Components returned are our available stock again (scrapped ones were at the supplier, never planning's supply).
  await recordSubcontractChange(em, {
    orderNumber: order.orderNumber,
    workflowId: input.workflowId,
    reason: `components returned from ${order.orderNumber}`,
    requestedBy: input.userName,
    itemIds: returnedItems,
  });
  await appendAudit(em, {
    actor: input.userName,
    action: 'subcontract-order.rest-settled',
    entityType: 'subcontract_order',
    entityId: order.orderNumber,
    workflowId: input.workflowId,
    details: { returned: input.returned, scrapped: input.scrapped },
  });
}

/** Closes a received order once nothing is left at the supplier (the database check keeps the totals honest). */
export async function closeSubcontractOrder(em: EntityManager, orderNumber: string): Promise<string> {
  const order = await findOrder(em, orderNumber, true);
  if (order.status === 'closed') return order.status;
  const left = viewOf(order).components.filter((line) => line.atSupplier > 0);
  if (order.status !== 'received' || left.length > 0) {
    const what = left.map((line) => `${line.atSupplier} ${line.sku}`).join(', ');
    refuse(
      'RECEIPT_REFUSED',
      `Subcontract order ${orderNumber} is ${order.status}${what ? `; still at the supplier: ${what}` : ''}`,
      'status',
    );
  }
  order.status = 'closed';
  order.updatedAt = new Date();
  await em.flush();
  return order.status;
}
