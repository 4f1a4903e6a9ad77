import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

/**
 * Every stock balance with its valuation scope's unit value (value / quantity of the item's scope: the item, or
 * the item in the balance's warehouse). Virtual warehouses hold customer-supplied stock: counted, never valued.
 */
const VALUED_BALANCES = `
  from stock_balance b
  join item i on i.id = b.item_id
  join location l on l.id = b.location_id
  join warehouse w on w.id = l.warehouse_id
  left join lot on lot.id = b.lot_id
  left join item_valuation v on not w.virtual and v.item_id = b.item_id
        and coalesce(v.warehouse_id, 0) = case when i.valued_per_warehouse then w.id else 0 end`;
const UNIT_VALUE = 'case when v.quantity > 0 then v.value / v.quantity else 0 end';
/** A lot past its expiry date (the expiry date is its last usable day): reported apart from blocked stock. */
const EXPIRED = 'coalesce(lot.expires_on < current_date, false)';

const optional = (value: string | null | undefined) => (value === undefined || value === '' ? null : value);
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

export async function listWarehouses(em: EntityManager) {
  const rows = await query<Record<string, unknown>>(
    em,
    'select code, name, virtual from warehouse order by priority, code',
  );
  return rows.map((r) => ({ code: String(r.code), name: String(r.name), virtual: Boolean(r.virtual) }));
}

export interface StockOnHandFilter {
  itemSku?: string;
  warehouseCode?: string;
  limit: number;
  offset: number;
}

/** Stock by item x location x lot x status with its value, one page, plus the totals over the whole filter. */
export async function stockOnHand(em: EntityManager, filter: StockOnHandFilter) {
  const conditions = ['b.quantity <> 0'];
  const params: unknown[] = [];
  const sku = optional(filter.itemSku);
  const warehouse = optional(filter.warehouseCode);
  if (sku) {
    conditions.push('i.sku = ?');
    params.push(sku);
  }
  if (warehouse) {
    conditions.push('w.code = ?');
    params.push(warehouse);
  }
  const where = `where ${conditions.join(' and ')}`;
  const rows = await query<Record<string, unknown>>(
    em,
    `select i.sku, i.name as item_name, i.uom, w.code as warehouse_code, w.virtual, l.code as location_code,
            lot.code as lot_code, to_char(lot.expires_on, 'YYYY-MM-DD') as expiry_date, ${EXPIRED} as expired,
            b.status, b.quantity,
            b.reserved_quantity, round(${UNIT_VALUE}, 6) as unit_value, round(b.quantity * ${UNIT_VALUE}, 2) as value
       ${VALUED_BALANCES} ${where}
      order by i.sku, w.code, l.pick_sequence, l.code, lot.code nulls first, b.status
      limit ? offset ?`,
    [...params, filter.limit, filter.offset],
  );
  // Totals sum the unrounded row values, so they match the valuation sub-ledger instead of drifting by row rounding.
  const [totals] = await query<Record<string, unknown>>(
    em,
    `select count(*) as n, coalesce(sum(b.quantity), 0) as quantity,
            round(coalesce(sum(b.quantity * ${UNIT_VALUE}), 0), 2) as value,
            coalesce(sum(b.quantity) filter (where ${EXPIRED}), 0) as expired_quantity,
            round(coalesce(sum(b.quantity * ${UNIT_VALUE}) filter (where ${EXPIRED}), 0), 2) as expired_value,
            coalesce(sum(b.quantity) filter (where b.status = 'blocked'), 0) as blocked_quantity,
            round(coalesce(sum(b.quantity * ${UNIT_VALUE}) filter (where b.status = 'blocked'), 0), 2) as blocked_value
       ${VALUED_BALANCES} ${where}`,
    params,
  );
  return {
    items: rows.map((r) => ({
      itemSku: String(r.sku),
      itemName: String(r.item_name),
      uom: String(r.uom),
      warehouseCode: String(r.warehouse_code),
      virtualWarehouse: Boolean(r.virtual),
      locationCode: String(r.location_code),
      lotCode: text(r.lot_code),
      expiryDate: text(r.expiry_date),
      status: String(r.status),
      expired: Boolean(r.expired),
      quantity: num(r.quantity),
      reserved: num(r.reserved_quantity),
      free: num(r.quantity) - num(r.reserved_quantity),
      unitValue: num(r.unit_value),
      value: num(r.value),
    })),
    total: num(totals?.n ?? 0),
    totals: {
      quantity: num(totals?.quantity ?? 0),
      value: num(totals?.value ?? 0),
      expired: { quantity: num(totals?.expired_quantity ?? 0), value: num(totals?.expired_value ?? 0) },
      blocked: { quantity: num(totals?.blocked_quantity ?? 0), value: num(totals?.blocked_value ?? 0) },
    },
  };
}

export const AGING_BUCKETS = ['0-30', '31-90', '91-180', '180+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Lots with stock, their age since receipt and their value; the bucket is derived in SQL so it can be filtered. */
const AGED_LOTS = `
  with aged as (
    select i.sku, i.name as item_name, i.uom, lot.code as lot_code, lot.received_at,
           to_char(lot.expires_on, 'YYYY-MM-DD') as expiry_date,
           floor(extract(epoch from (now() - lot.received_at)) / 86400)::int as age_days,
           sum(b.quantity) as quantity, sum(b.quantity * ${UNIT_VALUE}) as value
      ${VALUED_BALANCES}
     where b.lot_id is not null
     group by i.id, lot.id
    having sum(b.quantity) > 0),
  bucketed as (
    select aged.*, case when age_days <= 30 then '0-30' when age_days <= 90 then '31-90'
                        when age_days <= 180 then '91-180' else '180+' end as bucket
      from aged)`;

export async function stockAging(em: EntityManager, filter: { bucket?: AgingBucket; limit: number; offset: number }) {
  const where = filter.bucket ? 'where bucket = ?' : '';
  const params = filter.bucket ? [filter.bucket] : [];
  const rows = await query<Record<string, unknown>>(
    em,
    `${AGED_LOTS} select *, round(value, 2) as rounded_value from bucketed ${where}
      order by received_at, sku, lot_code limit ? offset ?`,
    [...params, filter.limit, filter.offset],
  );
  const summary = await query<Record<string, unknown>>(
    em,
    `${AGED_LOTS} select bucket, count(*) as lots, sum(quantity) as quantity, round(sum(value), 2) as value
      from bucketed group by bucket`,
  );
  const byBucket = new Map(summary.map((r) => [String(r.bucket), r]));
  const buckets = AGING_BUCKETS.map((bucket) => {
    const r = byBucket.get(bucket);
    return { bucket, lots: num(r?.lots ?? 0), quantity: num(r?.quantity ?? 0), value: num(r?.value ?? 0) };
  });
  return {
    items: rows.map((r) => ({
      itemSku: String(r.sku),
      itemName: String(r.item_name),
      uom: String(r.uom),
      lotCode: String(r.lot_code),
      receivedAt: String(iso(r.received_at)),
      expiryDate: text(r.expiry_date),
      ageDays: num(r.age_days),
      bucket: String(r.bucket) as AgingBucket,
      quantity: num(r.quantity),
      value: num(r.rounded_value),
    })),
    total: filter.bucket ? num(byBucket.get(filter.bucket)?.lots ?? 0) : buckets.reduce((n, b) => n + b.lots, 0),
    buckets,
  };
}

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
