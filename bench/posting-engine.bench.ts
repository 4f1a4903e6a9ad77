import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { MoveCommand } from '../db/inventory/post-move';
import { postMove } from '../db/inventory/post-move';
import { num, query } from '../db/sql';
import { compareThroughput, note, report, type Target } from './harness';

export interface BenchItem {
  sku: string;
  lotTracked: boolean;
}

/** The brief's goal: a full posting costs at most four bare single-row INSERT transactions. */
export const POSTING_TARGET: Target = { text: '>= 0.25x', met: (_value, ratio) => ratio >= 0.25 };

/**
 * One cycle per item: two receipts at slightly different unit costs into one lot (a new lot each cycle for
 * lot-tracked items), then a shipment and an issue of 50 each. The shipment finishes the older layer and the
 * issue spans two layers, so FIFO consumption is exercised across layers; 20 stay behind each cycle.
 */
const CYCLE: ReadonlyArray<{ moveType: 'receipt' | 'shipment' | 'issue'; quantity: number }> = [
  { moveType: 'receipt', quantity: 60 },
  { moveType: 'receipt', quantity: 60 },
  { moveType: 'shipment', quantity: 50 },
  { moveType: 'issue', quantity: 50 },
];

/** The i-th move of the mix: items in turn, each item walking through its cycles in order. */
export function mixedMove(i: number, items: readonly BenchItem[], locations: readonly string[], tag: string) {
  const itemNo = i % items.length;
  const item = items[itemNo];
  const round = Math.floor(i / items.length);
  const step = CYCLE[round % CYCLE.length];
  if (!item || !step) throw new Error('bench: no items to post');
  const cycle = Math.floor(round / CYCLE.length);
  const location = locations[itemNo % locations.length] ?? null;
  const inbound = step.moveType === 'receipt';
  const cmd: MoveCommand = {
    moveType: step.moveType,
    itemSku: item.sku,
    lot: item.lotTracked ? { code: `${tag}-${cycle}` } : null,
    toLocation: inbound ? location : null,
    fromLocation: inbound ? null : location,
    quantity: step.quantity,
    unitCost: inbound ? 10 + ((itemNo * 7 + round) % 13) / 4 : undefined,
    documentType: `bench-${step.moveType}`,
    documentRef: `${tag}-${i}`,
    lineNo: 1,
    userName: tag,
    idempotencyKey: `${tag}:${i}`,
  };
  return cmd;
}

/**
 * Stock moves per second through postMove, each its own transaction (balance under row lock, ledger row, FIFO
 * layer or consumption, valuation row, balanced journal entry), against bare single-row INSERT transactions on
 * the same database, alternated so both see the same machine load.
 */
export async function postingEngineBench(
  orm: MikroORM,
  options: { seconds: number; items: BenchItem[]; locations: string[]; tag: string; label: string },
): Promise<void> {
  const { seconds, items, locations, tag } = options;
  const spent: Spent = { moves: 0, statements: 0, statementMs: 0, totalMs: 0 };
  await query(orm.em.fork(), 'create table if not exists bench_baseline (id serial primary key, payload text)');
  const rates = await compareThroughput(
    seconds,
    async () => {
      await orm.em.fork().transactional((em) => query(em, "insert into bench_baseline (payload) values ('x')"));
    },
    async (i) => {
      const started = performance.now();
      await orm.em.fork().transactional((em) => postMove(watched(em, spent), mixedMove(i, items, locations, tag)));
      spent.moves += 1;
      spent.totalMs += performance.now() - started;
    },
  );
  const base = { name: 'bare single-row INSERT', value: rates.baseline, unit: 'tx/s' };
  report(`bare single-row INSERT transaction (${options.label})`, rates.baseline, 'tx/s', base);
  report(`postMove stock moves (${options.label})`, rates.work, 'moves/s', base, POSTING_TARGET);
  const [counts] = await query<Record<string, string>>(
    orm.em.fork(),
    `select count(*) as moves,
            count(*) filter (where m.move_type = 'receipt') as receipts,
            (select count(*) from layer_consumption c join stock_move x on x.id = c.move_id where x.user_name = ?)
              as consumptions,
            (select count(*) from journal_line l join journal_entry e on e.id = l.entry_id where e.created_by = ?)
              as journal_lines
       from stock_move m where m.user_name = ?`,
    [tag, tag, tag],
  );
  note(
    `${num(counts?.moves)} moves posted: ${num(counts?.receipts)} receipts, ` +
      `${num(counts?.moves) - num(counts?.receipts)} shipments/issues taking ${num(counts?.consumptions)} FIFO ` +
      `layer slices; ${num(counts?.journal_lines)} journal lines`,
  );
  const per = (value: number) => (value / spent.moves).toFixed(1);
  note(
    `${per(spent.statements)} SQL statements per move, one round trip each, plus begin/commit; ` +
      `${per(spent.statementMs)} of the ${per(spent.totalMs)} ms a move takes are spent waiting on them`,
  );
}

interface Spent {
  moves: number;
  statements: number;
  statementMs: number;
  totalMs: number;
}

/** The EntityManager, counting and timing every statement postMove sends (they all go through `execute`). */
function watched(em: EntityManager, spent: Spent): EntityManager {
  return new Proxy(em, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'execute') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: Parameters<EntityManager['execute']>) => {
        const started = performance.now();
        try {
          return await target.execute(...args);
        } finally {
          spent.statements += 1;
          spent.statementMs += performance.now() - started;
        }
      };
    },
  });
}

/** A few fresh FIFO items, half of them lot-tracked, for measuring postings on an almost empty ledger. */
export async function createBenchItems(orm: MikroORM, count: number, prefix: string): Promise<BenchItem[]> {
  const rows = await query<{ sku: string; lot_tracked: boolean }>(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     select ? || lpad(n::text, 4, '0'), 'Bench item ' || n, 'pcs', 'bench', n % 2 = 0,
            case when n % 2 = 0 then 365 end, 5, 'buy', false, 'fifo', false, 25, now()
       from generate_series(1, ?) n
     returning sku, lot_tracked`,
    [prefix, count],
  );
  return rows.map((row) => ({ sku: row.sku, lotTracked: Boolean(row.lot_tracked) }));
}

/** Physical (valued) locations, in a stable order. */
export async function physicalLocations(orm: MikroORM): Promise<string[]> {
  const rows = await query<{ code: string }>(
    orm.em.fork(),
    'select l.code from location l join warehouse w on w.id = l.warehouse_id where not w.virtual order by l.id',
  );
  return rows.map((row) => row.code);
}
