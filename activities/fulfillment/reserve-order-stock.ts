import type { EntityManager } from '@mikro-orm/postgresql';
import type { CompiledRuleSet } from '../../rules/engine';
import type { OrderReservation, ReservedLine } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { addLineQuantities, lockOrder, orderLines, setOrderStatus } from '../../db/repositories/order-repository';
import {
  insertReservation,
  lockFreeStockOldestFirst,
  releaseExpiredReservations,
  reservedByLine,
} from '../../db/repositories/stock-repository';
import { reject } from '../errors';
import { allocateLine } from './allocate-line';
import { RESERVATION_TTL_MINUTES } from './reservation-ttl';

export { RESERVATION_TTL_MINUTES };

/** Order statuses in which stock may still be allocated to the order. */
const ALLOCATABLE_ORDER = new Set(['open', 'allocated', 'picked', 'backordered', 'partially-shipped']);

/**
 * Reserves free stock for what each line still lacks (ordered - shipped - already reserved by this instance, in
 * bins or staged at a dock): under the instance's pinned allocation rules, or (without published rules) oldest
 * receipt first. Called again for every allocation round (after a short pick, a change, a receipt that wakes a
 * backorder). Lines are processed in item order so concurrent orders lock balance rows in one order.
 */
export async function reserveOrderStock(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string },
  rules: { compiled: CompiledRuleSet<'allocation'>; ruleSetCode: string } | null = null,
): Promise<OrderReservation> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  if (!ALLOCATABLE_ORDER.has(order.status)) {
    return reject('ORDER_NOT_SHIPPABLE', `Sales order ${input.orderNumber} is ${order.status}; nothing to allocate`);
  }
  const held = await reservedByLine(em, input.workflowId);
  const lines: ReservedLine[] = [];
  for (const line of await orderLines(em, order.orderId)) {
    const reserved: ReservedLine = { ...pickLine(line), picks: [] };
    let missing = round3(line.quantity - line.shippedQuantity - (held.get(line.lineNo) ?? 0));
    if (missing <= 0) {
      lines.push(reserved);
      continue;
    }
    await releaseExpiredReservations(em, line.itemId);
    if (rules) {
      const owner = { workflowId: input.workflowId, orderNumber: order.orderNumber, ruleSetCode: rules.ruleSetCode };
      const allocated = await allocateLine(em, rules.compiled, owner, { ...line, quantity: missing }, new Date());
      Object.assign(reserved, allocated);
      const total = allocated.picks.reduce((sum, pick) => sum + pick.quantity, 0);
      await addLineQuantities(em, line.lineId, { reserved: round3(total) });
      lines.push(reserved);
      continue;
    }
    for (const row of await lockFreeStockOldestFirst(em, line.itemId)) {
      if (missing <= 0) break;
      const take = Math.min(row.free, missing);
      const reservationId = await insertReservation(em, {
        itemId: line.itemId,
        balanceId: row.balanceId,
        locationId: row.locationId,
        lotId: row.lotId,
        quantity: take,
        ownerWorkflowId: input.workflowId,
        documentRef: order.orderNumber,
        lineNo: line.lineNo,
        ttlMinutes: RESERVATION_TTL_MINUTES,
      });
      reserved.picks.push({
        reservationId,
        locationCode: row.locationCode,
        lotCode: row.lotCode,
        expiryDate: row.expiryDate,
        quantity: take,
      });
      missing = round3(missing - take);
    }
    await addLineQuantities(em, line.lineId, {
      reserved: reserved.picks.reduce((sum, pick) => sum + pick.quantity, 0),
    });
    lines.push(reserved);
  }
  await setOrderStatus(em, order.orderId, lines.some((line) => line.picks.length > 0) ? 'allocated' : 'backordered');
  lines.sort((a, b) => a.lineNo - b.lineNo);
  return { customerCode: order.customerCode, customerName: order.customerName, lines };
}

function pickLine(line: {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
  shippedQuantity: number;
}) {
  return {
    lineNo: line.lineNo,
    itemSku: line.itemSku,
    itemName: line.itemName,
    uom: line.uom,
    quantity: line.quantity,
    shipped: line.shippedQuantity,
  };
}

/** Quantities carry 3 decimals; rounding keeps float subtraction from leaving 1e-16 remainders. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
