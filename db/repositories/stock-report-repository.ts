import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

/**
 * Every stock balance with its valuation scope's unit value (value / quantity of the item's scope: the item, or
 * the item in the balance's warehouse). Virtual warehouses hold customer-supplied stock: counted, never valued.
 */
export const VALUED_BALANCES = `
  from stock_balance b
  join item i on i.id = b.item_id
  join location l on l.id = b.location_id
  join warehouse w on w.id = l.warehouse_id
  left join lot on lot.id = b.lot_id
  left join item_valuation v on not w.virtual and v.item_id = b.item_id
        and coalesce(v.warehouse_id, 0) = case when i.valued_per_warehouse then w.id else 0 end`;
/** The unit value of a balance row read through {@link VALUED_BALANCES}. */
export const UNIT_VALUE = 'case when v.quantity > 0 then v.value / v.quantity else 0 end';
/** A lot past its expiry date (the expiry date is its last usable day): reported apart from blocked stock. */
export const EXPIRED = 'coalesce(lot.expires_on < current_date, false)';

const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

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
export const OUTGOING_MOVE_TYPES = ['shipment', 'issue', 'scrap'] as const;

const SLOW_MOVERS = `
  with on_hand as (
    select b.item_id, sum(b.quantity) as quantity from stock_balance b group by b.item_id having sum(b.quantity) > 0),
  last_out as (
    select i.id, i.sku, i.name, i.uom, o.quantity,
           (select max(m.effective_at) from stock_move m
             where m.item_id = i.id and m.move_type in (${OUTGOING_MOVE_TYPES.map((t) => `'${t}'`).join(', ')}))
             as last_outgoing_at
      from on_hand o join item i on i.id = o.item_id),
  slow as (select * from last_out where last_outgoing_at is null or last_outgoing_at < now() - make_interval(days => ?))`;

/** Items with stock on hand and no outgoing move in the last `days` days, never-moved items first. */
export async function slowMoving(em: EntityManager, filter: { days: number; limit: number; offset: number }) {
  const rows = await query<Record<string, unknown>>(
    em,
    `${SLOW_MOVERS}
     select s.*, (select coalesce(sum(v.value), 0) from item_valuation v where v.item_id = s.id) as value,
            floor(extract(epoch from (now() - s.last_outgoing_at)) / 86400)::int as days_since
       from slow s order by s.last_outgoing_at asc nulls first, s.sku limit ? offset ?`,
    [filter.days, filter.limit, filter.offset],
  );
  const [totals] = await query<Record<string, unknown>>(
    em,
    `${SLOW_MOVERS}
     select count(*) as n, coalesce(sum((select coalesce(sum(v.value), 0) from item_valuation v where v.item_id = s.id)), 0)
            as value from slow s`,
    [filter.days],
  );
  return {
    items: rows.map((r) => ({
      itemSku: String(r.sku),
      itemName: String(r.name),
      uom: String(r.uom),
      lastOutgoingAt: iso(r.last_outgoing_at),
      daysSinceLastOutgoing: r.days_since === null ? null : num(r.days_since),
      quantity: num(r.quantity),
      value: num(r.value),
    })),
    total: num(totals?.n ?? 0),
    totals: { value: num(totals?.value ?? 0) },
  };
}
