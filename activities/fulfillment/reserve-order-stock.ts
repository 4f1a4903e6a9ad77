import type { EntityManager } from '@mikro-orm/postgresql';
import type { CompiledRuleSet } from '../../rules/engine';
import type { OrderReservation, ReservedLine } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { addLineQuantities, lockOrder, orderLines, setOrderStatus } from '../../db/repositories/order-repository';
import {
  insertReservation,
  lockFreeStockOldestFirst,
  releaseExpiredReservations,
} from '../../db/repositories/stock-repository';
import { reject } from '../errors';
import { allocateLine } from './allocate-line';
import { RESERVATION_TTL_MINUTES } from './reservation-ttl';

export { RESERVATION_TTL_MINUTES };

/**
 * Reserves free stock for every open line of an order: under the instance's pinned allocation rules, or (for
 * instances started before rules existed) oldest receipt first. Lines are processed in item order so concurrent
 * orders lock balance rows in one order.
 */
export async function reserveOrderStock(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string },
  rules: { compiled: CompiledRuleSet<'allocation'>; ruleSetCode: string } | null = null,
): Promise<OrderReservation> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  if (order.status !== 'open') {
    return reject('ORDER_NOT_SHIPPABLE', `Sales order ${input.orderNumber} is ${order.status}, not open`);
  }
  const lines: ReservedLine[] = [];
  for (const line of await orderLines(em, order.orderId)) {
    const reserved: ReservedLine = { ...pickLine(line), picks: [] };
    let missing = line.quantity - line.shippedQuantity;
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
    await addLineQuantities(em, line.lineId, { reserved: line.quantity - line.shippedQuantity - missing });
    lines.push(reserved);
  }
  await setOrderStatus(em, order.orderId, lines.some((line) => line.picks.length > 0) ? 'allocated' : 'backordered');
  lines.sort((a, b) => a.lineNo - b.lineNo);
  return { customerCode: order.customerCode, customerName: order.customerName, lines };
}

function pickLine(line: { lineNo: number; itemSku: string; itemName: string; uom: string; quantity: number }) {
  return {
    lineNo: line.lineNo,
    itemSku: line.itemSku,
    itemName: line.itemName,
    uom: line.uom,
    quantity: line.quantity,
  };
}

/** Quantities carry 3 decimals; rounding keeps float subtraction from leaving 1e-16 remainders. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
