import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../db/sql';

/** The explosion world: 10,000 items in five levels of 2,000; each item above the last level has a 5-line BOM. */
export const LEVELS = 5;
export const PER_LEVEL = 2_000;
/** The kitting world: 100 products of 20 components each, drawn from 1,000 purchased components. */
export const PRODUCTS = 100;
export const COMPONENTS = 1_000;
const LINES = 20;
/** In every 50 rounds of lots, one each lies in a dock, a virtual warehouse, quarantine, past expiry, a bin under count. */
const LOT_CYCLE = 50;

const LOADED_TABLES = ['item', 'bom', 'bom_line', 'lot', 'stock_balance', 'stock_count', 'purchase_order_line'];

export const productSku = (p: number): string => `KB-P-${String(p).padStart(3, '0')}`;
export const levelSku = (level: number, i: number): string => `KX-L${level}-${String(i).padStart(4, '0')}`;

/**
 * Loads both worlds straight into the tables with set-based SQL (items, BOM versions effective a year back,
 * `lots` lots of the components each on its own stock_balance row, a few open purchase lines), then vacuums and
 * analyzes them. Bypasses the API and postMove like history-load.ts: a million receipts one by one would take far
 * longer than the kitting they feed. Stock is spread so that every part of the availability rule excludes some.
 */
export async function loadKittingWorld(orm: MikroORM, lots: number, date: string): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    await query(em, 'set local synchronous_commit = off');
    await query(em, "set local work_mem = '256MB'");
    await query(em, 'set local session_replication_role = replica');
    await createExplosionBoms(em);
    await createKittingBoms(em);
    const places = await createPlaces(em, date);
    await createLots(em, lots, date, places);
    await createOpenPurchases(em, date);
  });
  for (const table of LOADED_TABLES) await query(orm.em.fork(), `vacuum analyze ${table}`);
}

/** Items of the five levels and the BOMs of the upper four: 5 distinct components on the next level, 10 % phantoms. */
async function createExplosionBoms(em: EntityManager): Promise<void> {
  await query(
    em,
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     select 'KX-L' || lv || '-' || lpad(i::text, 4, '0'), 'Explosion item ' || lv || '-' || i, 'pcs', 'bench-bom',
            false, 5, case when lv = ${LEVELS - 1} then 'buy' else 'make' end, false, 'fifo', false, 10, now()
       from generate_series(0, ${LEVELS - 1}) lv, generate_series(0, ${PER_LEVEL - 1}) i`,
  );
  await query(
    em,
    `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
     select id, 1, current_date - 365, lv > 0 and (i * 7919) % 10 = 0, 'bench', now()
       from (select id, substr(sku, 5, 1)::int as lv, substr(sku, 7)::int as i from item
              where category = 'bench-bom') x
      where lv < ${LEVELS - 1}`,
  );
  // Offsets n * 131 plus a spread below 50 never collide within one BOM (131 > 49), so the 5 components are distinct.
  await query(
    em,
    `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
     select b.id, (n + 1) * 10, c.id, 1 + (x.i * 31 + n * 17) % 4,
            case when (x.i * 13 + n) % 10 < 3 then 5 else 0 end
       from bom b
       join (select id, substr(sku, 5, 1)::int as lv, substr(sku, 7)::int as i from item
              where category = 'bench-bom') x on x.id = b.item_id
       cross join generate_series(0, 4) n
       join item c on c.sku = 'KX-L' || (x.lv + 1) || '-'
                              || lpad(((x.i * 7 + n * 131 + (x.i * (n + 1) * 37) % 50) % ${PER_LEVEL})::text, 4, '0')`,
  );
}

/** Products KB-P-* with a 20-line BOM over components KB-C-*, each component shared by about two products. */
async function createKittingBoms(em: EntityManager): Promise<void> {
  await query(
    em,
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     select 'KB-C-' || lpad(k::text, 4, '0'), 'Kitting component ' || k, 'pcs', 'bench-kit', true, 720, 10,
            'buy', false, 'fifo', false, 5, now() from generate_series(0, ${COMPONENTS - 1}) k
     union all
     select 'KB-P-' || lpad(p::text, 3, '0'), 'Kitted product ' || p, 'pcs', 'bench-kit', false, null, 5,
            'make', false, 'fifo', false, 100, now() from generate_series(0, ${PRODUCTS - 1}) p`,
  );
  await query(
    em,
    `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
     select id, 1, current_date - 365, false, 'bench', now() from item where sku like 'KB-P-%'`,
  );
  // n * 53 is distinct modulo 1,000 for 20 lines, so a product never lists a component twice.
  await query(
    em,
    `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
     select b.id, (n + 1) * 10, c.id, 1 + (p.i + n) % 3, case when (p.i * 7 + n) % 5 = 0 then 2.5 else 0 end
       from bom b
       join (select id, substr(sku, 6)::int as i from item where sku like 'KB-P-%') p on p.id = b.item_id
       cross join generate_series(0, ${LINES - 1}) n
       join item c on c.sku = 'KB-C-' || lpad(((p.i * 20 + n * 53) % ${COMPONENTS})::text, 4, '0')`,
  );
}

interface Places {
  bins: number[];
  dock: number;
  virtual: number;
  counted: number;
}

/**
 * A physical warehouse with 20 bins, a dock and one bin under an open count, and a virtual warehouse with one
 * location: where the lots are spread.
 */
async function createPlaces(em: EntityManager, date: string): Promise<Places> {
  const [real] = await query<{ id: number }>(
    em,
    `insert into warehouse (code, name, priority, virtual) values ('KB-W', 'Kitting bench', 100, false) returning id`,
  );
  const [paper] = await query<{ id: number }>(
    em,
    `insert into warehouse (code, name, priority, virtual) values ('KB-V', 'Kitting bench (virtual)', 100, true)
     returning id`,
  );
  const location = async (code: string, warehouseId: number, type: string, sequence: number) =>
    num(
      (
        await query<{ id: number }>(
          em,
          'insert into location (code, warehouse_id, type, pick_sequence) values (?, ?, ?, ?) returning id',
          [code, warehouseId, type, sequence],
        )
      )[0]?.id,
    );
  const bins: number[] = [];
  for (let b = 0; b < 20; b += 1) bins.push(await location(`KB-W-S${b}`, real!.id, 'storage', b + 1));
  const places = {
    bins,
    dock: await location('KB-W-DOCK', real!.id, 'dock', 0),
    virtual: await location('KB-V-01', paper!.id, 'virtual', 0),
    counted: await location('KB-W-CNT', real!.id, 'storage', 99),
  };
  await query(
    em,
    `insert into stock_count (count_number, warehouse_id, location_id, reason, status, workflow_id, requested_by,
                              created_at)
     values ('KB-COUNT-1', ?, ?, 'cycle', 'open', 'stock-count:KB-COUNT-1', 'bench', ?::date)`,
    [real!.id, places.counted, date],
  );
  return places;
}

/**
 * `count` lots of the components, round robin (lot j is of component j % 1,000, in round r = j / 1,000), each on
 * one balance row of 1 to 3 units, a unit reserved in every seventh round; in rounds r % 50 = 0..4 the lots go to
 * the dock, the virtual warehouse, quarantine, past their expiry, and into the counted bin: every component has
 * some of each.
 */
async function createLots(em: EntityManager, count: number, date: string, places: Places): Promise<void> {
  await query(
    em,
    `create temp table kit_component on commit drop as
     select id, substr(sku, 6)::int as k from item where sku like 'KB-C-%'`,
  );
  // One statement: the balance rows are written from the lots as they are inserted, without reading them back.
  await query(
    em,
    `with made as (
       insert into lot (item_id, code, manufactured_on, expires_on, received_at)
       select c.id, 'KL-' || j, ?::date - 30 - j % 300,
              case when (j / ${COMPONENTS}) % ${LOT_CYCLE} = 3 then ?::date - 1 - j % 20 else ?::date + 30 + j % 600 end,
              ?::date - 30 - j % 300
         from generate_series(0, ? - 1) j join kit_component c on c.k = j % ${COMPONENTS}
       returning id, item_id, substr(code, 4)::int as j)
     insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
     select item_id,
            case r % ${LOT_CYCLE} when 0 then ? when 1 then ? when 4 then ? else (?::int[])[1 + r % 20] end,
            id, case when r % ${LOT_CYCLE} = 2 then 'quarantine' else 'available' end,
            1 + (j::bigint * 7919) % 3, case when r % 7 = 0 then 1 else 0 end, now()
       from (select id, item_id, j, j / ${COMPONENTS} as r from made) l`,
    [date, date, date, date, count, places.dock, places.virtual, places.counted, `{${places.bins.join(',')}}`],
  );
}

/** One open purchase line due next month for every fourth component, so shortages have something to cover them. */
async function createOpenPurchases(em: EntityManager, date: string): Promise<void> {
  await query(
    em,
    `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by,
                                 created_at, updated_at)
     select 'KB-PO-1', (select min(id) from supplier), w.id, 'open', 'purchase-order:KB-PO-1', 'bench', now(), now()
       from warehouse w where w.code = 'KB-W'`,
  );
  await query(
    em,
    `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost, received_quantity, due_date)
     select o.id, c.k + 1, c.id, 500, 4, 0, ?::date + 30 + c.k % 20
       from purchase_order o, kit_component c where o.order_number = 'KB-PO-1' and c.k % 4 = 0`,
    [date],
  );
}
