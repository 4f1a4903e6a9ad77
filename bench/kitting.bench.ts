import type { MikroORM } from '@mikro-orm/postgresql';
import { analyseKitting } from '../api/manufacturing/kitting/kitting-service';
import { kittingBoms } from '../api/manufacturing/kitting/kitting-loader';
import { bomTreeOf } from '../api/manufacturing/boms/bom-tree';
import { Item } from '../db/entities';
import { BALANCE_NOT_UNDER_COUNT } from '../db/repositories/allocation-repository';
import { num, query } from '../db/sql';
import { explode } from '../rules/manufacturing';
import { note, percentile, prng, report, timed } from './harness';
import { LEVELS, levelSku, loadKittingWorld, PER_LEVEL, PRODUCTS, productSku } from './kitting-world';

const LOTS = Number(process.env.BENCH_LOTS ?? 1_000_000);
const ORDERS = 1_000;
const ROUNDS = 3;

/**
 * The bound: one SQL aggregate of free stock per component over the same rule kitting reads it by (status
 * 'available', outside docks and virtual warehouses, not in a bin under count, lot not expired on the date, net of
 * reservations), over every lot of the kitted components, named by id (the planner then hashes the million lots
 * instead of looking each one up). Written out here rather than imported, so the bench does not depend on the
 * loader's internals; the cross-check below proves the two agree.
 */
const FREE_STOCK_AGGREGATE = `
  select b.item_id, sum(b.quantity - b.reserved_quantity) as free
    from stock_balance b
    join location l on l.id = b.location_id and l.type <> 'dock'
    join warehouse w on w.id = l.warehouse_id and not w.virtual
    left join lot on lot.id = b.lot_id
   where b.item_id = any(?::int[]) and b.status = 'available' and b.quantity - b.reserved_quantity > 0
     and (lot.expires_on is null or lot.expires_on >= ?::date)
     and ${BALANCE_NOT_UNDER_COUNT}
   group by b.item_id`;

/**
 * Kitting of 1,000 orders of 20 components against a million lots in PostgreSQL, through the API's own path
 * (analyseKitting: item check, effective BOMs, free stock, the pure kitting, open purchase lines covering the
 * shortages), against the bound of one SQL aggregate of the same availability; and the explosion of 10,000 items
 * in 5-level BOMs (their effective versions read in one query, then exploded through all levels), against the same
 * bound. Medians over alternating rounds, so load from other processes hits both alike.
 */
export async function kittingBench(orm: MikroORM): Promise<void> {
  const date = new Date().toISOString().slice(0, 10);
  const loadStarted = performance.now();
  await loadKittingWorld(orm, LOTS, date);
  note(
    `loaded ${LOTS} lots and ${LEVELS * PER_LEVEL} BOM items in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
  );

  const random = prng(13);
  const demands = Array.from({ length: ORDERS }, (_, i) => ({
    itemSku: productSku(i % PRODUCTS),
    quantity: 10 + Math.floor(random() * 60),
    reference: `MO-${i}`,
  }));
  const components = await query<{ id: number }>(orm.em.fork(), "select id from item where sku like 'KB-C-%'");
  const ids = `{${components.map((c) => c.id).join(',')}}`;
  const aggregate = () => query<{ item_id: number; free: string }>(orm.em.fork(), FREE_STOCK_AGGREGATE, [ids, date]);
  const analyse = () => analyseKitting(orm.em.fork(), { date, demands });
  const levelSkus = Array.from({ length: LEVELS * PER_LEVEL }, (_, n) =>
    levelSku(Math.floor(n / PER_LEVEL), n % PER_LEVEL),
  );
  const explodeAll = async () => {
    const boms = await kittingBoms(orm.em.fork(), levelSkus, date);
    let rows = 0;
    for (let i = 0; i < PER_LEVEL; i++)
      rows += explode(levelSku(0, i), 10, (sku) => boms.get(sku), { levels: 'all' }).length;
    return rows;
  };

  // Warm-up: plans, the pool, and the million rows' pages in the buffer cache (both read the same ones); the
  // first round's JIT cost in the rest is outweighed by the median.
  const bound = await aggregate();
  let result: Awaited<ReturnType<typeof analyse>> | undefined;
  let rows = 0;
  const times = { bound: [] as number[], kitting: [] as number[], explosion: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    times.bound.push(await timed(aggregate));
    times.kitting.push(await timed(async () => (result = await analyse())));
    times.explosion.push(await timed(async () => (rows = await explodeAll())));
  }

  const baseline = {
    name: `one SQL aggregate of free stock over ${LOTS} lots`,
    value: percentile(times.bound, 50),
    unit: 'ms',
  };
  report(
    `kitting ${ORDERS} orders x 20 components against ${LOTS} lots (API path)`,
    percentile(times.kitting, 50),
    'ms',
    baseline,
    {
      text: '<= 3x the aggregate alone',
      met: (_value, ratio) => ratio <= 3,
    },
  );
  const demanded = result?.demands ?? [];
  const full = demanded.filter((d) => d.buildable === d.quantity).length;
  const covered = demanded.flatMap((d) => d.components).filter((c) => c.short > 0 && c.coveredBy.length > 0);
  note(
    `${full} of ${ORDERS} orders fully kitted, ${covered.length} short rows covered by open purchase lines; ${crossCheck(bound, demanded)}`,
  );

  report(
    `explode ${LEVELS * PER_LEVEL} items in ${LEVELS}-level BOMs (read + all levels)`,
    percentile(times.explosion, 50),
    'ms',
    baseline,
  );
  note(`${rows} component rows from ${PER_LEVEL} top items`);
  await bomTreeSample(orm, date);
  note(`the kitting group took ${((performance.now() - loadStarted) / 1000).toFixed(0)} s with its load`);
}

/**
 * Each component's availability as the first demand that uses it saw it must equal the bound's sum for it:
 * otherwise the two are not measuring the same thing.
 */
function crossCheck(
  bound: ReadonlyArray<{ item_id: number; free: string }>,
  demands: ReadonlyArray<{ components: ReadonlyArray<{ componentSku: string; available: number }> }>,
): string {
  const total = bound.reduce((sum, row) => sum + num(row.free), 0);
  const seen = new Map<string, number>();
  for (const demand of demands)
    for (const c of demand.components) if (!seen.has(c.componentSku)) seen.set(c.componentSku, c.available);
  const firstSeen = [...seen.values()].reduce((sum, value) => sum + value, 0);
  const agree = bound.length === seen.size && Math.abs(total - firstSeen) < 1e-6;
  if (!agree)
    throw new Error(
      `kitting bench: kitting saw ${firstSeen} free over ${seen.size} components, the aggregate ${total} over ${bound.length}`,
    );
  return `${seen.size} components, ${total} free units in kitting and in the aggregate alike`;
}

/** The console's BOM tree (GET /api/items/:sku/bom-tree: entities level by level) of 5 top items, for scale. */
async function bomTreeSample(orm: MikroORM, date: string): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const em = orm.em.fork();
    const item = await em.findOneOrFail(Item, { sku: levelSku(0, (i * 97) % PER_LEVEL) });
    samples.push(await timed(() => bomTreeOf(em, item, date, 10)));
  }
  note(
    `one item's 5-level BOM tree through the API's entity path: p50 ${percentile(samples, 50).toFixed(1)} ms over 5 items`,
  );
}
