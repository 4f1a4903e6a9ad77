import { allocationBench } from './allocation.bench';
import { auditChainBench } from './audit-chain.bench';
import { clusterBench } from './cluster.bench';
import { kittingBench } from './kitting.bench';
import { consoleFirstPageBench } from './console-first-page.bench';
import { mrpBench } from './mrp.bench';
import { subcontractTrackingBench } from './subcontract-tracking.bench';
import { loadHistory } from './history-load';
import { benchDatabase, note } from './harness';
import { orderThroughputBench } from './order-throughput.bench';
import { periodCloseBench } from './period-close.bench';
import { processListBench } from './process-list.bench';
import { policyDecisionsBench } from './policy-decisions.bench';
import { createBenchItems, physicalLocations, postingEngineBench } from './posting-engine.bench';
import { postingBench } from './posting.bench';
import { stockOnHandBench, valuationBench } from './stock-queries.bench';
import { taskInboxBench } from './task-inbox.bench';
import { waveBench } from './wave.bench';

/**
 * `npm run bench`: every benchmark, each reported as a ratio to a baseline measured in the same run, on a
 * throw-away database. BENCH_SECONDS: seconds per throughput measurement (default 5); BENCH_MOVES: size of the
 * loaded stock history (default 1,000,000; scale down for a quick run); BENCH_TASKS: open tasks behind the task
 * inbox (default 100,000); BENCH_ORDERS: orders through the whole fulfillment workflow (default 1,000),
 * BENCH_ORDER_CONCURRENCY: orders in flight (default 32). `--only=engine,history` runs just the named groups:
 * allocation, kitting (BOM explosion and kitting of competing orders against a million lots in PostgreSQL), mrp (a
 * regenerative MRP run of 10,000 items and 100,000 sales-order lines, end to end; BENCH_MRP_ROUNDS, default 3), policies (our rules engine against zen's), subcontracting (the subcontract tracking report over 10,000 orders and
 * 1,000,000 stock moves; BENCH_SC_ORDERS, BENCH_SC_MOVES scale it down), period-close (a month of 1,000,000 journal lines
 * closed, then the trial balance from the closing balances; BENCH_CLOSE_LINES scales it down), audit-chain (verifying a
 * sealed chain of 1,000,000 audit rows; BENCH_AUDIT_ROWS scales it down), wave (plan and allocate a pick wave of 500
 * orders x 5 lines over 1,000,000 lots against the same orders one by one, and its bin visits against the orders'
 * separate paths; BENCH_WAVE_LOTS, BENCH_WAVE_ORDERS scale it down), process-list (the process list API over 1,000,000
 * process instances, filtered, searched and unfiltered first pages; BENCH_PROCESSES scales it down), cluster (orders
 * through fulfillment on the native production cluster with one worker process, then two: CPU per order of every
 * process; BENCH_CLUSTER_ORDERS per run, default 150, BENCH_CLUSTER_CONCURRENCY in flight, default 8), orders, engine (postMove on new items), inbox (the task
 * inbox API over a large backlog), console (the console's first page, cold, in Chromium: bytes and first row), fulfillment (orders through the workflow on a real Temporal server, against a
 * no-op workflow of the same steps), history (load, queries, postMove on fast movers).
 */
async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const moves = Number(process.env.BENCH_MOVES ?? 1_000_000);
  const tasks = Number(process.env.BENCH_TASKS ?? 100_000);
  const orders = Number(process.env.BENCH_ORDERS ?? 1000);
  const concurrency = Number(process.env.BENCH_ORDER_CONCURRENCY ?? 32);
  const processes = Number(process.env.BENCH_PROCESSES ?? 1_000_000);
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const wanted = (group: string) => !only || only.includes(group);
  if (wanted('allocation')) await allocationBench(); // pure, in-process: before the database exists
  if (wanted('policies')) await policyDecisionsBench(seconds); // pure too
  if (wanted('kitting')) {
    // On a database of its own: its million lots and its dock, virtual and counted bins stay out of the others.
    const kittingDb = await benchDatabase();
    await kittingBench(kittingDb.orm).finally(() => kittingDb.stop());
  }
  if (wanted('mrp')) {
    // Its own database too: 10,000 items and 100,000 sales-order lines would be every other group's items too.
    const mrpDb = await benchDatabase();
    await mrpBench(mrpDb.orm).finally(() => mrpDb.stop());
  }
  if (wanted('subcontracting')) {
    // Its own database: 10,000 subcontract orders and a million-line ledger of their own.
    const subcontractingDb = await benchDatabase();
    await subcontractTrackingBench(subcontractingDb.orm).finally(() => subcontractingDb.stop());
  }
  if (wanted('audit-chain')) {
    // Its own database: a million sealed audit rows would be every other group's audit trail too.
    const auditDb = await benchDatabase();
    await auditChainBench(auditDb.orm).finally(() => auditDb.stop());
  }
  if (wanted('process-list')) {
    // Its own database: a million process instances would be every other group's process list too.
    const processDb = await benchDatabase();
    await processListBench(processDb.orm, { instances: processes, samples: 50 }).finally(() => processDb.stop());
  }
  if (wanted('period-close')) {
    // Its own database: a million-line month closed and hard-locked would be every other group's books too.
    const closeDb = await benchDatabase();
    await periodCloseBench(closeDb.orm).finally(() => closeDb.stop());
  }
  if (wanted('wave')) {
    // Its own database: a million lots in five zones and 1,000 orders reserved against them stay out of the others.
    const waveDb = await benchDatabase();
    await waveBench(waveDb.orm).finally(() => waveDb.stop());
  }
  if (wanted('cluster')) {
    // A cluster of its own (Temporal server on its PostgreSQL, worker and API processes): nothing shared.
    // Reported, not thrown (no Go to build the server, say): the other groups still run; the exit code says it.
    await clusterBench({
      orders: Number(process.env.BENCH_CLUSTER_ORDERS ?? 150),
      concurrency: Number(process.env.BENCH_CLUSTER_CONCURRENCY ?? 8),
    }).catch((error: unknown) => {
      console.log(`cluster: could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
  }
  if (!['orders', 'engine', 'inbox', 'console', 'fulfillment', 'history'].some(wanted)) return;
  const db = await benchDatabase();
  try {
    const { orm } = db;
    if (wanted('orders')) await postingBench(orm, seconds);
    const locations = await physicalLocations(orm);
    if (wanted('engine')) {
      const fresh = await createBenchItems(orm, 20, 'BENCH-');
      await postingEngineBench(orm, { seconds, items: fresh, locations, tag: 'bench-engine', label: 'new items' });
    }
    // Before the stock history, whose bulk load and vacuum would still be settling during its samples.
    if (wanted('inbox')) await taskInboxBench(orm, { open: tasks, done: Math.round(tasks / 4), samples: 200 });
    if (wanted('console')) await consoleFirstPageBench(orm);
    if (wanted('fulfillment')) await orderThroughputBench(orm, { orders, concurrency });
    if (!wanted('history')) return;

    const itemCount = Math.min(2000, Math.max(10, Math.floor(moves / 100)));
    const started = performance.now();
    const history = await loadHistory(orm, moves, itemCount);
    const loadSeconds = (performance.now() - started) / 1000;
    note(
      `loaded ${history.moves} moves of ${history.items.length} items in ${loadSeconds.toFixed(1)} s, then analyzed`,
    );
    await stockOnHandBench(
      orm,
      history.items.map((item) => item.sku),
      500,
    );
    await valuationBench(orm, 3);
    // Postings into the fast movers of the loaded history: what FIFO costs once an item has a long past.
    await postingEngineBench(orm, {
      seconds,
      items: history.hot.slice(0, 20),
      locations,
      tag: 'bench-history',
      label: `fast movers, ${history.movesPerHotItem} moves of history each`,
    });
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
