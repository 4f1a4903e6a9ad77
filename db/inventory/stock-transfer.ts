import type { EntityManager } from '@mikro-orm/postgresql';
import { IN_TRANSIT, Item, Location, StockMove, StockTransfer, Warehouse } from '../entities';
import { BooksError, DocumentError } from '../errors';
import { recordPlanningChange } from '../planning/planning-changes';
import { dockOf } from '../repositories/location-repository';
import { query } from '../sql';
import { postMove } from './post-move';

/** What a dispatch names, as the API took it in. */
export interface DispatchInput {
  itemSku: string;
  lotCode?: string | null;
  quantity: number;
  fromLocation: string;
  toWarehouse: string;
  /** The bin it is to land in; may also be named at receipt. */
  toLocation?: string | null;
  expectedArrival: string;
  userName: string;
  /** The net change this dispatch queues runs on this queue. */
  taskQueue: string;
}

/** The transfer document as the API answers it. */
export interface TransferView {
  number: string;
  status: StockTransfer['status'];
  itemSku: string;
  lotCode: string | null;
  quantity: number;
  fromLocation: string;
  toWarehouse: string;
  transitLocation: string;
  toLocation: string | null;
  expectedArrival: string;
  dispatchedBy: string;
  dispatchedAt: string;
  receivedBy: string | null;
  receivedAt: string | null;
}

const POPULATE = ['item', 'lot', 'fromLocation', 'toWarehouse', 'transitLocation', 'toLocation'] as const;

/**
 * Dispatches stock to another warehouse in the caller's transaction: one `transfer` move through the posting engine
 * from the source bin (available, free of reservations, never below zero) to the destination's dock in status
 * `in-transit`, so it stops being free stock at once. Value follows the stock: a per-warehouse valued item carries its
 * FIFO cost into the destination's pool now; nothing is booked (a move within 1300, POSTINGS.md). Records the planning
 * change, so net change re-plans the item with the transit supply.
 */
export async function dispatchTransfer(em: EntityManager, input: DispatchInput): Promise<TransferView> {
  const item = await em.findOne(Item, { sku: input.itemSku });
  if (!item) throw new DocumentError('UNKNOWN_ITEM', `No item ${input.itemSku}`, 'itemSku');
  const from = await em.findOne(Location, { code: input.fromLocation }, { populate: ['warehouse'] });
  if (!from) throw new BooksError('UNKNOWN_LOCATION', `No location ${input.fromLocation}`, 'fromLocation');
  if (from.warehouse.virtual) {
    throw new DocumentError('VALIDATION_FAILED', `${from.code} holds no stock of ours to transfer`, 'fromLocation');
  }
  const target = await em.findOne(Warehouse, { code: input.toWarehouse });
  if (!target) throw new DocumentError('UNKNOWN_WAREHOUSE', `No warehouse ${input.toWarehouse}`, 'toWarehouse');
  if (target.id === from.warehouse.id) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      'A transfer goes to another warehouse; within one warehouse post a manual transfer move',
      'toWarehouse',
    );
  }
  if (!target.active || target.virtual) {
    throw new DocumentError('VALIDATION_FAILED', `Warehouse ${target.code} takes no transfers`, 'toWarehouse');
  }
  const dock = await dockOf(em, target.id);
  if (!dock) throw new DocumentError('VALIDATION_FAILED', `Warehouse ${target.code} has no active dock`, 'toWarehouse');
  const toLocation = input.toLocation ? await binOf(em, input.toLocation, target, 'toLocation') : null;
  const [seq] = await query<{ n: string }>(em, `select nextval('stock_transfer_number_seq') as n`);
  const number = `TR-${String(seq!.n).padStart(6, '0')}`;
  const posted = await postMove(em, {
    moveType: 'transfer',
    itemSku: item.sku,
    lot: input.lotCode ? { code: input.lotCode } : null,
    fromLocation: from.code,
    toLocation: dock.code,
    fromStatus: 'available',
    toStatus: IN_TRANSIT,
    quantity: input.quantity,
    documentType: 'stock-transfer',
    documentRef: number,
    lineNo: 1,
    userName: input.userName,
    idempotencyKey: `stock-transfer:${number}:dispatch`,
  });
  const move = await em.findOneOrFail(StockMove, posted.moveId, { populate: ['lot'] });
  const transfer = em.create(StockTransfer, {
    number,
    item,
    lot: move.lot,
    quantity: input.quantity,
    fromLocation: from,
    toWarehouse: target,
    transitLocation: em.getReference(Location, dock.id),
    toLocation,
    expectedArrival: input.expectedArrival,
    status: 'dispatched',
    dispatchedBy: input.userName,
    dispatchedAt: new Date(),
    dispatchMove: move,
  });
  await em.flush();
  await recordPlanningChange(em, {
    itemIds: [item.id],
    reason: `transfer ${number} dispatched to ${target.code}`,
    documentRef: number,
    requestedBy: input.userName,
    taskQueue: input.taskQueue,
  });
  await em.populate(transfer, POPULATE);
  return viewOf(transfer);
}

/** The outcome of a receipt: the document, or why there is nothing to receive. */
export type ReceiveOutcome =
  | { kind: 'received'; transfer: TransferView; moveId: number }
  | { kind: 'not-found' }
  | { kind: 'already-received'; transfer: TransferView };

/**
 * Receives a dispatched transfer, whole, in the caller's transaction: the document row is locked, so two receipts
 * of one transfer wait for each other and the second finds it received. One `transfer` move takes the in-transit
 * stock from the dock into the destination bin (named now, or at dispatch) as available stock; same warehouse, so
 * no value moves. Records the planning change (transit supply becomes on hand).
 */
export async function receiveTransfer(
  em: EntityManager,
  input: { number: string; toLocation?: string | null; userName: string; taskQueue: string },
): Promise<ReceiveOutcome> {
  const [locked] = await query<{ id: number }>(em, `select id from stock_transfer where number = ? for update`, [
    input.number,
  ]);
  if (!locked) return { kind: 'not-found' };
  const transfer = await em.findOneOrFail(StockTransfer, locked.id, { populate: POPULATE, refresh: true });
  if (transfer.status !== 'dispatched') return { kind: 'already-received', transfer: viewOf(transfer) };
  const named = input.toLocation ?? transfer.toLocation?.code;
  if (!named) {
    throw new DocumentError('VALIDATION_FAILED', 'Name the bin the transfer lands in', 'toLocation');
  }
  const bin = await binOf(em, named, transfer.toWarehouse, 'toLocation');
  const posted = await postMove(em, {
    moveType: 'transfer',
    itemSku: transfer.item.sku,
    lot: transfer.lot ? { code: transfer.lot.code } : null,
    fromLocation: transfer.transitLocation.code,
    toLocation: bin.code,
    fromStatus: IN_TRANSIT,
    toStatus: 'available',
    quantity: transfer.quantity,
    documentType: 'stock-transfer',
    documentRef: transfer.number,
    lineNo: 2,
    userName: input.userName,
    idempotencyKey: `stock-transfer:${transfer.number}:receive`,
  });
  transfer.status = 'received';
  transfer.toLocation = bin;
  transfer.receivedBy = input.userName;
  transfer.receivedAt = new Date();
  transfer.receiveMove = em.getReference(StockMove, posted.moveId);
  await em.flush();
  await recordPlanningChange(em, {
    itemIds: [transfer.item.id],
    reason: `transfer ${transfer.number} received at ${bin.code}`,
    documentRef: transfer.number,
    requestedBy: input.userName,
    taskQueue: input.taskQueue,
  });
  return { kind: 'received', transfer: viewOf(transfer), moveId: posted.moveId };
}

/** A transfer by its number, or null. */
export async function findTransfer(em: EntityManager, number: string): Promise<TransferView | null> {
  const transfer = await em.findOne(StockTransfer, { number }, { populate: POPULATE });
  return transfer ? viewOf(transfer) : null;
}

/** An active, non-virtual bin of the warehouse, or a refusal naming the field. */
async function binOf(em: EntityManager, code: string, warehouse: Warehouse, field: string): Promise<Location> {
  const bin = await em.findOne(Location, { code });
  if (!bin || bin.warehouse.id !== warehouse.id || !bin.active || bin.type === 'virtual') {
    throw new DocumentError('VALIDATION_FAILED', `${code} is no active bin of warehouse ${warehouse.code}`, field);
  }
  return bin;
}

export function viewOf(t: StockTransfer): TransferView {
  return {
    number: t.number,
    status: t.status,
    itemSku: t.item.sku,
    lotCode: t.lot?.code ?? null,
    quantity: Number(t.quantity),
    fromLocation: t.fromLocation.code,
    toWarehouse: t.toWarehouse.code,
    transitLocation: t.transitLocation.code,
    toLocation: t.toLocation?.code ?? null,
    expectedArrival: t.expectedArrival,
    dispatchedBy: t.dispatchedBy,
    dispatchedAt: t.dispatchedAt.toISOString(),
    receivedBy: t.receivedBy,
    receivedAt: t.receivedAt?.toISOString() ?? null,
  };
}
