import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../db/sql';

/**
 * The MRP world: 10,000 items in five levels of 2,000 (end items, three levels of made sub-assemblies with about
 * 10 % phantoms on level 1, bought leaves with a preferred supplier), 100,000 open sales-order lines over 52 weeks,
 * forecasts, stock lots and open purchase lines. Every figure is derived from the row number, so each run loads the
 * same world.
 */
export const MRP_LEVELS = 5;
export const MRP_PER_LEVEL = 2_000;
export const MRP_SALES_LINES = 100_000;
const LINES_PER_ORDER = 4;
const SUPPLIERS = 50;
/** Leaves every made item uses besides its next level: fasteners and the like, shared widely. */
const COMMON_LEAVES = 100;

const LOADED_TABLES = [
  'item',
  'item_supplier',
  'bom',
  'bom_line',
  'sales_order',
  'sales_order_line',
  'forecast',
  'lot',
  'stock_balance',
  'purchase_order',
  'purchase_order_line',
];

export const mrpSku = (level: number, i: number): string => `MB-L${level}-${String(i).padStart(4, '0')}`;

/**
 * Loads the world straight into the tables with set-based SQL (like kitting-world.ts: documents through the API
 * would take far longer than the run they feed), then vacuums and analyzes them. `asOf` is the runs' date.
 */
export async function loadMrpWorld(orm: MikroORM, asOf: string): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    await query(em, 'set local synchronous_commit = off');
    await query(em, "set local work_mem = '256MB'");
    await query(em, 'set local session_replication_role = replica');
    await createItems(em);
    await createBoms(em);
    await createSalesOrders(em, asOf);
    await createForecasts(em, asOf);
    await createStock(em, asOf);
    await createOpenPurchases(em, asOf);
  });
  for (const table of LOADED_TABLES) await query(orm.em.fork(), `vacuum analyze ${table}`);
}

/**
 * Items with ABC classes (20 % A, 30 % B, the rest C), lead times of 2 to 9 days for made items, safety stock on
 * every third leaf and every tenth end item; 50 suppliers, each leaf with a preferred one (lead time 7 to 27 days,
 * a minimum on every fifth, a multiple of 10 or 50 on every fourth) and 5 % of level-3 items subcontracted.
 */
async function createItems(em: EntityManager): Promise<void> {
  const leaf = MRP_LEVELS - 1;
  await query(
    em,
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, abc_class, safety_stock, created_at)
     select 'MB-L' || lv || '-' || lpad(i::text, 4, '0'), 'MRP bench item ' || lv || '-' || i, 'pcs', 'bench-mrp',
            lv = ${leaf}, 2 + (i * 7) % 8,
            case when lv = ${leaf} then 'buy' when lv = ${leaf - 1} and i % 20 = 0 then 'subcontract' else 'make' end,
            false, 'fifo', false, 10, case when i % 10 < 2 then 'A' when i % 10 < 5 then 'B' else 'C' end,
            case when lv = ${leaf} and i % 3 = 0 then 20 + i % 80 when lv = 0 and i % 10 = 0 then 5 else null end, now()
       from generate_series(0, ${MRP_LEVELS - 1}) lv, generate_series(0, ${MRP_PER_LEVEL - 1}) i`,
  );
  await query(
    em,
    `insert into supplier (code, name, created_at)
     select 'MB-S-' || lpad(s::text, 2, '0'), 'MRP bench supplier ' || s, now() from generate_series(0, ${SUPPLIERS - 1}) s`,
  );
  await query(
    em,
    `insert into item_supplier (item_id, supplier_id, price, lead_time_days, min_order_quantity, order_multiple,
                                preferred, active, created_at)
     select x.id, s.id, 4, 7 + x.i % 21, case when x.i % 5 = 0 then 100 else null end,
            case when x.i % 4 = 0 then (case when x.i % 8 = 0 then 50 else 10 end) else null end, true, true, now()
       from (select id, substr(sku, 7)::int as i from item
              where category = 'bench-mrp' and supply_type in ('buy', 'subcontract')) x
       join supplier s on s.code = 'MB-S-' || lpad((x.i % ${SUPPLIERS})::text, 2, '0')`,
  );
}

/**
 * A BOM for every made item: 4 distinct components on the next level and one of the common leaves (shared by
 * every level, so leaves sit at the lowest code whatever uses them); level-1 items with i % 10 = 0 are phantoms.
 */
async function createBoms(em: EntityManager): Promise<void> {
  await query(
    em,
    `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
     select id, 1, current_date - 365, lv = 1 and i % 10 = 0, 'bench', now()
       from (select id, substr(sku, 5, 1)::int as lv, substr(sku, 7)::int as i from item
              where category = 'bench-mrp') x
      where lv < ${MRP_LEVELS - 1}`,
  );
  // Offsets n * 131 plus a spread below 50 never collide within one BOM (131 > 49): the 4 components are distinct.
  await query(
    em,
    `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
     select b.id, (n + 1) * 10, c.id, 1 + (x.i * 31 + n * 17) % 3,
            case when (x.i * 13 + n) % 10 < 2 then 5 else 0 end
       from bom b
       join (select id, substr(sku, 5, 1)::int as lv, substr(sku, 7)::int as i from item
              where category = 'bench-mrp') x on x.id = b.item_id
       cross join generate_series(0, 3) n
       join item c on c.sku = 'MB-L' || (x.lv + 1) || '-'
                              || lpad(((x.i * 7 + n * 131 + (x.i * (n + 1) * 37) % 50) % ${MRP_PER_LEVEL})::text, 4, '0')
     union all
     select b.id, 50, c.id, 2, 0
       from bom b
       join (select id, substr(sku, 7)::int as i from item where category = 'bench-mrp') x on x.id = b.item_id
       join item c on c.sku = 'MB-L${MRP_LEVELS - 1}-'
                              || lpad((${MRP_PER_LEVEL - COMMON_LEAVES} + x.i % ${COMMON_LEAVES})::text, 4, '0')`,
  );
}

/**
 * 25,000 open orders of 4 lines of end items, wanted from a few days before the run's date (past due) to a year
 * after it; every twentieth line partly reserved.
 */
async function createSalesOrders(em: EntityManager, asOf: string): Promise<void> {
  const orders = MRP_SALES_LINES / LINES_PER_ORDER;
  const [customer] = await query<{ id: number }>(
    em,
    `insert into customer (code, name, ship_to_address, created_at) values ('MB-C', 'MRP bench customer', '-', now())
     returning id`,
  );
  await query(
    em,
    `insert into sales_order (order_number, customer_id, status, requested_date, workflow_id, created_by, created_at,
                              updated_at)
     select 'MB-SO-' || o, ?, 'open', ?::date - 3 + (o * 7919) % 364, 'sales-order:MB-SO-' || o, 'bench', now(), now()
       from generate_series(0, ${orders - 1}) o`,
    [num(customer?.id), asOf],
  );
  await query(
    em,
    `insert into sales_order_line (order_id, line_no, item_id, quantity, reserved_quantity, unit_price)
     select s.id, n + 1, e.id, 1 + (x.o * 13 + n * 7) % 20, case when (x.o + n) % 20 = 0 then 1 else 0 end, 100
       from sales_order s
       join (select id, substr(order_number, 7)::int as o from sales_order where order_number like 'MB-SO-%') x
         on x.id = s.id
       cross join generate_series(0, ${LINES_PER_ORDER - 1}) n
       join item e on e.sku = 'MB-L0-' || lpad(((x.o * 17 + n * 389) % ${MRP_PER_LEVEL})::text, 4, '0')`,
  );
}

/** A monthly forecast for every other end item, a year ahead. */
async function createForecasts(em: EntityManager, asOf: string): Promise<void> {
  await query(
    em,
    `insert into forecast (item_id, forecast_date, quantity, created_by, created_at)
     select id, ?::date + m * 30, 20 + (substr(sku, 7)::int * 3 + m) % 40, 'bench', now()
       from item, generate_series(0, 11) m
      where sku like 'MB-L0-%' and substr(sku, 7)::int % 2 = 0`,
    [asOf],
  );
}

/**
 * A warehouse with one bin: two lots of every leaf (one in ten expiring within the horizon) and unlotted stock of
 * every other end item.
 */
async function createStock(em: EntityManager, asOf: string): Promise<void> {
  const [warehouse] = await query<{ id: number }>(
    em,
    `insert into warehouse (code, name, priority, virtual) values ('MB-W', 'MRP bench', 100, false) returning id`,
  );
  const [bin] = await query<{ id: number }>(
    em,
    `insert into location (code, warehouse_id, type, pick_sequence) values ('MB-W-S1', ?, 'storage', 1) returning id`,
    [num(warehouse?.id)],
  );
  await query(
    em,
    `with made as (
       insert into lot (item_id, code, manufactured_on, expires_on, received_at)
       select i.id, 'MBL-' || substr(i.sku, 7) || '-' || k, ?::date - 30,
              case when (substr(i.sku, 7)::int + k) % 10 = 0 then ?::date + 60 else ?::date + 720 end, ?::date - 30
         from item i cross join generate_series(0, 1) k where i.sku like 'MB-L${MRP_LEVELS - 1}-%'
       returning id, item_id)
     insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
     select item_id, ?, id, 'available', 50 + id % 150, 0, now() from made`,
    [asOf, asOf, asOf, asOf, num(bin?.id)],
  );
  await query(
    em,
    `insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
     select id, ?, null, 'available', 10 + substr(sku, 7)::int % 30, 0, now()
       from item where sku like 'MB-L0-%' and substr(sku, 7)::int % 2 = 1`,
    [num(bin?.id)],
  );
}

/** One open purchase order per supplier, a line for every fourth leaf, due one to nine weeks out. */
async function createOpenPurchases(em: EntityManager, asOf: string): Promise<void> {
  await query(
    em,
    `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by,
                                 created_at, updated_at)
     select 'MB-PO-' || s.code, s.id, w.id, 'open', 'purchase-order:MB-PO-' || s.code, 'bench', now(), now()
       from supplier s, warehouse w where s.code like 'MB-S-%' and w.code = 'MB-W'`,
  );
  await query(
    em,
    `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost, received_quantity, due_date)
     select o.id, x.i + 1, x.id, 200, 4, 0, ?::date + 7 + (x.i * 11) % 56
       from (select id, substr(sku, 7)::int as i from item where sku like 'MB-L${MRP_LEVELS - 1}-%') x
       join purchase_order o on o.order_number = 'MB-PO-MB-S-' || lpad((x.i % ${SUPPLIERS})::text, 2, '0')
      where x.i % 4 = 0`,
    [asOf],
  );
}
