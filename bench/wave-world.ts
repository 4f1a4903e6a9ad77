import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../db/sql';
import { orderFulfillmentWorkflowId } from '../workflows/order-fulfillment/order-fulfillment.contract';

/** Five zones walked one after another, each of 200 bins in walking order (location.pick_sequence). */
export const ZONES = 5;
export const BINS_PER_ZONE = 200;
/** Lines per order: line n draws an item of zone n, so every order is picked in every zone. */
export const LINES_PER_ORDER = 5;
/** Each item's lots lie in 4 bins of its zone (its pick faces), round robin by age. */
const FACES = 4;

const LOADED_TABLES = [
  'item',
  'zone',
  'location',
  'lot',
  'stock_balance',
  'customer',
  'sales_order',
  'sales_order_line',
];

export const binCode = (zone: number, bin: number): string => `WB-Z${zone}-B${String(bin).padStart(3, '0')}`;

/** Items for `lots` lots: about 500 lots each, at least 2 and at most 400 per zone (2,000 items for a million lots). */
export function itemCount(lots: number): number {
  return ZONES * Math.max(2, Math.min(400, Math.floor(lots / (ZONES * 500))));
}

/** The order numbers of one set of orders (`set` is a prefix letter: each set is an identical copy of the lines). */
export const orderNumber = (set: string, o: number): string => `WB-${set}-${String(o).padStart(5, '0')}`;

/**
 * Loads the wave world with set-based SQL, bypassing the API and postMove like kitting-world.ts (a million receipts
 * one by one would take far longer than the allocation they feed): a warehouse of ZONES zones x BINS_PER_ZONE bins,
 * `itemCount(lots)` lot-tracked items (item k lives in zone k % ZONES), `lots` lots round robin over the items, each
 * on its own stock_balance row of 10 to 50 units in one of its item's FACES bins, oldest receipts first, and a
 * customer. Then vacuums and analyzes the tables.
 */
export async function loadWaveWorld(orm: MikroORM, lots: number, date: string): Promise<void> {
  const items = itemCount(lots);
  await orm.em.fork().transactional(async (em) => {
    await query(em, 'set local synchronous_commit = off');
    await query(em, "set local work_mem = '256MB'");
    await query(em, 'set local session_replication_role = replica');
    await createBins(em);
    await query(
      em,
      `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                         allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
       select 'WB-I-' || lpad(k::text, 4, '0'), 'Wave item ' || k, 'pcs', 'bench-wave', true, 720, 10, 'buy', false,
              'fifo', false, 5, now()
         from generate_series(0, ${items - 1}) k`,
    );
    await query(
      em,
      `insert into customer (code, name, ship_to_address, created_at) values ('WB-C', 'Wave bench customer', '-', now())`,
    );
    await createLots(em, lots, items, date);
  });
  for (const table of LOADED_TABLES) await query(orm.em.fork(), `vacuum analyze ${table}`);
}

/** The warehouse, its zones, and the bins: zone z's bin b is walked at z * 1,000 + b (zone by zone, bin by bin). */
async function createBins(em: EntityManager): Promise<void> {
  await query(em, `insert into warehouse (code, name, priority, virtual) values ('WB-W', 'Wave bench', 100, false)`);
  await query(
    em,
    `insert into zone (warehouse_id, code, name)
     select w.id, 'WB-Z' || z, 'Wave zone ' || z from warehouse w, generate_series(0, ${ZONES - 1}) z
      where w.code = 'WB-W'`,
  );
  await query(
    em,
    `insert into location (code, warehouse_id, zone_id, type, pick_sequence)
     select z.code || '-B' || lpad(b::text, 3, '0'), z.warehouse_id, z.id, 'storage',
            substr(z.code, 5)::int * 1000 + b
       from zone z cross join generate_series(0, ${BINS_PER_ZONE - 1}) b
      where z.code like 'WB-Z%'`,
  );
}

/**
 * Lot j is of item k = j % items (round r = j / items, received r days after the first, so lower rounds go first
 * under received-asc); item k = ZONES * i + z lies in zone z, its round r in bin (i + (r % FACES) * 50) % 200: a bin
 * holds the faces of a few items, the fast movers' faces among them.
 */
async function createLots(em: EntityManager, lots: number, items: number, date: string): Promise<void> {
  await query(
    em,
    `create temp table wave_item on commit drop as select id, substr(sku, 6)::int as k from item where sku like 'WB-I-%'`,
  );
  await query(
    em,
    `create temp table wave_bin on commit drop as
     select id, substr(code, 5, 1)::int as z, substr(code, 8)::int as b from location where code like 'WB-Z%'`,
  );
  await query(em, 'create index on wave_bin (z, b)');
  await query(
    em,
    `with made as (
       insert into lot (item_id, code, manufactured_on, expires_on, received_at)
       select i.id, 'WL-' || j, ?::date - 800 + j / ${items}, ?::date + 200 + j % 400, ?::date - 700 + j / ${items}
         from generate_series(0, ? - 1) j join wave_item i on i.k = j % ${items}
       returning id, item_id, substr(code, 4)::int as j)
     insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
     select l.item_id, bin.id, l.id, 'available', 10 + (l.j::bigint * 7919) % 41, 0, now()
       from made l
       join wave_bin bin on bin.z = (l.j % ${items}) % ${ZONES}
                        and bin.b = ((l.j % ${items}) / ${ZONES} + ((l.j / ${items}) % ${FACES}) * 50) % ${BINS_PER_ZONE}`,
    [date, date, date, lots],
  );
}

/**
 * `orders` open sales orders numbered orderNumber(set, o), each of LINES_PER_ORDER lines of 1 to 10 units, each
 * with the workflow id its fulfillment would have (reservations are found by it). Line n takes an item of zone n,
 * skewed to the fast movers (the cube of a uniform draw: half the lines go to the first eighth of a zone's items);
 * every set gets exactly the same lines.
 */
export async function createOrders(orm: MikroORM, set: string, orders: number, items: number): Promise<string[]> {
  const perZone = items / ZONES;
  await orm.em.fork().transactional(async (em) => {
    const [customer] = await query<{ id: number }>(em, "select id from customer where code = 'WB-C'");
    const numbers = Array.from({ length: orders }, (_, o) => orderNumber(set, o));
    await query(
      em,
      `insert into sales_order (order_number, customer_id, status, requested_date, workflow_id, created_by,
                                created_at, updated_at)
       select n, ?, 'open', current_date + 2, w, 'bench', now(), now()
         from unnest(?::text[], ?::text[]) as x(n, w)`,
      [num(customer?.id), `{${numbers.join(',')}}`, `{${numbers.map(orderFulfillmentWorkflowId).join(',')}}`],
    );
    await query(
      em,
      `insert into sales_order_line (order_id, line_no, item_id, quantity, unit_price)
       select s.id, n + 1, i.id, 1 + (x.o * 13 + n * 7) % 10, 20
         from sales_order s
         join (select id, substr(order_number, ${set.length + 5})::int as o from sales_order
                where order_number like ?) x on x.id = s.id
         cross join generate_series(0, ${LINES_PER_ORDER - 1}) n
         join (select id, substr(sku, 6)::int as k from item where sku like 'WB-I-%') i
           on i.k = ${ZONES} * floor(${perZone} * power(((x.o * 7919 + n * 104729) % 1000) / 1000.0, 3))::int + n`,
      [`WB-${set}-%`],
    );
  });
  await query(orm.em.fork(), 'analyze sales_order_line');
  return Array.from({ length: orders }, (_, o) => orderNumber(set, o));
}
