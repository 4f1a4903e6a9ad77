import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../../db/errors';
import { postMove } from '../../db/inventory/post-move';
import { recordSubcontractChange } from '../../db/planning/planning-changes';
import {
  consumeReservation,
  insertReservation,
  lockActiveReservations,
  releaseReservation,
  releaseReservations,
  reservedByLine,
} from '../../db/repositories/stock-repository';
import type { SubcontractOrderComponent } from '../../db/entities';
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

/** Components we send: ours, and a customer's material we hold for them (the supplier buys its own). */
const SENT_BY_US = new Set(['ours', 'customer']);

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
 * Reserves what each component we send still needs (required - sent - already reserved by the process) at the
 * order's warehouse, lots chosen as production's kit chooses them (available only, FEFO then FIFO), owned by the
 * process and kept as long as a kit's. An `ours` line takes only our stock; a `customer` line only that customer's
 * material (issue 15), never ours. Components in item order, so competing reservations lock rows in one order.
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
    .filter((line) => SENT_BY_US.has(line.provision))
    .sort((a, b) => a.item.id - b.item.id || a.lineNo - b.lineNo);
  const short: SendReservation['short'] = [];
  for (const line of lines) {
    const missing = round3(num(line.requiredQuantity) - num(line.sentQuantity) - (held.get(line.lineNo) ?? 0));
    if (missing <= 0) continue;
    const component = { lineNo: line.lineNo, itemId: line.item.id, sku: line.item.sku };
    const owner = line.provision === 'customer' ? (line.customer?.id ?? null) : null;
    const lots = await chooseLots(em, component, missing, order.warehouse.code, new Date(), owner);
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
 * process's reservation there. A customer-provided line sends that customer's material, owner kept (never valued,
 * never 1300). Refuses a line the supplier buys, more than a line requires, and a pick for an `ours` line naming a
 * place or lot that holds a customer's material instead of ours (customer material sent as if it were ours). The
 * order's sent quantities move and it is `at-supplier`.
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
  await em.populate(order, ['components.customer']);
  const reservations = await lockActiveReservations(em, input.workflowId);
  const sent: ComponentsSent['sent'] = [];
  /** Our components sent: planning's demand for them (what is still to send) and their stock fell. */
  const planned = new Set<number>();
  for (const [index, pick] of input.picks.entries()) {
    const line = order.components.getItems().find((candidate) => candidate.lineNo === pick.lineNo);
    if (!line || !SENT_BY_US.has(line.provision)) {
      refuse('SEND_REFUSED', `Line ${pick.lineNo} is not a component we send`, `picks[${index}].lineNo`);
    }
    const ownerCustomerCode = line.provision === 'customer' ? (line.customer?.code ?? null) : null;
    await refuseOtherOwner(em, line, pick, index);
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
      ownerCustomerCode,
    }).catch((error: unknown) => {
      if (error instanceof BooksError)
        refuse('SEND_REFUSED', error.message, `picks[${index}].${error.field ?? 'quantity'}`);
      throw error;
    });
    line.sentQuantity = total;
    if (line.provision === 'ours') planned.add(line.item.id);
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
  await recordSubcontractChange(em, {
    orderNumber: order.orderNumber,
    workflowId: input.workflowId,
    reason: `components sent on ${order.orderNumber}`,
    requestedBy: input.userName,
    itemIds: [...planned],
  });
  return { supplierLocation: site, sent };
}

/**
 * Refuses a pick whose place and lot hold none of the line's owner's stock but another owner's: a customer's material
 * picked for an `ours` line (sent as if it were ours), or ours for a customer's line. Names the lot (or the location,
 * for items without lots). Returns quietly otherwise: the posting itself then checks the quantity, owner by owner.
 */
async function refuseOtherOwner(
  em: EntityManager,
  line: SubcontractOrderComponent,
  pick: SendComponentsInput['picks'][number],
  index: number,
): Promise<void> {
  const owner = line.provision === 'customer' ? (line.customer?.id ?? null) : null;
  const held = await query<{ code: string | null; mine: boolean }>(
    em,
    `select c.code, coalesce(b.owner_customer_id, 0) = coalesce(?::int, 0) as mine
       from stock_balance b join location l on l.id = b.location_id left join lot on lot.id = b.lot_id
       left join customer c on c.id = b.owner_customer_id
      where b.item_id = ? and l.code = ? and coalesce(lot.code, '') = coalesce(?::text, '') and b.status = 'available'
        and b.quantity > 0
      order by b.id`,
    [owner, line.item.id, pick.location, pick.lotCode],
  );
  const other = held.find((row) => !row.mine);
  if (!other || held.some((row) => row.mine)) return;
  const whose = other.code === null ? 'ours' : `customer ${other.code}'s material`;
  const wanted = line.provision === 'customer' ? `customer ${line.customer?.code ?? ''}'s material` : 'ours';
  refuse(
    'SEND_REFUSED',
    `Line ${line.lineNo} (${line.item.sku}) sends ${wanted}; the stock at ${pick.location}` +
      `${pick.lotCode === null ? '' : ` lot ${pick.lotCode}`} is ${whose}`,
    `picks[${index}].${pick.lotCode === null ? 'location' : 'lotCode'}`,
  );
}

/** Releases everything the process still holds reserved (a cancel before the send). */
export async function releaseSubcontractReservations(em: EntityManager, workflowId: string): Promise<number> {
  return (await releaseReservations(em, workflowId)).length;
}
