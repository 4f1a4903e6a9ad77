import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../../db/errors';
import { postMove } from '../../db/inventory/post-move';
import {
  consumeReservation,
  insertReservation,
  lockActiveReservations,
  releaseReservation,
  releaseReservations,
  reservedByLine,
} from '../../db/repositories/stock-repository';
import { num, query } from '../../db/sql';
import type {
  ComponentsSent,
  SendComponentsInput,
  SendPick,
  SendReservation,
} from '../../workflows/subcontract-order/subcontract-order.contract';
import { chooseLots } from '../production/component-lots';
import { KIT_RESERVATION_TTL_MINUTES } from '../production/reserve-kit';
import { ensureSupplierSite } from './supplier-site';
import { findOrder, refuse, round3, SUBCONTRACT_DOCUMENT } from './subcontract-order-read';

/** Statuses in which components may still be reserved and sent. */
const SENDABLE = new Set(['approved', 'at-supplier']);

/** The workflow's active reservations as the pick task's places, in line order. */
async function activePicks(em: EntityManager, workflowId: string): Promise<SendPick[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select r.line_no, i.sku, l.code as location, lot.code as lot_code,
            to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on, r.quantity
       from reservation r join item i on i.id = r.item_id join location l on l.id = r.location_id
       left join lot on lot.id = r.lot_id
      where r.owner_workflow_id = ? and r.state = 'active' order by r.line_no, r.id`,
    [workflowId],
  );
  return rows.map((r) => ({
    lineNo: num(r.line_no),
    sku: String(r.sku),
    location: String(r.location),
    lotCode: r.lot_code === null ? null : String(r.lot_code),
    quantity: num(r.quantity),
    expiresOn: r.expires_on === null ? null : String(r.expires_on),
  }));
}

/**
 * Reserves what each `ours` component still needs to send (required - sent - already reserved by the process) at the
 * order's warehouse, lots chosen as production's kit chooses them (available only, FEFO then FIFO), owned by the
 * process and kept as long as a kit's. Components in item order, so competing reservations lock rows in one order.
 */
export async function reserveSubcontractComponents(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string },
): Promise<SendReservation> {
  const order = await findOrder(em, input.orderNumber, true);
  if (!SENDABLE.has(order.status)) return { picks: [], short: [] };
  const held = await reservedByLine(em, input.workflowId);
  const lines = order.components
    .getItems()
    .filter((line) => line.provision === 'ours')
    .sort((a, b) => a.item.id - b.item.id || a.lineNo - b.lineNo);
  const short: SendReservation['short'] = [];
  for (const line of lines) {
    const missing = round3(num(line.requiredQuantity) - num(line.sentQuantity) - (held.get(line.lineNo) ?? 0));
    if (missing <= 0) continue;
    const component = { lineNo: line.lineNo, itemId: line.item.id, sku: line.item.sku };
    const lots = await chooseLots(em, component, missing, order.warehouse.code, new Date());
    for (const { row, quantity } of lots.chosen) {
      await insertReservation(em, {
        itemId: line.item.id,
        balanceId: row.balanceId,
        locationId: row.locationId,
        lotId: row.lotId,
        quantity,
        ownerWorkflowId: input.workflowId,
        documentRef: order.orderNumber,
        lineNo: line.lineNo,
        ttlMinutes: KIT_RESERVATION_TTL_MINUTES,
      });
    }
    if (lots.short > 0) short.push({ lineNo: line.lineNo, sku: line.item.sku, short: round3(lots.short) });
  }
  short.sort((a, b) => a.lineNo - b.lineNo);
  return { picks: await activePicks(em, input.workflowId), short };
}

/**
 * Sends the clerk's picks to the supplier: per pick a transfer from our bin into the supplier's site with status
 * at-supplier (POSTINGS.md: a move within 1300, no journal entry; the stock keeps its layers' cost), taken from the
 * process's reservation there. Refuses a line that is not ours to send, and more than a line requires. The order's
 * sent quantities move and it is `at-supplier`.
 */
export async function sendSubcontractComponents(
  em: EntityManager,
  input: SendComponentsInput,
  key: string,
): Promise<ComponentsSent> {
  const order = await findOrder(em, input.orderNumber, true);
  if (!SENDABLE.has(order.status)) {
    refuse('SEND_REFUSED', `Subcontract order ${order.orderNumber} is ${order.status}: nothing can be sent`, 'status');
  }
  const site = await ensureSupplierSite(em, order.supplier);
  const reservations = await lockActiveReservations(em, input.workflowId);
  const sent: ComponentsSent['sent'] = [];
  for (const [index, pick] of input.picks.entries()) {
    const line = order.components.getItems().find((candidate) => candidate.lineNo === pick.lineNo);
    if (!line || line.provision !== 'ours') {
      refuse('SEND_REFUSED', `Line ${pick.lineNo} is not a component we send`, `picks[${index}].lineNo`);
    }
    const total = round3(num(line.sentQuantity) + pick.quantity);
    if (total > num(line.requiredQuantity)) {
      refuse(
        'SEND_REFUSED',
        `Line ${pick.lineNo} (${line.item.sku}) requires ${num(line.requiredQuantity)}: ${total} would be more`,
        `picks[${index}].quantity`,
      );
    }
    const reservation = reservations.find(
      (r) => r.lineNo === pick.lineNo && r.locationCode === pick.location && r.lotCode === pick.lotCode,
    );
    const fromReserved = reservation !== undefined && reservation.quantity >= pick.quantity;
    if (reservation && fromReserved) await consumeReservation(em, reservation, pick.quantity);
    else if (reservation) await releaseReservation(em, reservation);
    if (reservation) reservation.quantity = fromReserved ? round3(reservation.quantity - pick.quantity) : 0;
    const posted = await postMove(em, {
      moveType: 'transfer',
      itemSku: line.item.sku,
      lot: pick.lotCode === null ? null : { code: pick.lotCode },
      fromLocation: pick.location,
      toLocation: site,
      fromStatus: 'available',
      toStatus: 'at-supplier',
      quantity: pick.quantity,
      documentType: SUBCONTRACT_DOCUMENT,
      documentRef: order.orderNumber,
      lineNo: line.lineNo,
      userName: input.userName,
      idempotencyKey: `subcontract:${order.orderNumber}:send:${key}:${index}`,
      fromReserved,
    }).catch((error: unknown) => {
      if (error instanceof BooksError)
        refuse('SEND_REFUSED', error.message, `picks[${index}].${error.field ?? 'quantity'}`);
      throw error;
    });
    line.sentQuantity = total;
    sent.push({ lineNo: line.lineNo, sku: line.item.sku, quantity: pick.quantity, moveId: posted.moveId });
  }
  // Lines sent in full keep no reservation.
  const done = new Set(
    order.components
      .getItems()
      .filter((line) => num(line.sentQuantity) >= num(line.requiredQuantity))
      .map((line) => line.lineNo),
  );
  await releaseReservations(em, input.workflowId, (r) => done.has(r.lineNo));
  order.status = 'at-supplier';
  order.updatedAt = new Date();
  await em.flush();
  return { supplierLocation: site, sent };
}

/** Releases everything the process still holds reserved (a cancel before the send). */
export async function releaseSubcontractReservations(em: EntityManager, workflowId: string): Promise<number> {
  return (await releaseReservations(em, workflowId)).length;
}
