import { appendAudit } from '../../db/repositories/audit-repository';
import { num, query } from '../../db/sql';
import { ApiError } from '../errors';
import { cancelOrder, changeOrderLines } from './order-actions';
import { createOrder, type OrderServiceDeps } from './order-service';

interface OpenLine {
  lineNo: number;
  itemSku: string;
  quantity: number;
  shipped: number;
  unitPrice: number;
}

async function orderOf(deps: OrderServiceDeps, orderNumber: string) {
  const em = deps.orm.em.fork();
  const [order] = await query<Record<string, unknown>>(
    em,
    `select o.id, o.status, o.workflow_id, c.code as customer_code, c.ship_to_address
       from sales_order o join customer c on c.id = o.customer_id where o.order_number = ?`,
    [orderNumber],
  );
  if (!order) throw new ApiError('NOT_FOUND', `No sales order ${orderNumber}`);
  const lines = await query<Record<string, unknown>>(
    em,
    `select l.line_no, i.sku, l.quantity, l.shipped_quantity, l.unit_price from sales_order_line l
       join item i on i.id = l.item_id where l.order_id = ? order by l.line_no`,
    [order.id],
  );
  return {
    workflowId: String(order.workflow_id),
    customerCode: String(order.customer_code),
    shipTo: String(order.ship_to_address),
    lines: lines.map((l): OpenLine => ({
      lineNo: num(l.line_no),
      itemSku: String(l.sku),
      quantity: num(l.quantity),
      shipped: num(l.shipped_quantity),
      unitPrice: num(l.unit_price),
    })),
  };
}

async function audit(
  deps: OrderServiceDeps,
  action: string,
  orderNumber: string,
  workflowId: string,
  by: string,
  details: Record<string, unknown>,
) {
  await deps.orm.em
    .fork()
    .transactional((em) =>
      appendAudit(em, { actor: by, action, entityType: 'sales_order', entityId: orderNumber, workflowId, details }),
    );
}

/**
 * Merges `source` into `target` (same customer and ship-to, neither picked yet): the target takes the source's
 * open lines at their prices and re-allocates, then the source is cancelled. Each step is validated by the owning
 * workflow; if the source can no longer be cancelled, the added lines are taken off the target again.
 */
export async function mergeOrders(deps: OrderServiceDeps, target: string, source: string, username: string) {
  if (target === source) throw new ApiError('ORDER_CHANGE_INVALID', 'An order cannot be merged into itself', 'source');
  const into = await orderOf(deps, target);
  const from = await orderOf(deps, source);
  if (into.customerCode !== from.customerCode || into.shipTo !== from.shipTo) {
    throw new ApiError('ORDER_CHANGE_INVALID', 'Only orders of the same customer and ship-to can be merged', 'source');
  }
  const addLines = from.lines
    .filter((line) => line.quantity > line.shipped)
    .map((line) => ({ itemSku: line.itemSku, quantity: line.quantity - line.shipped, unitPrice: line.unitPrice }));
  if (addLines.length === 0) throw new ApiError('ORDER_NOT_CHANGEABLE', `${source} has nothing left to ship`, 'source');
  const reason = `merged ${source} into ${target}`;
  await changeOrderLines(deps, target, [], username, { addLines, reason });
  try {
    await cancelOrder(deps, source, reason, username);
  } catch (error) {
    const firstAdded = Math.max(0, ...into.lines.map((line) => line.lineNo)) + 1;
    const undo = addLines.map((_, index) => ({ lineNo: firstAdded + index, quantity: 0 }));
    await changeOrderLines(deps, target, undo, username, { reason: `undo: ${reason}` });
    throw error;
  }
  await audit(deps, 'order.merged', target, into.workflowId, username, { source, lines: addLines });
  return { orderNumber: target, mergedFrom: source, addedLines: addLines.length };
}

/**
 * Splits quantities off an order into a new order for the same customer (by warehouse or by availability, as the
 * clerk decides): the original is reduced first (its workflow refuses once picking started), then the new order is
 * placed and starts its own fulfillment; if that fails, the original quantities are restored.
 */
export async function splitOrder(
  deps: OrderServiceDeps,
  orderNumber: string,
  split: Array<{ lineNo: number; quantity: number }>,
  username: string,
) {
  const order = await orderOf(deps, orderNumber);
  const moved = split.map((part, index) => {
    const line = order.lines.find((candidate) => candidate.lineNo === part.lineNo);
    if (!line)
      throw new ApiError(
        'ORDER_CHANGE_INVALID',
        `Line ${part.lineNo} is not on ${orderNumber}`,
        `lines[${index}].lineNo`,
      );
    if (part.quantity > line.quantity - line.shipped) {
      throw new ApiError(
        'ORDER_CHANGE_INVALID',
        `Line ${part.lineNo} has only ${line.quantity - line.shipped} open`,
        `lines[${index}].quantity`,
      );
    }
    return { line, quantity: part.quantity };
  });
  const reduced = moved.map(({ line, quantity }) => ({ lineNo: line.lineNo, quantity: line.quantity - quantity }));
  await changeOrderLines(deps, orderNumber, reduced, username, { reason: `split from ${orderNumber}` });
  let created: { orderNumber: string; workflowId: string };
  try {
    const lines = moved.map(({ line, quantity }) => ({ itemSku: line.itemSku, quantity, unitPrice: line.unitPrice }));
    created = await createOrder(deps, { customerCode: order.customerCode, lines }, username);
  } catch (error) {
    const restore = moved.map(({ line }) => ({ lineNo: line.lineNo, quantity: line.quantity }));
    await changeOrderLines(deps, orderNumber, restore, username, { reason: `undo split of ${orderNumber}` });
    throw error;
  }
  await audit(deps, 'order.split', orderNumber, order.workflowId, username, {
    into: created.orderNumber,
    lines: split,
  });
  return { orderNumber, newOrderNumber: created.orderNumber, newWorkflowId: created.workflowId };
}
