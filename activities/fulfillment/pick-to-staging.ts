import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  ConfirmedPick,
  PickOutcome,
  StagedPick,
} from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import { dockBeside } from '../../db/repositories/location-repository';
import { openStockCount } from '../../db/repositories/stock-count-repository';
import { addLineQuantities, lockOrder, orderLines, setOrderStatus } from '../../db/repositories/order-repository';
import {
  insertReservation,
  lockActiveReservations,
  releaseReservation,
  type ActiveReservation,
} from '../../db/repositories/stock-repository';
import { num, query } from '../../db/sql';
import { reject } from '../errors';
import { consumeReservations, reservationsFor } from './reserved-picks';
import { RESERVATION_TTL_MINUTES } from './reservation-ttl';

export interface ConfirmPickInput {
  workflowId: string;
  orderNumber: string;
  round: number;
  picks: ConfirmedPick[];
  userName: string;
}

/**
 * Books a pick confirmation in one transaction: what the clerk picked moves from its bin to the warehouse's dock
 * (staging), still reserved for this order; what was allocated but not found is released and put on `blocked`
 * status at that bin until someone counts it, so the next allocation round looks elsewhere instead of sending
 * the clerk back to an empty bin. A count of each such bin is queued with the block (the process-start outbox, same
 * transaction), on `countTaskQueue`, so the block lasts only until someone has counted.
 */
export async function confirmPick(
  em: EntityManager,
  input: ConfirmPickInput,
  countTaskQueue?: string,
): Promise<PickOutcome> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  const lines = await orderLines(em, order.orderId);
  const reservations = (await lockActiveReservations(em, input.workflowId)).filter((r) => !r.atDock);
  const staged: StagedPick[] = [];
  for (const [index, pick] of input.picks.entries()) {
    const line = lines.find((candidate) => candidate.lineNo === pick.lineNo);
    if (!line || !(await consumeReservations(em, reservationsFor(reservations, pick), pick.quantity))) {
      return reject('PICK_NOT_RESERVED', `Pick ${index} names stock not allocated to this order`, { pick });
    }
    const dock = await dockOf(em, pick.locationCode);
    await postMove(em, {
      moveType: 'transfer',
      itemSku: line.itemSku,
      lot: pick.lotCode ? { code: pick.lotCode } : null,
      fromLocation: pick.locationCode,
      toLocation: dock.code,
      quantity: pick.quantity,
      fromReserved: true,
      documentType: 'sales-order',
      documentRef: input.orderNumber,
      lineNo: pick.lineNo,
      userName: input.userName,
      idempotencyKey: `${input.workflowId}:pick:${input.round}:${index}`,
    });
    await reserveAtDock(em, { ...input, lineNo: pick.lineNo, itemId: line.itemId, dock, lotCode: pick.lotCode }, pick);
    staged.push({
      lineNo: pick.lineNo,
      itemSku: line.itemSku,
      lotCode: pick.lotCode,
      fromLocation: pick.locationCode,
      stagingLocation: dock.code,
      quantity: pick.quantity,
    });
  }
  const short = await holdShortfalls(em, input, reservations, lines);
  if (countTaskQueue) await queueCounts(em, input, short, lines, countTaskQueue);
  await setOrderStatus(em, order.orderId, 'picked');
  await appendAudit(em, {
    actor: input.userName,
    action: 'order.picked',
    entityType: 'sales_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { round: input.round, staged, short },
  });
  return { staged, short };
}

async function dockOf(em: EntityManager, locationCode: string): Promise<{ id: number; code: string }> {
  const dock = await dockBeside(em, locationCode);
  if (!dock) return reject('PICK_NOT_RESERVED', `The warehouse of ${locationCode} has no dock to stage picks at`);
  return dock;
}

/** The picked stock now lies at the dock: reserve it there for this order, so nothing else can take it. */
async function reserveAtDock(
  em: EntityManager,
  ctx: ConfirmPickInput & { lineNo: number; itemId: number; dock: { id: number }; lotCode: string | null },
  pick: ConfirmedPick,
): Promise<void> {
  const [balance] = await query<{ id: number; lot_id: number | null }>(
    em,
    `select b.id, b.lot_id from stock_balance b left join lot on lot.id = b.lot_id
      where b.item_id = ? and b.location_id = ? and b.status = 'available' and lot.code is not distinct from ?
      for update of b`,
    [ctx.itemId, ctx.dock.id, ctx.lotCode],
  );
  if (!balance) return reject('PICK_NOT_RESERVED', `Picked stock did not arrive at the dock`, { pick });
  await insertReservation(em, {
    itemId: ctx.itemId,
    balanceId: num(balance.id),
    locationId: ctx.dock.id,
    lotId: balance.lot_id === null ? null : num(balance.lot_id),
    quantity: pick.quantity,
    ownerWorkflowId: ctx.workflowId,
    documentRef: ctx.orderNumber,
    lineNo: pick.lineNo,
    ttlMinutes: RESERVATION_TTL_MINUTES,
  });
}

/**
 * Opens a count of every bin a pick came up short at (for the item not found, the lot included), unless the bin is
 * being counted already: that count sees the shortfall too. Idempotent with the pick (runOnce) and per bin.
 */
async function queueCounts(
  em: EntityManager,
  input: ConfirmPickInput,
  short: PickOutcome['short'],
  lines: Awaited<ReturnType<typeof orderLines>>,
  taskQueue: string,
): Promise<void> {
  const seen = new Set<string>();
  for (const entry of short) {
    if (seen.has(entry.locationCode)) continue;
    seen.add(entry.locationCode);
    const itemSku = lines.find((line) => line.lineNo === entry.lineNo)?.itemSku ?? null;
    await openStockCount(em, {
      locationCode: entry.locationCode,
      itemSku,
      lotCode: entry.lotCode,
      reason: 'short-pick',
      sourceRef: input.orderNumber,
      requestedBy: input.userName,
      taskQueue,
    });
  }
}

/**
 * Releases what was allocated and not picked, and blocks what the books still show free in that bin and lot: the
 * clerk did not find it, so none of it should be promised again until someone counts the bin.
 */
async function holdShortfalls(
  em: EntityManager,
  input: ConfirmPickInput,
  reservations: ActiveReservation[],
  lines: Awaited<ReturnType<typeof orderLines>>,
): Promise<PickOutcome['short']> {
  const short: PickOutcome['short'] = [];
  const blocked = new Set<number>();
  const missing = reservations.filter((r) => r.quantity > 0);
  for (const reservation of missing) {
    await releaseReservation(em, reservation);
    const line = lines.find((candidate) => candidate.lineNo === reservation.lineNo);
    if (line) await addLineQuantities(em, line.lineId, { reserved: -reservation.quantity });
    short.push({
      lineNo: reservation.lineNo,
      locationCode: reservation.locationCode,
      lotCode: reservation.lotCode,
      quantity: reservation.quantity,
    });
  }
  for (const reservation of missing) {
    if (blocked.has(reservation.balanceId)) continue;
    blocked.add(reservation.balanceId);
    const [balance] = await query<{ free: string; sku: string }>(
      em,
      `select b.quantity - b.reserved_quantity as free, i.sku from stock_balance b join item i on i.id = b.item_id
        where b.id = ?`,
      [reservation.balanceId],
    );
    const free = num(balance?.free);
    if (!balance || free <= 0) continue;
    await postMove(em, {
      moveType: 'status-change',
      itemSku: String(balance.sku),
      lot: reservation.lotCode ? { code: reservation.lotCode } : null,
      fromLocation: reservation.locationCode,
      fromStatus: 'available',
      toStatus: 'blocked',
      quantity: free,
      documentType: 'short-pick',
      documentRef: input.orderNumber,
      lineNo: reservation.lineNo,
      userName: input.userName,
      idempotencyKey: `${input.workflowId}:short:${input.round}:${reservation.balanceId}`,
    });
  }
  return short;
}
