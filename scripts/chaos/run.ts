import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { buildApp } from '../../api/app';
import { createTemporalClient } from '../../api/temporal';
import { loadConfig } from '../../config/env';
import { createOrderStock, inPool, orderLines, type OrderLine } from '../../bench/order-bench-driver';
import { prng } from '../../bench/harness';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { prepareDatabase } from '../platform';
import { findFreePort } from '../ports';
import { checkBooks, hasLoss, unfinished, type BookChecks, type Driven } from './checks';
import { ChaosClerk } from './drive';
import { chaosPlan, runChaos, type ChaosEvent } from './plan';
import { createReceiptItems, receiptLines, type ReceiptLine } from './receipt-items';
import { ChaosServers, WorkerSupervisor } from './stack';

const NAMESPACE = 'chaos';
const TASK_QUEUE = 'chaos';
const ORDER_ITEMS = 20;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return value;
}

const say = (line: string) => console.log(`[chaos] ${new Date().toISOString().slice(11, 19)} ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `npm run chaos` (issue 18): drives CHAOS_ORDERS sales orders (default 200) and CHAOS_RECEIPTS purchase receipts
 * (default 50) through their human tasks on a platform of its own (fresh data directory, own ports: embedded
 * PostgreSQL, the Temporal CLI dev server on a SQLite file, the worker as a child process, the API in-process) while
 * it SIGKILLs the worker CHAOS_KILLS times (default 6) at random moments and restarts PostgreSQL once and the
 * Temporal server once; then waits for every instance to finish and checks the books in SQL. Prints the figures and
 * exits 1 on any loss. CHAOS_SEED replays a run's plan; CHAOS_KEEP=1 keeps the data directory (always kept on a loss).
 */
async function main(): Promise<number> {
  const started = Date.now();
  const orders = intFromEnv('CHAOS_ORDERS', 200);
  const receipts = intFromEnv('CHAOS_RECEIPTS', 50);
  const kills = intFromEnv('CHAOS_KILLS', 6);
  const concurrency = Math.max(1, intFromEnv('CHAOS_CONCURRENCY', 12));
  const timeoutMs = intFromEnv('CHAOS_TIMEOUT_MINUTES', 45) * 60_000;
  const seed = intFromEnv('CHAOS_SEED', Date.now() % 1_000_000_007);
  const random = prng(seed);
  const config = loadConfig();

  const dir = mkdtempSync(join(tmpdir(), 'millwright-chaos-'));
  chmodSync(dir, 0o755); // the postgres user must be able to enter it when we run as root
  say(`${orders} orders, ${receipts} receipts, ${kills} worker kills, seed ${seed}; data directory ${dir}`);
  const servers = new ChaosServers({
    dir,
    pgPort: await findFreePort(),
    temporalPort: await findFreePort(),
    temporalUiPort: await findFreePort(),
    namespace: NAMESPACE,
    taskQueue: TASK_QUEUE,
    cacheDir: config.cacheDir,
  });
  const stops: Array<() => Promise<unknown>> = [() => servers.stop()];
  let keep = process.env.CHAOS_KEEP === '1';
  let exitCode = 1;
  const onSignal = () => {
    say('interrupted: stopping ...');
    void stopAll().then(() => process.exit(130));
  };
  const stopAll = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => say(`stop: ${String(error)}`));
    stops.length = 0;
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    await servers.start();
    say(
      `PostgreSQL :${servers.pg.url.split(':')[3]?.split('/')[0]}, ${servers.temporal.route} at ${servers.temporal.address}`,
    );
    const { orm } = await prepareDatabase(servers.pg.url);
    stops.push(() => orm.close());
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
    const bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, bundle.code);

    const orderSkus = await createOrderStock(orm, orders * 2, ORDER_ITEMS);
    const receiptSkus = await createReceiptItems(orm, 10);
    const orderPlan: OrderLine[][] = Array.from({ length: orders }, () => orderLines(orderSkus, random));
    const receiptPlan: ReceiptLine[][] = Array.from({ length: receipts }, () => receiptLines(receiptSkus, random));

    const worker = new WorkerSupervisor(
      () => ({
        DATABASE_URL: servers.pg.url,
        TEMPORAL_ADDRESS: servers.temporal.address,
        TEMPORAL_NAMESPACE: NAMESPACE,
        TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        MILLWRIGHT_WORKFLOW_BUNDLE: bundlePath,
        MILLWRIGHT_RECONCILIATION_CRON: 'off',
        MILLWRIGHT_CYCLE_COUNT_CRON: 'off',
        MILLWRIGHT_FAULT_CRASH_AFTER: '',
      }),
      dir,
      say,
    );
    stops.push(() => worker.stop());
    await worker.start();

    const temporal: Client = await createTemporalClient(servers.temporal.address, NAMESPACE);
    stops.push(() => temporal.connection.close());
    const app: FastifyInstance = await buildApp({
      orm,
      temporal,
      taskQueue: TASK_QUEUE,
      temporalUiUrl: servers.temporal.uiUrl,
      sessionTtlHours: 12,
      pickTaskSlaMinutes: 240,
      processStartTimeoutMs: 5_000,
      outboxRelayMs: 1_000,
      logLevel: 'silent',
    });
    await app.ready();
    stops.push(() => app.close());
    // The overall timeout counts from here: bringing the platform up (migrations, the workflow bundle) is not the run.
    const deadline = Date.now() + timeoutMs;
    const clerk = new ChaosClerk(app, String(seed), deadline);
    await clerk.login();
    say(`platform up in ${((Date.now() - started) / 1000).toFixed(1)} s; driving with ${concurrency} in flight`);

    // Orders and receipts interleaved, so every outage meets both kinds of process mid-flight.
    const jobs = [
      ...orderPlan.map((lines, index) => ({ kind: 'order' as const, index, lines })),
      ...receiptPlan.map((lines, index) => ({ kind: 'receipt' as const, index, lines })),
    ].sort(() => random() - 0.5);
    const totalCompletions = orders * 3 + receipts * 2;
    const events: ChaosEvent[] = chaosPlan(random, kills);
    const driven: Driven[] = [];
    const failures: string[] = [];
    let drivingDone = false;
    const chaos = runChaos(events, {
      random,
      progress: () => (totalCompletions === 0 ? 1 : clerk.stats.completions / totalCompletions),
      drivingDone: () => drivingDone,
      worker,
      servers,
      say,
    });
    const reporter = setInterval(
      () =>
        say(
          `progress: ${clerk.stats.completions}/${totalCompletions} task completions, ${driven.length} documents ` +
            `placed, ${clerk.stats.retried} retries, ${worker.kills} kills`,
        ),
      15_000,
    );
    stops.push(async () => clearInterval(reporter));
    await inPool(jobs.length, concurrency, async (i) => {
      const job = jobs[i];
      if (!job) return;
      try {
        // Counted once placed: one that gets no further is then listed as stuck, not lost from sight.
        if (job.kind === 'order')
          await clerk.fulfil(job.index, job.lines as OrderLine[], (placed) =>
            driven.push({ kind: 'order', ...placed }),
          );
        else
          await clerk.receive(job.index, job.lines as ReceiptLine[], (placed) =>
            driven.push({ kind: 'receipt', ...placed }),
          );
      } catch (error) {
        failures.push(`${job.kind} ${job.index}: ${String(error).slice(0, 300)}`);
      }
    });
    drivingDone = true;
    say(`driving done: ${clerk.stats.completions}/${totalCompletions} completions; waiting for the chaos plan's end`);
    await chaos;
    clearInterval(reporter);

    // Every instance to its end: the last shipments and putaways post after the last task completion.
    let waiting = await retryRead(() => unfinished(orm, driven));
    while (waiting.length > 0 && Date.now() < deadline) {
      say(`${waiting.length} instances still running`);
      await sleep(5_000);
      waiting = await retryRead(() => unfinished(orm, driven));
    }
    const checks = await retryRead(() => checkBooks(orm, temporal, driven));
    const expected = orders + receipts;
    const lost = failures.length > 0 || hasLoss(checks, expected);
    printFigures({
      orders,
      receipts,
      placed: driven.length,
      worker,
      servers,
      checks,
      expected,
      retried: clerk.stats.retried,
      alreadyDone: clerk.stats.alreadyDone,
      seconds: (Date.now() - started) / 1000,
    });
    for (const failure of failures) console.log(`  driver failure: ${failure}`);
    for (const stuck of checks.notFinished.slice(0, 30))
      console.log(
        `  not finished: ${stuck.workflowId} projection=${stuck.projection} temporal=${stuck.temporal} ` +
          `step=${stuck.step} ${stuck.error}`,
      );
    if (lost) {
      keep = true;
      console.log(`\nLOSS: see above; logs and data kept in ${dir} (seed ${seed})`);
    } else console.log('\nNo loss.');
    exitCode = lost ? 1 : 0;
  } catch (error) {
    keep = true;
    console.error(`[chaos] the run itself failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    console.error(`[chaos] logs kept in ${dir}`);
    exitCode = 1;
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  return exitCode;
}

/** A read of the books, retried a few times should it meet a connection left broken by the restart. */
async function retryRead<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(1_000);
    }
  }
}

function printFigures(run: {
  orders: number;
  receipts: number;
  placed: number;
  worker: WorkerSupervisor;
  servers: ChaosServers;
  checks: BookChecks;
  expected: number;
  retried: number;
  alreadyDone: number;
  seconds: number;
}): void {
  const { checks } = run;
  const money = (value: number) => value.toFixed(2);
  const rows: Array<[string, string]> = [
    ['orders', String(run.orders)],
    ['purchase receipts', String(run.receipts)],
    ['documents placed', String(run.placed)],
    ['worker SIGKILLs', String(run.worker.kills)],
    ['worker exits on its own', String(run.worker.unexpectedExits)],
    ['worker starts', String(run.worker.starts)],
    ['PostgreSQL restarts', String(run.servers.pgRestarts)],
    ['Temporal restarts', String(run.servers.temporalRestarts)],
    ['requests retried', String(run.retried)],
    ['completions found done on retry', String(run.alreadyDone)],
    ['instances finished', `${checks.finished}/${run.expected}`],
    ['duplicate shipment lines', String(checks.duplicateShipments)],
    ['missing/short shipment lines', String(checks.missingShipments)],
    ['duplicate receipt lines', String(checks.duplicateReceipts)],
    ['missing/short receipt lines', String(checks.missingReceipts)],
    ['negative stock rows', String(checks.negativeStock)],
    ['negative points in move history', String(checks.negativeHistory)],
    ['balances off their moves', String(checks.balanceDrift)],
    ['unbalanced journal entries', String(checks.unbalancedEntries)],
    ['Inventory account (1300)', money(checks.inventoryAccount)],
    ['inventory valuation', money(checks.valuation)],
    ['wall time', `${run.seconds.toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log('\nChaos run figures');
  for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
