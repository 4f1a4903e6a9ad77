import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

/** A balance row with free (unreserved) available stock, locked for the caller's transaction. */
export interface FreeStockRow {
  balanceId: number;
  locationId: number;
  locationCode: string;
  lotId: number | null;
  lotCode: string | null;
  expiryDate: string | null;
  free: number;
}

/**
 * Locks and returns the available, unexpired, unreserved stock of an item that is ours (never a customer's material,
 * never at a receiving dock, where stock waits for putaway), oldest receipt first, then by the
 * picker's walking order. `FOR UPDATE` on the balance rows is the reservation mechanism: two orders competing
 * for the same lot serialise on its row, and the second sees what the first left, so nothing is promised twice.
 */
export async function lockFreeStockOldestFirst(em: EntityManager, itemId: number): Promise<FreeStockRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select b.id as balance_id, b.location_id, l.code as location_code, b.lot_id, lot.code as lot_code,
            to_char(lot.expires_on, 'YYYY-MM-DD') as expiry_date, b.quantity - b.reserved_quantity as free
       from stock_balance b
       join location l on l.id = b.location_id
       join warehouse w on w.id = l.warehouse_id and not w.virtual and l.type <> 'dock'
       left join lot on lot.id = b.lot_id
      where b.item_id = ? and b.status = 'available' and b.quantity - b.reserved_quantity > 0
        and b.owner_customer_id is null
        and (lot.expires_on is null or lot.expires_on > current_date)
      order by lot.received_at asc nulls last, l.pick_sequence asc, b.id asc
      for update of b`,
    [itemId],
  );
  return rows.map((row) => ({
    balanceId: num(row.balance_id),
    locationId: num(row.location_id),
    locationCode: String(row.location_code),
    lotId: row.lot_id === null ? null : num(row.lot_id),
    lotCode: row.lot_code === null ? null : String(row.lot_code),
    expiryDate: row.expiry_date === null ? null : String(row.expiry_date),
    free: num(row.free),
  }));
}

export interface NewReservation {
  itemId: number;
  balanceId: number;
  locationId: number;
  lotId: number | null;
  quantity: number;
  ownerWorkflowId: string;
  documentRef: string;
  lineNo: number;
  ttlMinutes: number;
}

/** Adds a reservation and raises the balance's reserved quantity (the caller holds the row lock). */
export async function insertReservation(em: EntityManager, r: NewReservation): Promise<number> {
  await query(
    em,
    'update stock_balance set reserved_quantity = reserved_quantity + ?, updated_at = now() where id = ?',
    [r.quantity, r.balanceId],
  );
  const [row] = await query<{ id: number }>(
    em,
    `insert into reservation (item_id, location_id, lot_id, quantity, owner_workflow_id, document_ref, line_no, state,
                              expires_at, created_at, owner_customer_id)
     select ?, ?, ?, ?, ?, ?, ?, 'active', now() + make_interval(mins => ?), now(),
            (select owner_customer_id from stock_balance where id = ?)
     returning id`,
    [
      r.itemId,
      r.locationId,
      r.lotId,
      r.quantity,
      r.ownerWorkflowId,
      r.documentRef,
      r.lineNo,
      r.ttlMinutes,
      r.balanceId,
    ],
  );
  return num(row?.id);
}

export interface ActiveReservation {
  id: number;
  itemId: number;
  locationId: number;
  locationCode: string;
  lotId: number | null;
  lotCode: string | null;
  lineNo: number;
  quantity: number;
  balanceId: number;
  /** Picked stock staged at a dock (as opposed to stock still in its bin). */
  atDock: boolean;
}

/** The owner's active reservations with their balance rows locked, in a stable order (no deadlocks). */
export async function lockActiveReservations(em: EntityManager, ownerWorkflowId: string): Promise<ActiveReservation[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select r.id, r.item_id, r.location_id, l.code as location_code, r.lot_id, lot.code as lot_code, r.line_no,
            r.quantity, b.id as balance_id, l.type = 'dock' as at_dock
       from reservation r
       join location l on l.id = r.location_id
       left join lot on lot.id = r.lot_id
       join stock_balance b on b.item_id = r.item_id and b.location_id = r.location_id
                           and coalesce(b.lot_id, 0) = coalesce(r.lot_id, 0) and b.status = 'available'
                           and coalesce(b.owner_customer_id, 0) = coalesce(r.owner_customer_id, 0)
      where r.owner_workflow_id = ? and r.state = 'active'
      order by b.id, r.id
      for update of b, r`,
    [ownerWorkflowId],
  );
  return rows.map((row) => ({
    id: num(row.id),
    itemId: num(row.item_id),
    locationId: num(row.location_id),
    locationCode: String(row.location_code),
    lotId: row.lot_id === null ? null : num(row.lot_id),
    lotCode: row.lot_code === null ? null : String(row.lot_code),
    lineNo: num(row.line_no),
    quantity: num(row.quantity),
    balanceId: num(row.balance_id),
    atDock: row.at_dock === true,
  }));
}

/**
 * Marks `quantity` of a reservation as used by the move that ships it (the move itself takes the stock and the
 * reserved quantity off the balance): the reservation closes when fully used, otherwise keeps the rest.
 */
export async function consumeReservation(em: EntityManager, r: ActiveReservation, quantity: number): Promise<void> {
  const closes = quantity >= r.quantity;
  await query(
    em,
    closes
      ? `update reservation set state = 'consumed', closed_at = now() where id = ?`
      : `update reservation set quantity = quantity - ? where id = ?`,
    closes ? [r.id] : [quantity, r.id],
  );
}

/** Releases reservations past their expiry on an item's stock, so stock is never held invisibly forever. */
export async function releaseExpiredReservations(em: EntityManager, itemId: number): Promise<number> {
  const expired = await query<{ id: number; quantity: string; balance_id: number }>(
    em,
    `select r.id, r.quantity, b.id as balance_id from reservation r
       join stock_balance b on b.item_id = r.item_id and b.location_id = r.location_id
                           and coalesce(b.lot_id, 0) = coalesce(r.lot_id, 0) and b.status = 'available'
                           and coalesce(b.owner_customer_id, 0) = coalesce(r.owner_customer_id, 0)
      where r.item_id = ? and r.state = 'active' and r.expires_at < now()
      order by b.id, r.id for update of b, r`,
    [itemId],
  );
  for (const row of expired) {
    await query(em, `update reservation set state = 'released', closed_at = now() where id = ?`, [row.id]);
    await query(em, 'update stock_balance set reserved_quantity = reserved_quantity - ? where id = ?', [
      num(row.quantity),
      row.balance_id,
    ]);
  }
  return expired.length;
}

/** Gives a reservation's stock back to free stock. */
export async function releaseReservation(em: EntityManager, r: ActiveReservation): Promise<void> {
  await query(em, `update reservation set state = 'released', closed_at = now() where id = ?`, [r.id]);
  await query(
    em,
    'update stock_balance set reserved_quantity = reserved_quantity - ?, updated_at = now() where id = ?',
    [r.quantity, r.balanceId],
  );
}

/** Pushes the expiry of the owner's active reservations out again: the workflow still needs them. */
export async function renewReservations(
  em: EntityManager,
  ownerWorkflowId: string,
  ttlMinutes: number,
): Promise<number> {
  const rows = await query(
    em,
    `update reservation set expires_at = now() + make_interval(mins => ?)
      where owner_workflow_id = ? and state = 'active' returning id`,
    [ttlMinutes, ownerWorkflowId],
  );
  return rows.length;
}

/** Active reserved quantity per order line held by the owner (in bins and at the dock). */
export async function reservedByLine(em: EntityManager, ownerWorkflowId: string): Promise<Map<number, number>> {
  const rows = await query<{ line_no: number; quantity: string }>(
    em,
    `select line_no, sum(quantity) as quantity from reservation
      where owner_workflow_id = ? and state = 'active' group by line_no`,
    [ownerWorkflowId],
  );
  return new Map(rows.map((row) => [num(row.line_no), num(row.quantity)]));
}

/** Gives back the owner's active reservations that `which` selects (all by default); returns what was released. */
export async function releaseReservations(
  em: EntityManager,
  ownerWorkflowId: string,
  which: (r: ActiveReservation) => boolean = () => true,
): Promise<ActiveReservation[]> {
  const released = (await lockActiveReservations(em, ownerWorkflowId)).filter(which);
  for (const reservation of released) await releaseReservation(em, reservation);
  return released;
}
