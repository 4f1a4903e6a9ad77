import type { MikroORM } from '@mikro-orm/postgresql';
import { calculateRunPlan, type PlanSummary } from '../activities/mrp/calculate-plan';
import { snapshotMrpRun } from '../activities/mrp/open-run';
import { queueMrpRun } from '../db/planning/mrp-run-repository';
import { readMrpSnapshot } from '../db/planning/mrp-snapshot';
import { readMrpItemGrid } from '../api/planning/mrp-run-read-detail';
import { readPegging } from '../api/planning/mrp-run-read-pegging';
import { derivedPeggingOfRun } from '../db/planning/derived-pegging';
import { query } from '../db/sql';
import { createEngineCache } from '../rules/engine';
import { note, percentile, report, timed } from './harness';
import { netChangeBench } from './mrp-net-change.bench';
import { loadMrpWorld, MRP_LEVELS, MRP_PER_LEVEL, MRP_SALES_LINES } from './mrp-world';

const ROUNDS = Number(process.env.BENCH_MRP_ROUNDS ?? 3);
const BUCKETS = 52;

/**
 * The regenerative MRP run end to end (snapshotMrpRun: inputs read in one snapshot, lot sizes decided and recorded;
 * calculateRunPlan: every low-level code committed as it finishes, then the plan stored in bulk) over 10,000 items in
 * 5-level BOMs, 100,000 sales-order lines and 52 weekly buckets, against the time to read the same inputs
 * (readMrpSnapshot alone). Rounds alternate the two, so load from other processes hits both alike; medians.
 */
export async function mrpBench(orm: MikroORM): Promise<void> {
  const asOf = new Date().toISOString().slice(0, 10);
  const loadStarted = performance.now();
  await loadMrpWorld(orm, asOf);
  note(
    `loaded ${MRP_LEVELS * MRP_PER_LEVEL} items and ${MRP_SALES_LINES} sales-order lines in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
  );
  const engines = createEngineCache();
  const read = () => readMrpSnapshot(orm.em.fork(), asOf);
  const steps = { snapshot: [] as number[], calculate: [] as number[] };
  const times = { read: [] as number[], run: [] as number[] };
  let summary: PlanSummary | undefined;
  let lastRun = 0;
  let inputs = '';
  const warm = await read(); // plans and pages in the cache, for both alike
  inputs = `${warm.items.length} items, ${warm.boms.length} BOMs, ${warm.demands.length} demands, ${warm.supplies.length} supplies`;
  for (let round = 0; round < ROUNDS; round += 1) {
    times.read.push(await timed(read));
    const run = await queueMrpRun(orm.em.fork(), {
      asOf,
      bucketSize: 'week',
      bucketCount: BUCKETS,
      simulation: false, // live: the last one is the plan net change re-plans
      workflowId: null,
      requestedBy: 'bench',
    });
    const snapshot = await timed(() => snapshotMrpRun(orm.em, engines, run.id));
    const calculate = await timed(async () => (summary = await calculateRunPlan(() => orm.em.fork(), run.id)));
    lastRun = run.id;
    steps.snapshot.push(snapshot);
    steps.calculate.push(calculate);
    times.run.push(snapshot + calculate);
  }
  const regenerative = {
    name: 'the regenerative run',
    value: percentile(times.run, 50),
    unit: 'ms',
  };
  report(
    `MRP regenerative run, ${MRP_LEVELS * MRP_PER_LEVEL} items in ${MRP_LEVELS}-level BOMs, ${MRP_SALES_LINES} sales-order lines, ${BUCKETS} weekly buckets (snapshot, calculate, store)`,
    percentile(times.run, 50),
    'ms',
    { name: 'reading the same inputs (readMrpSnapshot)', value: percentile(times.read, 50), unit: 'ms' },
    { text: '< 10 s', met: (value) => value < 10_000 },
  );
  note(`inputs: ${inputs}`);
  note(
    `steps (p50): snapshot + lot sizing ${percentile(steps.snapshot, 50).toFixed(0)} ms, calculate + store ${percentile(steps.calculate, 50).toFixed(0)} ms`,
  );
  note(
    `plan: ${summary?.items} items, ${summary?.plannedOrders} planned orders, ${summary?.exceptions} exceptions, ${summary?.problems} problems, ${summary?.beyondHorizon} demands beyond the horizon`,
  );
  await peggingBench(orm, lastRun);
  await netChangeBench(orm, asOf, regenerative);
}

const PEG_SAMPLES = 5;

/**
 * GET /api/mrp-runs/:id/pegging on the bench run: a bought leaf's planned order walked up to the customer orders, and
 * a sales-order line walked down to the leaves, against reading the leaf's MRP grid (the console's other per-item
 * read). Medians over a few samples of each.
 */
async function peggingBench(orm: MikroORM, runId: number): Promise<void> {
  const em = () => orm.em.fork();
  const leaves = await query<{ planned_ref: string; sku: string }>(
    em(),
    `select o.planned_ref, i.sku from mrp_planned_order o join item i on i.id = o.item_id
      where o.run_id = ? and i.sku like 'MB-L4-%' order by o.id limit ?`,
    [runId, PEG_SAMPLES],
  );
  // Lines the plan serves, as its end items' planned orders peg them (a line wholly reserved from stock has no demand
  // left): pegs are derived when read, so they are found through the end items' pegging.
  const ends = await query<{ sku: string }>(
    em(),
    `select distinct i.sku from mrp_planned_order o join item i on i.id = o.item_id
      where o.run_id = ? and i.sku like 'MB-L0-%' order by 1 limit ?`,
    [runId, PEG_SAMPLES],
  );
  const pegging = await derivedPeggingOfRun(
    em(),
    runId,
    ends.map((e) => e.sku),
  );
  const lines = [...pegging.values()]
    .flatMap((item) => [...item.orders.values()].flat())
    .filter((peg) => peg.kind === 'sales-order')
    .map((peg) => ({ ref: peg.ref }))
    .slice(0, PEG_SAMPLES);
  const times = { grid: [] as number[], up: [] as number[], down: [] as number[] };
  const nodes = { up: 0, down: 0 };
  for (let i = 0; i < PEG_SAMPLES; i += 1) {
    const leaf = leaves[i % leaves.length]!;
    times.grid.push(await timed(() => readMrpItemGrid(em(), runId, leaf.sku)));
    times.up.push(await timed(async () => (nodes.up = (await readPegging(em(), runId, leaf.planned_ref)).up.length)));
    const line = lines[i % lines.length]!;
    times.down.push(await timed(async () => (nodes.down = (await readPegging(em(), runId, line.ref)).down.length)));
  }
  const grid = { name: "reading the leaf's MRP grid", value: percentile(times.grid, 50), unit: 'ms' };
  report('MRP pegging: a leaf planned order up to the customer orders', percentile(times.up, 50), 'ms', grid);
  report('MRP pegging: a sales-order line down to the leaves', percentile(times.down, 50), 'ms', grid);
  note(`last sample: ${nodes.up} nodes up, ${nodes.down} nodes down`);
}
