import type { EntityManager } from '@mikro-orm/postgresql';
import type { Demand, Supply } from '../../rules/mrp';
import { num, query } from '../sql';

/*
 * Net change's fresh inputs: the regenerative snapshot's queries (db/planning/mrp-snapshot.ts, same shapes, same
 * refs) restricted to the affected items, so one new order reads a few rows, not the company (the benchmark "net
 * change for one new order < 200 ms", bench/mrp.bench.ts). Keep them in step with the snapshot's: the integration
 * test compares net change with a regenerative run over the same data.
 */

/** Production orders whose open quantity is scheduled supply and whose unissued components are demand. */
const OPEN_PRODUCTION = `('released', 'awaiting-stock', 'in-progress')`;

/** The affected items' demand and supply now, read in the caller's transaction. */
export async function readNetChangeInputs(
  em: EntityManager,
  asOf: string,
  skus: string[],
): Promise<{ demands: Demand[]; supplies: Supply[] }> {
  if (skus.length === 0) return { demands: [], supplies: [] };
  return {
    demands: [
      ...(await salesDemand(em, skus)),
      ...(await forecastDemand(em, asOf, skus)),
      ...(await productionComponentDemand(em, skus)),
    ],
    supplies: [
      ...(await onHand(em, asOf, skus)),
      ...(await purchaseSupply(em, skus)),
      ...(await productionSupply(em, skus)),
    ],
  };
}

async function salesDemand(em: EntityManager, skus: string[]): Promise<Demand[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.order_number, l.line_no, i.sku,
            l.quantity - l.shipped_quantity - l.reserved_quantity as open_quantity,
            to_char(coalesce(o.requested_date, o.created_at::date), 'YYYY-MM-DD') as wanted
       from sales_order_line l
       join sales_order o on o.id = l.order_id
       join item i on i.id = l.item_id
      where i.sku in (?) and o.status not in ('shipped', 'cancelled')
        and l.quantity - l.shipped_quantity - l.reserved_quantity > 0`,
    [skus],
  );
  return rows.map((r) => ({
    ref: `${String(r.order_number)}/${num(r.line_no)}`,
    kind: 'sales-order' as const,
    sku: String(r.sku),
    date: String(r.wanted),
    quantity: num(r.open_quantity),
  }));
}

async function forecastDemand(em: EntityManager, asOf: string, skus: string[]): Promise<Demand[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select f.id, i.sku, to_char(f.forecast_date, 'YYYY-MM-DD') as forecast_date, f.quantity
       from forecast f join item i on i.id = f.item_id
      where i.sku in (?) and f.forecast_date >= ?::date`,
    [skus, asOf],
  );
  return rows.map((r) => ({
    ref: `FC-${num(r.id)}`,
    kind: 'forecast' as const,
    sku: String(r.sku),
    date: String(r.forecast_date),
    quantity: num(r.quantity),
  }));
}

async function productionComponentDemand(em: EntityManager, skus: string[]): Promise<Demand[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.number, c.line_no, i.sku, to_char(o.start_date, 'YYYY-MM-DD') as wanted,
            c.required_quantity - (c.issued_quantity - c.returned_quantity)
              - coalesce((select sum(r.quantity) from reservation r
                           where r.document_ref = o.number and r.state = 'active'
                             and r.item_id = c.item_id and r.line_no = c.line_no), 0) as open_quantity
       from production_order_component c
       join production_order o on o.id = c.production_order_id
       join item i on i.id = c.item_id
      where i.sku in (?) and o.status in ${OPEN_PRODUCTION}`,
    [skus],
  );
  return rows
    .filter((r) => num(r.open_quantity) > 0)
    .map((r) => ({
      ref: `${String(r.number)}/${num(r.line_no)}`,
      kind: 'production-component' as const,
      sku: String(r.sku),
      date: String(r.wanted),
      quantity: num(r.open_quantity),
    }));
}

async function onHand(em: EntityManager, asOf: string, skus: string[]): Promise<Supply[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select i.sku, coalesce(lot.code, '-') as lot_code, to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on,
            sum(b.quantity - b.reserved_quantity) as free
       from stock_balance b
       join item i on i.id = b.item_id
       join location l on l.id = b.location_id
       join warehouse w on w.id = l.warehouse_id and not w.virtual
       left join lot on lot.id = b.lot_id
      where i.sku in (?) and b.status = 'available' and b.quantity - b.reserved_quantity > 0
        and (lot.expires_on is null or lot.expires_on >= ?::date)
      group by i.sku, lot.code, lot.expires_on`,
    [skus, asOf],
  );
  return rows.map((r) => ({
    ref: `${String(r.sku)}@${String(r.lot_code)}`,
    kind: 'on-hand' as const,
    sku: String(r.sku),
    date: asOf,
    quantity: num(r.free),
    expiresOn: r.expires_on === null ? null : String(r.expires_on),
  }));
}

async function purchaseSupply(em: EntityManager, skus: string[]): Promise<Supply[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.order_number, l.line_no, i.sku, l.quantity - l.received_quantity as open_quantity,
            to_char(l.due_date, 'YYYY-MM-DD') as due_date
       from purchase_order_line l
       join purchase_order o on o.id = l.order_id
       join item i on i.id = l.item_id
      where i.sku in (?) and o.status in ('open', 'partly-received') and l.quantity > l.received_quantity`,
    [skus],
  );
  return rows.map((r) => ({
    ref: `${String(r.order_number)}/${num(r.line_no)}`,
    kind: 'purchase-order' as const,
    sku: String(r.sku),
    date: String(r.due_date),
    quantity: num(r.open_quantity),
  }));
}

async function productionSupply(em: EntityManager, skus: string[]): Promise<Supply[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.number, i.sku, o.quantity - o.completed_quantity - o.scrapped_quantity as open_quantity,
            to_char(o.due_date, 'YYYY-MM-DD') as due_date
       from production_order o join item i on i.id = o.item_id
      where i.sku in (?) and o.status in ${OPEN_PRODUCTION} and o.quantity > o.completed_quantity + o.scrapped_quantity`,
    [skus],
  );
  return rows.map((r) => ({
    ref: String(r.number),
    kind: 'production-order' as const,
    sku: String(r.sku),
    date: String(r.due_date),
    quantity: num(r.open_quantity),
  }));
}
