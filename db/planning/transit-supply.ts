import type { EntityManager } from '@mikro-orm/postgresql';
import type { Supply } from '../../rules/mrp';
import { num, query } from '../sql';

/**
 * Stock in transit between warehouses (issue 14): transfers dispatched and not yet received, each supply at its
 * expected arrival date. The stock itself waits in status `in-transit`, which the on-hand query never reads, so it is
 * counted once. Read in the snapshot's transaction like every other supply; `only` restricts to some items (over the
 * alias `i` of item), as db/planning/mrp-snapshot.ts builds it. Lots that will have expired by their arrival are left
 * out, as on hand leaves out lots expired before the run's date.
 */
export async function transitSupply(em: EntityManager, only: { sql: string; params: unknown[] }): Promise<Supply[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select t.number, i.sku, t.quantity, to_char(t.expected_arrival, 'YYYY-MM-DD') as arrival,
            to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on
       from stock_transfer t
       join item i on i.id = t.item_id
       left join lot on lot.id = t.lot_id
      where t.status = 'dispatched' and (lot.expires_on is null or lot.expires_on > t.expected_arrival)${only.sql}`,
    only.params,
  );
  return rows.map((r) => ({
    ref: String(r.number),
    kind: 'transit' as const,
    sku: String(r.sku),
    date: String(r.arrival),
    quantity: num(r.quantity),
    expiresOn: r.expires_on === null ? null : String(r.expires_on),
  }));
}
