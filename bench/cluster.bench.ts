import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { openOrm } from '../db/orm';
import { startCluster, type RunningCluster } from '../scripts/cluster/cluster';
import { check, clusterClient, figureProblems, freePorts, orderFlow, temporalPorts } from '../scripts/cluster/orders';
import { readComposeTemporalVersion } from '../scripts/cluster/temporal-binaries';
import { cpuBetween, sampleCpu } from './cluster-cpu';
import { note, prng, report } from './harness';
import { createOrderStock, inPool, orderLines } from './order-bench-driver';
import { projectionWatcher } from './projection-watcher';

const ITEMS = 20;
const ROLES = ['Temporal server', 'PostgreSQL', 'workers', 'API nodes', 'driver'] as const;
type Role = (typeof ROLES)[number];

interface Phase {
  workers: number;
  orders: number;
  seconds: number;
  cpu: Map<Role, number>;
  /** CPU seconds of each worker process, in the order they were started. */
  perWorker: number[];
}

const total = (phase: Phase) => [...phase.cpu.values()].reduce((sum, seconds) => sum + seconds, 0);
const perOrder = (phase: Phase) => total(phase) / phase.orders;
const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;

/**
 * Issue 19: orders through the whole fulfillment workflow on the native production topology (the Temporal server
 * of docker-compose.yml on PostgreSQL, two API nodes, scripts/cluster/cluster.ts) with one worker process, then the
 * same after a second worker process joins the same cluster. Each run drives `orders` orders, `concurrency` in
 * flight, over HTTP as the clerk (placed, then pick, pack and ship completed as each task opens; test:cluster's
 * driver) after as many uncounted warm-up orders, and reads the CPU time of every process of the cluster and of the
 * driver from /proc before and after: the cost per completed order. The two-worker run comes second, on a database
 * holding the first run's orders too, so any drift counts against it. Then the books of every order are checked in
 * SQL: nothing lost, nothing posted twice.
 */
export async function clusterBench(options: { orders: number; concurrency: number }): Promise<void> {
  const { orders, concurrency } = options;
  const warmup = concurrency;
  const config = loadConfig();
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'millwright-bench-cluster-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we are root: it must enter the directory
  const ports = await freePorts(11);
  const aborted = new AbortController();
  const running: { cluster?: RunningCluster } = {};
  const onSignal = () => {
    console.error('\nstopping the bench cluster');
    if (!running.cluster) return aborted.abort();
    void running.cluster.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let orm: MikroORM | undefined;
  let temporal: Client | undefined;
  let ok = false;
  try {
    const started = performance.now();
    const cluster = await startCluster({
      dataDir: dir,
      cacheDir: config.cacheDir,
      temporalVersion: readComposeTemporalVersion(),
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      ports: { postgres: ports[0] as number, temporal: temporalPorts(ports.slice(1, 9)), apis: ports.slice(9, 11) },
      workers: 1,
      say: () => undefined,
      signal: aborted.signal,
    });
    running.cluster = cluster;
    const startSeconds = (performance.now() - started) / 1000;
    orm = await openOrm(cluster.databaseUrl);
    temporal = new Client({
      connection: await Connection.connect({ address: cluster.temporalAddress }),
      namespace: cluster.namespace,
    });
    const planned = 2 * (warmup + orders);
    const skus = await createOrderStock(orm, planned, ITEMS);
    const random = prng(0xc0de);
    const plan = Array.from({ length: planned }, () => orderLines(skus, random));
    const client = clusterClient(cluster.apis);
    await client.login('clerk');
    const watcher = projectionWatcher(orm, { tickMs: 50, timeoutMs: 300_000 });
    const fulfil = orderFlow(client, watcher, `bench-cluster-${process.pid}-${Date.now()}`);
    const placed: Array<{ workflowId: string; orderNumber: string }> = [];
    let next = 0;
    const drive = (count: number) =>
      inPool(count, concurrency, async () => {
        const index = next;
        next += 1;
        placed.push(await fulfil(index, plan[index] ?? []));
      });

    const temporalComm = basename(cluster.temporal.server).slice(0, 15); // /proc's comm: the first 15 bytes
    const roleOf = (pid: number, comm: string): string | undefined => {
      const worker = cluster.workers.findIndex((node) => node.child.pid === pid);
      if (worker >= 0) return `worker ${worker}`;
      if (cluster.apis.some((node) => node.child.pid === pid)) return 'API nodes';
      if (comm === 'postgres') return 'PostgreSQL';
      if (comm === temporalComm) return 'Temporal server';
      return undefined;
    };
    const run = async (): Promise<Phase> => {
      await drive(warmup); // JIT, pools, the new worker's workflow cache and sticky queue: not counted
      const before = sampleCpu(roleOf, 'driver');
      const begun = performance.now();
      await drive(orders);
      const seconds = (performance.now() - begun) / 1000;
      const spent = cpuBetween(before, sampleCpu(roleOf, 'driver'));
      const perWorker = cluster.workers.map((_, index) => spent.get(`worker ${index}`) ?? 0);
      const cpu = new Map<Role, number>(ROLES.map((role) => [role, spent.get(role) ?? 0]));
      cpu.set(
        'workers',
        perWorker.reduce((sum, s) => sum + s, 0),
      );
      return { workers: cluster.workers.length, orders, seconds, cpu, perWorker };
    };

    const one = await run();
    await cluster.addWorker();
    const two = await run();

    const figures = await check(orm, temporal, placed);
    const problems = figureProblems(figures, placed.length);
    const lost = placed.length - Math.min(figures.finishedInTemporal, figures.finishedInProjection);
    const duplicates =
      figures.duplicateMoves +
      figures.duplicateInvoices +
      Math.max(0, figures.salesOrders - placed.length) +
      Math.max(0, figures.shipmentEntries - figures.shipmentMoves);

    const where = `Temporal v${cluster.temporal.version} on PostgreSQL, 2 API nodes`;
    const oneWorker = { name: 'one worker', value: perOrder(one), unit: 'CPU s/order' };
    report(
      `cluster cost per order, two workers (${orders} orders, ${concurrency} in flight, ${where})`,
      perOrder(two),
      'CPU s/order',
      oneWorker,
      { text: '<= 1.2x', met: (_value, ratio) => ratio <= 1.2 },
    );
    report(`cluster throughput, two workers`, two.orders / two.seconds, 'orders/s', {
      name: 'one worker',
      value: one.orders / one.seconds,
      unit: 'orders/s',
    });
    report(
      `cluster orders completed and booked once, both runs`,
      placed.length - lost - duplicates,
      'orders',
      { name: 'orders placed', value: placed.length, unit: 'orders' },
      { text: 'lost 0, duplicates 0', met: () => lost === 0 && duplicates === 0 && problems.length === 0 },
    );
    note(
      `lost ${lost}, duplicates ${duplicates} over ${placed.length} orders (${2 * warmup} of them warm-up): ` +
        `${figures.finishedInTemporal} completed in Temporal, ${figures.finishedInProjection} in the projection, ` +
        `${figures.salesOrders} sales orders, ${figures.shipmentMoves} shipment moves for ${figures.orderLines} lines ` +
        `(${figures.linesShippedWrong} wrong, ${figures.duplicateMoves} twice), ${figures.shipmentEntries} shipment ` +
        `entries, ${figures.invoiceEntries} invoice entries (${figures.duplicateInvoices} twice), ` +
        `${figures.unbalancedEntries} unbalanced${problems.length > 0 ? `; PROBLEMS: ${problems.join('; ')}` : ''}`,
    );
    for (const phase of [one, two]) {
      const split = ROLES.map((role) => `${role} ${ms((phase.cpu.get(role) ?? 0) / phase.orders)}`).join(', ');
      const workers =
        phase.workers > 1 ? ` (worker processes ${phase.perWorker.map((s) => `${s.toFixed(1)} s`).join(' + ')})` : '';
      note(
        `${phase.workers === 1 ? 'one worker' : 'two workers'}: ${phase.orders} orders in ${phase.seconds.toFixed(1)} s ` +
          `wall, ${total(phase).toFixed(1)} CPU s = ${ms(perOrder(phase))} per order: ${split}${workers}; ` +
          `${((100 * total(phase)) / phase.seconds / availableParallelism()).toFixed(0)} % of ` +
          `${availableParallelism()} CPUs busy with them`,
      );
    }
    note(prediction(one, two));
    const [load] = loadavg();
    note(
      `cluster started in ${startSeconds.toFixed(0)} s (not counted); CPU from /proc/<pid>/stat (utime + stime, ` +
        `children reaped included) of every process under the bench: Temporal server, PostgreSQL (postmaster and ` +
        `backends), worker and API processes, this driver; the servers' background work accrues per second, not per ` +
        `order, so a run slowed by other load looks dearer; load average ${load?.toFixed(1)} on ` +
        `${availableParallelism()} CPUs`,
    );
    ok = true;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await temporal?.connection.close().catch(() => undefined);
    await orm?.close().catch(() => undefined);
    await running.cluster?.stop();
    if (ok) rmSync(dir, { recursive: true, force: true });
    else console.error(`  (cluster bench failed: data directory and logs kept in ${dir})`);
  }
}

/**
 * What the figures say about more cores. The work per order is the same with one or two workers (what the ratio
 * measures), so throughput is bounded by cores / CPU per order once enough orders are in flight; a Node process
 * (worker, API node) runs its JavaScript on one or two threads, so past a core or two per process more processes
 * of that kind are needed. The Temporal server (Go) and PostgreSQL use every core.
 */
function prediction(one: Phase, two: Phase): string {
  const cost = perOrder(two);
  const worker = (two.cpu.get('workers') ?? 0) / two.orders;
  const api = (two.cpu.get('API nodes') ?? 0) / two.orders;
  const shares = ROLES.map((role) => `${role} ${((100 * (two.cpu.get(role) ?? 0)) / total(two)).toFixed(0)} %`);
  const cores = [4, 8, 16].map((n) => `${n} cores ~${(n / cost).toFixed(1)}`).join(', ');
  const measured = `measured ${(one.orders / one.seconds).toFixed(1)} and ${(two.orders / two.seconds).toFixed(1)} orders/s here`;
  return (
    `prediction: at ${ms(cost)} CPU per order, orders/s is bounded by cores / ${cost.toFixed(2)} s: ${cores} ` +
    `(${measured}; with more in flight as cores grow). Split ${shares.join(', ')}: the Go server and PostgreSQL ` +
    `spread over cores; one worker process needs a core per ${(1 / worker).toFixed(1)} orders/s and uses few ` +
    `(its JavaScript runs on a main thread and a workflow thread), an API node one per ${(1 / api).toFixed(1)}: ` +
    `past that, add processes, not cores to one`
  );
}
