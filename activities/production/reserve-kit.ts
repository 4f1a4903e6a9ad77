import type { EntityManager } from '@mikro-orm/postgresql';
import {
  lockProductionOrder,
  orderComponents,
  setProductionStatus,
} from '../../db/repositories/production-order-repository';
import { insertReservation, renewReservations, reservedByLine } from '../../db/repositories/stock-repository';
import { num, query } from '../../db/sql';
import { chooseLots } from './component-lots';
import { refuse, round3 } from './production-refusals';
import type { KitPick, KitReservation } from './production-types';

/**
 * A kit waits for its pick task (and maybe for stock) far longer than a sales order's pick: two weeks, renewed by every
 * reservation round (the waiting kit re-checks at least every 6 hours), so a kit that waits longer keeps what it holds.
 */
export const KIT_RESERVATION_TTL_MINUTES = 14 * 24 * 60;

/** Keeps the kit's reservations another TTL: each reservation round does it, and the pick task's wait does. */
export function renewKit(em: EntityManager, workflowId: string): Promise<number> {
  return renewReservations(em, workflowId, KIT_RESERVATION_TTL_MINUTES);
}

/** Statuses in which a kit may still be reserved and issued. */
export const KIT_STATUSES = new Set(['released', 'awaiting-stock', 'in-progress']);

/** The workflow's active reservations as picks for the kit pick task, in line order. */
async function activePicks(em: EntityManager, workflowId: string): Promise<KitPick[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select r.line_no, i.sku, l.code as location, lot.code as lot_code, to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on,
            r.quantity
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
 * Reserves what each kit (or merged) component still lacks (required − issued − already reserved by this workflow)
 * from the order's warehouse, lots chosen FEFO then FIFO by the allocation machinery, owned by the workflow. Components
 * are taken in item order, so two orders competing for stock lock balance rows in one order. The order waits for
 * stock ('awaiting-stock') while anything is short.
 */
export async function reserveKit(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string },
): Promise<KitReservation> {
  const order = await lockProductionOrder(em, input.orderNumber);
  if (!order) return refuse('ISSUE_REFUSED', `Production order ${input.orderNumber} does not exist`, 'orderNumber');
  if (!KIT_STATUSES.has(order.status)) {
    return refuse('ISSUE_REFUSED', `Production order ${order.number} is ${order.status}: no kit to reserve`, 'status');
  }
  // Renewed before anything else: a reservation past its expiry but not yet released (expiry is lazy: the next
  // reserve of that item releases it) is re-taken, and none of ours can expire under our own chooseLots below.
  // One that another reserve already released is not ours any more: `held` omits it and it is reserved again if free.
  await renewKit(em, input.workflowId);
  const held = await reservedByLine(em, input.workflowId);
  const kit = (await orderComponents(em, order.id))
    .filter((c) => c.issueMode !== 'backflush')
    .sort((a, b) => a.itemId - b.itemId || a.lineNo - b.lineNo);
  const short: KitReservation['short'] = [];
  const now = new Date();
  for (const component of kit) {
    const missing = round3(component.requiredQuantity - component.issuedQuantity - (held.get(component.lineNo) ?? 0));
    if (missing <= 0) continue;
    const lots = await chooseLots(em, component, missing, order.warehouseCode, now, component.ownerCustomerId);
    for (const { row, quantity } of lots.chosen) {
      await insertReservation(em, {
        itemId: component.itemId,
        balanceId: row.balanceId,
        locationId: row.locationId,
        lotId: row.lotId,
        quantity,
        ownerWorkflowId: input.workflowId,
        documentRef: order.number,
        lineNo: component.lineNo,
        ttlMinutes: KIT_RESERVATION_TTL_MINUTES,
      });
    }
    if (lots.short > 0) short.push({ lineNo: component.lineNo, sku: component.sku, short: round3(lots.short) });
  }
  short.sort((a, b) => a.lineNo - b.lineNo);
  if (order.status !== 'in-progress') {
    await setProductionStatus(em, order.id, short.length > 0 ? 'awaiting-stock' : 'released');
  }
  return { complete: short.length === 0, short, picks: await activePicks(em, input.workflowId) };
}
