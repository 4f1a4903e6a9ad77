import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { num, query } from '../../db/sql';
import { eventually } from './int-env';

/* What the subcontracting integration tests read back from the books and the inspection lots, shared by them. */

/** The item's FIFO layers, oldest first: [quantity in, value in, quantity left, value left]. */
export async function itemLayers(em: EntityManager, sku: string): Promise<number[][]> {
  const list = await query<{
    quantity_in: string;
    value_in: string;
    quantity_remaining: string;
    value_remaining: string;
  }>(
    em,
    `select l.quantity_in, l.value_in, l.quantity_remaining, l.value_remaining
       from cost_layer l join item i on i.id = l.item_id where i.sku = ? order by l.id`,
    [sku],
  );
  return list.map((l) => [num(l.quantity_in), num(l.value_in), num(l.quantity_remaining), num(l.value_remaining)]);
}

/** The subcontract order's journal entries in order, each as its lines `account Dr/Cr amount`. */
export async function orderEntries(em: EntityManager, orderNumber: string): Promise<string[][]> {
  const lines = await query<{ entry_id: number; account_code: string; debit: string; credit: string }>(
    em,
    `select e.id as entry_id, l.account_code, l.debit, l.credit
       from journal_entry e join journal_line l on l.entry_id = e.id
      where e.source_type = 'subcontract-order' and e.source_ref = ?
      order by e.id, l.account_code, l.debit desc, l.credit desc`,
    [orderNumber],
  );
  const byEntry = new Map<number, string[]>();
  for (const line of lines) {
    const side = num(line.debit) > 0 ? `Dr ${num(line.debit)}` : `Cr ${num(line.credit)}`;
    byEntry.set(line.entry_id, [...(byEntry.get(line.entry_id) ?? []), `${line.account_code} ${side}`]);
  }
  return [...byEntry.values()];
}

/** The order's inspection lots, once there are `count` of them, in lot order. */
export function inspectionLotsOf<L extends { lotNo: string }>(
  app: FastifyInstance,
  headers: Record<string, string>,
  orderNumber: string,
  count: number,
): Promise<L[]> {
  return eventually(async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/inspection-lots?sourceDocument=${orderNumber}`,
      headers,
    });
    const items = response.json<{ items: L[] }>().items;
    return items.length === count ? [...items].sort((a, b) => (a.lotNo < b.lotNo ? -1 : 1)) : undefined;
  });
}

/** What one owner holds (a customer's id; null: ours) of an item at a location and lot, in a stock status. */
export async function heldBy(
  em: EntityManager,
  at: { sku: string; location: string; lot: string },
  ownerId: number | null,
  status = 'available',
): Promise<number> {
  const [row] = await query<{ q: string }>(
    em,
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id join lot on lot.id = b.lot_id
      where i.sku = ? and l.code = ? and lot.code = ? and b.status = ?
        and coalesce(b.owner_customer_id, 0) = coalesce(?::int, 0)`,
    [at.sku, at.location, at.lot, status, ownerId],
  );
  return num(row?.q);
}
