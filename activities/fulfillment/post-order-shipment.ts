import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConfirmedPick, ShipmentResult } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import { addLineQuantities, lockOrder, orderLines, setOrderStatus } from '../../db/repositories/order-repository';
import { lockActiveReservations, releaseReservation } from '../../db/repositories/stock-repository';
import { reject } from '../errors';
import { consumeReservations, reservationsFor } from './reserved-picks';
import { round3 } from './reserve-order-stock';
import { roundKey } from './round-key';

export interface PostShipmentInput {
  workflowId: string;
  orderNumber: string;
  picks: ConfirmedPick[];
  userName: string;
  /** The dispatch round (1 unless earlier shipments went out for this order); part of the moves' keys. */
  round?: number;
  carrier?: string;
  trackingNumber?: string;
}

/**
 * Posts what the clerk picked as shipment moves out of the reserved locations (valued at the FIFO cost they
 * consume, booked to COGS), consuming the reservations; reservations not picked go back to free stock. All in
 * one transaction: the order ships fully or not at all.
 */
export async function postOrderShipment(em: EntityManager, input: PostShipmentInput): Promise<ShipmentResult> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  const lines = await orderLines(em, order.orderId);
  const reservations = await lockActiveReservations(em, input.workflowId);
  const moveIds: number[] = [];
  const shippedByLine: Record<number, number> = {};
  for (const [index, pick] of input.picks.entries()) {
    const line = lines.find((candidate) => candidate.lineNo === pick.lineNo);
    const sources = reservationsFor(reservations, pick);
    if (!line || sources.length === 0) {
      return reject('PICK_NOT_RESERVED', `Pick ${index} names a line, location or lot not reserved`, { pick });
    }
    if (!(await consumeReservations(em, sources, pick.quantity))) {
      return reject('PICK_NOT_RESERVED', `Pick ${index} exceeds what is reserved at ${pick.locationCode}`, { pick });
    }
    const posted = await postMove(em, {
      moveType: 'shipment',
      itemSku: line.itemSku,
      lot: pick.lotCode ? { code: pick.lotCode } : null,
      fromLocation: pick.locationCode,
      quantity: pick.quantity,
      fromReserved: true,
      documentType: 'sales-order',
      documentRef: input.orderNumber,
      lineNo: pick.lineNo,
      userName: input.userName,
      idempotencyKey: `${roundKey(`${input.workflowId}:shipment`, input.round)}:${index}`,
    });
    moveIds.push(posted.moveId);
    shippedByLine[pick.lineNo] = round3((shippedByLine[pick.lineNo] ?? 0) + pick.quantity);
  }
  for (const reservation of reservations.filter((r) => r.quantity > 0)) await releaseReservation(em, reservation);
  let complete = true;
  for (const line of lines) {
    const shipped = shippedByLine[line.lineNo] ?? 0;
    await addLineQuantities(em, line.lineId, { shipped, reserved: -(line.quantity - line.shippedQuantity) });
    if (line.shippedQuantity + shipped < line.quantity) complete = false;
  }
  const status = complete ? 'shipped' : 'partially-shipped';
  await setOrderStatus(em, order.orderId, status);
  await appendAudit(em, {
    actor: input.userName,
    action: 'order.shipped',
    entityType: 'sales_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { moveIds, shippedByLine, status, carrier: input.carrier, trackingNumber: input.trackingNumber },
  });
  return { moveIds, shippedByLine, status };
}
