import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../db/sql';
import { createEvents, R_EXPR, I_EXPR, writeLedger } from './history-ledger';
import type { BenchItem } from './posting-engine.bench';

/** Every HOT_EVERY-th item is a fast mover with HOT_WEIGHT times the moves of the others, as real catalogues have. */
const HOT_EVERY = 100;
const HOT_WEIGHT = 10;
const LOADED_TABLES = [
  'item',
  'lot',
  'stock_move',
  'stock_balance',
  'cost_layer',
  'layer_consumption',
  'item_valuation',
];

export interface LoadedHistory {
  moves: number;
  items: BenchItem[];
  /** The fast movers, and how many moves each carries. */
  hot: BenchItem[];
  movesPerHotItem: number;
}

/**
 * Bulk-loads a stock history of about `moves` moves over `itemCount` items, two years back, straight into the
 * ledger tables with set-based SQL (see history-ledger.ts), then vacuums and analyzes them. This deliberately
 * bypasses postMove: a million postings one by one would take far longer than the benchmarks that read them.
 */
export async function loadHistory(orm: MikroORM, moves: number, itemCount: number): Promise<LoadedHistory> {
  const locations = await query<{ id: number }>(
    orm.em.fork(),
    'select l.id from location l join warehouse w on w.id = l.warehouse_id where not w.virtual order by l.id',
  );
  const hotCount = Math.ceil(itemCount / HOT_EVERY);
  const perWeight = moves / (itemCount + hotCount * (HOT_WEIGHT - 1));
  await orm.em.fork().transactional(async (em) => {
    // One bulk session: no fsync wait at commit, memory to sort and hash, and no per-row trigger work. The
    // replica role skips the foreign-key and append-only triggers; verifyLoad checks the references instead.
    await query(em, 'set local synchronous_commit = off');
    await query(em, "set local work_mem = '256MB'");
    await query(em, 'set local session_replication_role = replica');
    await createItems(em, moves, itemCount, perWeight);
    await createEvents(em, `{${locations.map((l) => num(l.id)).join(',')}}`);
    await writeLedger(em);
    await verifyLoad(em);
  });
  // Vacuum as well as analyze: that sets the visibility map as autovacuum would have by now on a live server,
  // and keeps autovacuum from waking up in the middle of the measurements.
  for (const table of LOADED_TABLES) await query(orm.em.fork(), `vacuum analyze ${table}`);
  const items = await query<{ sku: string; lot_tracked: boolean; hot: boolean }>(
    orm.em.fork(),
    `select sku, lot_tracked, substr(sku, 4)::int % ${HOT_EVERY} = 0 as hot from item
      where category = 'bench-load' order by sku`,
  );
  const [count] = await query<{ n: string }>(
    orm.em.fork(),
    "select count(*) as n from stock_move where user_name = 'bench-load'",
  );
  const all = items.map((i) => ({ sku: i.sku, lotTracked: Boolean(i.lot_tracked), hot: Boolean(i.hot) }));
  return {
    moves: num(count?.n),
    items: all,
    hot: all.filter((item) => item.hot),
    movesPerHotItem: Math.floor(perWeight * HOT_WEIGHT),
  };
}

/**
 * The items (all FIFO, every other one lot-tracked), and per item its receipt size r, issue size iq, base cost,
 * and how many receipts (nr) and issues (ni) it gets, `moves` in all: issues use up what came in, less a few
 * issues' worth that stays on hand.
 */
async function createItems(em: EntityManager, moves: number, itemCount: number, perWeight: number): Promise<void> {
  await query(
    em,
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     select 'LD-' || lpad(j::text, 5, '0'), 'Loaded item ' || j, 'pcs', 'bench-load', j % 2 = 0,
            case when j % 2 = 0 then 720 end, 5, 'buy', false, 'fifo', false, 50, now()
       from generate_series(0, ? - 1) j`,
    [itemCount],
  );
  await query(
    em,
    `create temp table load_item on commit drop as
     select i.id as item_id, j, r, iq, lot_tracked, 200 + (j * 7919) % 8000 as base_cents, m - ni as nr, ni
       from (select j, m, ${R_EXPR} as r, ${I_EXPR} as iq,
                    greatest(0, (m * ${R_EXPR}) / (${R_EXPR} + ${I_EXPR}) - 1 - j % 3) as ni
               from (select j, m + case when j < ? - sum(m) over () then 1 else 0 end as m
                       from (select j, floor(? * case when j % ${HOT_EVERY} = 0 then ${HOT_WEIGHT} else 1 end)::int as m
                               from generate_series(0, ? - 1) j) f) w) s
       join item i on i.sku = 'LD-' || lpad(j::text, 5, '0')`,
    [moves, perWeight, itemCount],
  );
}

/** Counts references that point nowhere (the replica role skipped the foreign-key checks); throws if any. */
async function verifyLoad(em: EntityManager): Promise<void> {
  const [row] = await query<{ dangling: string }>(
    em,
    `select (select count(*) from stock_move m left join lot on lot.id = m.lot_id
              where m.lot_id is not null and lot.id is null and m.user_name = 'bench-load')
          + (select count(*) from cost_layer c left join stock_move m on m.id = c.source_move_id where m.id is null)
          + (select count(*) from layer_consumption c left join stock_move m on m.id = c.move_id where m.id is null)
          + (select count(*) from layer_consumption c left join cost_layer l on l.id = c.layer_id
              where c.layer_id is not null and l.id is null) as dangling`,
  );
  if (num(row?.dangling) !== 0) throw new Error(`bench load: ${row?.dangling} dangling references`);
}
