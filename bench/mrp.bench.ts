import type { MikroORM } from '@mikro-orm/postgresql';
import { calculateRunPlan, type PlanSummary } from '../activities/mrp/calculate-plan';
import { snapshotMrpRun } from '../activities/mrp/open-run';
import { queueMrpRun } from '../db/planning/mrp-run-repository';
import { readMrpSnapshot } from '../db/planning/mrp-snapshot';
import { createEngineCache } from '../rules/engine';
import { note, percentile, report, timed } from './harness';
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
  let inputs = '';
  const warm = await read(); // plans and pages in the cache, for both alike
  inputs = `${warm.items.length} items, ${warm.boms.length} BOMs, ${warm.demands.length} demands, ${warm.supplies.length} supplies`;
  for (let round = 0; round < ROUNDS; round += 1) {
    times.read.push(await timed(read));
    const run = await queueMrpRun(orm.em.fork(), {
      asOf,
      bucketSize: 'week',
      bucketCount: BUCKETS,
      simulation: true, // never reviewed: each round's run stands alone
      workflowId: null,
      requestedBy: 'bench',
    });
    const snapshot = await timed(() => snapshotMrpRun(orm.em, engines, run.id));
    const calculate = await timed(async () => (summary = await calculateRunPlan(() => orm.em.fork(), run.id)));
    steps.snapshot.push(snapshot);
    steps.calculate.push(calculate);
    times.run.push(snapshot + calculate);
  }
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
}
