import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConfirmedPick, ShipmentResult } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { appendAudit } from '../../db/repositories/audit-repository';
import { addLineQuantities, lockOrder, orderLines, setOrderStatus } from '../../db/repositories/order-repository';
import {
  appendMove,
  consumeReservation,
  lockActiveReservations,
  releaseReservation,
  type ActiveReservation,
} from '../../db/repositories/stock-repository';
import { reject } from '../errors';
import { round3 } from './reserve-order-stock';

export interface PostShipmentInput {
  workflowId: string;
  orderNumber: string;
  picks: ConfirmedPick[];
  userName: string;
}

/**
 * Posts what the clerk picked as shipment moves out of the reserved locations, consuming the reservations;
 * reservations not picked go back to free stock. All in one transaction: the order ships fully or not at all.
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
    if (!line) return reject('PICK_NOT_RESERVED', `Order ${input.orderNumber} has no line ${pick.lineNo}`);
    const sources = matching(reservations, pick);
    const source = sources[0];
    if (!source) return reject('PICK_NOT_RESERVED', `Pick ${index} names a location/lot not reserved`, { pick });
    let open = pick.quantity;
    for (const reservation of sources) {
      const take = Math.min(open, reservation.quantity);
      await consumeReservation(em, reservation, take);
      reservation.quantity = round3(reservation.quantity - take);
      open = round3(open - take);
      if (open <= 0) break;
    }
    if (open > 0) {
      return reject('PICK_NOT_RESERVED', `Pick ${index} exceeds what is reserved at ${pick.locationCode}`, { pick });
    }
    moveIds.push(
      await appendMove(em, {
        moveType: 'shipment',
        itemId: line.itemId,
        lotId: source.lotId,
        fromLocationId: source.locationId,
        toLocationId: null,
        fromStatus: 'available',
        toStatus: null,
        quantity: pick.quantity,
        documentType: 'sales-order',
        documentRef: input.orderNumber,
        lineNo: pick.lineNo,
        userName: input.userName,
        idempotencyKey: `${input.workflowId}:shipment:${index}`,
      }),
    );
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
    details: { moveIds, shippedByLine, status },
  });
  return { moveIds, shippedByLine, status };
}

function matching(reservations: ActiveReservation[], pick: ConfirmedPick): ActiveReservation[] {
  return reservations.filter(
    (r) =>
      r.lineNo === pick.lineNo &&
      r.locationCode === pick.locationCode &&
      (r.lotCode ?? null) === (pick.lotCode ?? null) &&
      r.quantity > 0,
  );
}
