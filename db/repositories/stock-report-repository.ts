import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../sql';

/**
 * Every stock balance with its valuation scope's unit value (value / quantity of the item's scope: the item, or
 * the item in the balance's warehouse). Customer-supplied stock (a balance with an owner, in any warehouse, or any
 * balance in a virtual warehouse) is counted, never valued: its unit value reads 0.
 */
export const VALUED_BALANCES = `
  from stock_balance b
  join item i on i.id = b.item_id
  join location l on l.id = b.location_id
  join warehouse w on w.id = l.warehouse_id
  left join lot on lot.id = b.lot_id
  left join item_valuation v on not w.virtual and v.item_id = b.item_id and b.owner_customer_id is null
        and coalesce(v.warehouse_id, 0) = case when i.valued_per_warehouse then w.id else 0 end`;
/** The unit value of a balance row read through {@link VALUED_BALANCES}. */
export const UNIT_VALUE = 'case when v.quantity > 0 then v.value / v.quantity else 0 end';
/** A lot past its expiry date (the expiry date is its last usable day): reported apart from blocked stock. */
export const EXPIRED = 'coalesce(lot.expires_on < current_date, false)';

export async function listWarehouses(em: EntityManager) {
  const rows = await query<Record<string, unknown>>(
    em,
    'select code, name, virtual from warehouse order by priority, code',
  );
  return rows.map((r) => ({ code: String(r.code), name: String(r.name), virtual: Boolean(r.virtual) }));
}

export const AGING_BUCKETS = ['0-30', '31-90', '91-180', '180+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Outgoing moves in the sense of "is anybody using this item": sales, production and scrap. */
export const OUTGOING_MOVE_TYPES = ['shipment', 'issue', 'production-issue', 'scrap'] as const;

/**
 * Every item with stock on hand, its last outgoing move and its valuation sub-ledger value, as `s`: the
 * slow-moving report lists these (api/reports/slow-moving-list.ts) under {@link NOT_MOVED_WITHIN_DAYS}.
 */
export const ITEMS_ON_HAND_LAST_OUT = `
  from (
    select last_out.*, floor(extract(epoch from (now() - last_out.last_outgoing_at)) / 86400)::int as days_since
      from (
        select i.id, i.sku, i.name, i.uom, o.quantity,
               (select max(m.effective_at) from stock_move m
                 where m.item_id = i.id and m.move_type in (${OUTGOING_MOVE_TYPES.map((t) => `'${t}'`).join(', ')}))
                 as last_outgoing_at,
               (select coalesce(sum(v.value), 0) from item_valuation v where v.item_id = i.id) as value
          from (select b.item_id, sum(b.quantity) as quantity
                  from stock_balance b group by b.item_id having sum(b.quantity) > 0) o
          join item i on i.id = o.item_id) last_out) s`;
/** An item of {@link ITEMS_ON_HAND_LAST_OUT} with no outgoing move in the last `?` days (or never). */
export const NOT_MOVED_WITHIN_DAYS =
  's.last_outgoing_at is null or s.last_outgoing_at < now() - make_interval(days => ?)';
