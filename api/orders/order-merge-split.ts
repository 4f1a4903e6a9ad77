import type { FastifyRequest } from 'fastify';
import type { AuditInput } from '../../db/repositories/audit-repository';
import { num, query } from '../../db/sql';
import { ApiError } from '../errors';
import { runIntake } from '../intake/intake';
import { cancelOrder, changeOrderLines } from './order-actions';
import { placeOrder, type OrderServiceDeps } from './order-service';

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

function orderAudit(
  action: string,
  orderNumber: string,
  workflowId: string,
  by: string,
  details: Record<string, unknown>,
): AuditInput {
  return { actor: by, action, entityType: 'sales_order', entityId: orderNumber, workflowId, details };
}

/**
 * Merges `source` into `target` (same customer and ship-to, neither picked yet): the target takes the source's
 * open lines at their prices and re-allocates, then the source is cancelled. Each step is validated by the owning
 * workflow; if the source can no longer be cancelled, the added lines are taken off the target again. Taken in as an
 * intake request (api/intake), so a retry with the same Idempotency-Key answers the first merge again.
 */
export async function mergeOrders(
  deps: OrderServiceDeps,
  request: FastifyRequest,
  target: string,
  source: string,
  username: string,
) {
  const route = { route: 'POST /api/orders/:orderNumber/merge', status: 200 as const };
  return runIntake(deps.intake, request, route, () => mergeWork(deps, target, source, username));
}

async function mergeWork(deps: OrderServiceDeps, target: string, source: string, username: string) {
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
  return {
    body: { orderNumber: target, mergedFrom: source, addedLines: addLines.length },
    audit: orderAudit('order.merged', target, into.workflowId, username, { source, lines: addLines }),
  };
}

/**
 * Splits quantities off an order into a new order for the same customer (by warehouse or by availability, as the
 * clerk decides): the original is reduced first (its workflow refuses once picking started), then the new order is
 * stored with its fulfillment start in the intake's transaction (api/intake: one commit, an Idempotency-Key retry
 * answers the first split again); if that transaction fails, the original quantities are restored.
 */
export async function splitOrder(
  deps: OrderServiceDeps,
  request: FastifyRequest,
  orderNumber: string,
  split: Array<{ lineNo: number; quantity: number }>,
  username: string,
) {
  let undo: (() => Promise<unknown>) | undefined;
  try {
    return await runIntake(
      deps.intake,
      request,
      { route: 'POST /api/orders/:orderNumber/split', status: 200 as const },
      async (em) => {
        const order = await orderOf(deps, orderNumber);
        const moved = splitLines(order.lines, orderNumber, split);
        const reduced = moved.map(({ line, quantity }) => ({
          lineNo: line.lineNo,
          quantity: line.quantity - quantity,
        }));
        await changeOrderLines(deps, orderNumber, reduced, username, { reason: `split from ${orderNumber}` });
        const restore = moved.map(({ line }) => ({ lineNo: line.lineNo, quantity: line.quantity }));
        undo = () => changeOrderLines(deps, orderNumber, restore, username, { reason: `undo split of ${orderNumber}` });
        const lines = moved.map(({ line, quantity }) => ({
          itemSku: line.itemSku,
          quantity,
          unitPrice: line.unitPrice,
        }));
        const placed = await placeOrder(em, deps, { customerCode: order.customerCode, lines }, username);
        const into = placed.body.orderNumber;
        return {
          body: { orderNumber, newOrderNumber: into, newWorkflowId: placed.body.workflowId },
          starts: placed.starts,
          audit: [
            ...[placed.audit ?? []].flat(),
            orderAudit('order.split', orderNumber, order.workflowId, username, { into, lines: split }),
          ],
        };
      },
    );
  } catch (error) {
    if (undo) await undo();
    throw error;
  }
}

/** The open lines a split takes, each checked against what is still open on the order. */
function splitLines(lines: OpenLine[], orderNumber: string, split: Array<{ lineNo: number; quantity: number }>) {
  return split.map((part, index) => {
    const line = lines.find((candidate) => candidate.lineNo === part.lineNo);
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
}
