import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { createOrderStock, inPool, orderLines } from '../../bench/order-bench-driver';
import { prng } from '../../bench/harness';
import { projectionWatcher } from '../../bench/projection-watcher';
import { loadConfig } from '../../config/env';
import { openOrm } from '../../db/orm';
import { startCluster, type ClusterNode, type RunningCluster } from './cluster';
import { check, clusterClient, figureProblems, freePorts, orderFlow, temporalPorts } from './orders';
import { readComposeTemporalVersion } from './temporal-binaries';

const ORDERS = Number(process.env.CLUSTER_ORDERS ?? 40);
const CONCURRENCY = Number(process.env.CLUSTER_CONCURRENCY ?? 6);
const TIMEOUT_S = Number(process.env.CLUSTER_TIMEOUT_S ?? 1200);
const ITEMS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(`[test:cluster] ${line}`);

/**
 * What the worker's death did to the instances, read from their histories: activity attempts after the first (an
 * activity the dead worker had started is timed out and run again on the other) and workflow tasks timed out (on
 * the dead worker's sticky queue).
 */
async function killEffects(temporal: Client, workflowIds: string[]) {
  let activityRetries = 0;
  let workflowTaskTimeouts = 0;
  for (const workflowId of workflowIds) {
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    for (const event of history.events ?? []) {
      if ((event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1) activityRetries += 1;
      if (event.workflowTaskTimedOutEventAttributes) workflowTaskTimeouts += 1;
    }
  }
  return { activityRetries, workflowTaskTimeouts };
}

/**
 * `npm run test:cluster`: starts the native cluster on a fresh data directory and free ports, drives ORDERS orders
 * through order fulfillment over HTTP with the API nodes taking turns, SIGKILLs one worker and one API node while
 * orders are in flight, then checks that every instance finished and nothing was posted twice. Exits non-zero on any
 * failure, keeping the data directory (with every process's log) for a look.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'millwright-cluster-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we are root: it must enter the directory
  const started = Date.now();
  const ports = await freePorts(11);
  let cluster: RunningCluster | undefined;
  let orm: MikroORM | undefined;
  let temporal: Client | undefined;
  let ok = false;
  const aborted = new AbortController();
  // Still starting: the start stops after its step under way and takes down what it started (then `finally` below).
  const giveUp = () => (cluster ? void cluster.stop().finally(() => process.exit(1)) : aborted.abort());
  const timer = setTimeout(() => {
    console.error(`[test:cluster] FAILED: not done within ${TIMEOUT_S} s; logs in ${dir}/logs`);
    giveUp();
  }, TIMEOUT_S * 1000);
  process.once('SIGINT', giveUp).once('SIGTERM', giveUp);
  try {
    cluster = await startCluster({
      dataDir: dir,
      cacheDir: config.cacheDir,
      temporalVersion: readComposeTemporalVersion(),
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      ports: { postgres: ports[0] as number, temporal: temporalPorts(ports.slice(1, 9)), apis: ports.slice(9, 11) },
      workers: 2,
      say,
      signal: aborted.signal,
    });
    say(`cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    orm = await openOrm(cluster.databaseUrl);
    temporal = new Client({
      connection: await Connection.connect({ address: cluster.temporalAddress }),
      namespace: cluster.namespace,
    });
    const skus = await createOrderStock(orm, ORDERS, ITEMS);
    const random = prng(0xc1a5);
    const plan = Array.from({ length: ORDERS }, () => orderLines(skus, random));

    const client = clusterClient(cluster.apis);
    await client.login('clerk');
    const watcher = projectionWatcher(orm, { tickMs: 100, timeoutMs: 300_000 });
    const fulfil = orderFlow(client, watcher, `cluster-${process.pid}-${Date.now()}`);
    const running = cluster;
    const [victimWorker, victimApi] = [running.workers[0], running.apis[1]] as [ClusterNode, ClusterNode];
    const kills: string[] = [];
    const finished: Array<{ workflowId: string; orderNumber: string }> = [];
    let placed = 0;
    const killAt = { worker: Math.max(1, Math.floor(ORDERS / 4)), api: Math.max(2, Math.floor(ORDERS / 2)) };
    const maybeKill = async () => {
      const inFlight = placed - finished.length;
      if (finished.length >= killAt.worker && !kills.some((k) => k.startsWith(victimWorker.name))) {
        kills.push(
          `${victimWorker.name} (pid ${victimWorker.child.pid}) at ${finished.length} finished, ${inFlight} in flight`,
        );
        say(`SIGKILL ${kills.at(-1)}`);
        await running.kill(victimWorker);
      }
      if (finished.length >= killAt.api && !kills.some((k) => k.startsWith(victimApi.name))) {
        // Mid-request: wait (briefly) until the node has a request of ours open, so the kill cuts one.
        for (let i = 0; i < 200 && client.openOn(victimApi) === 0; i += 1) await sleep(10);
        kills.push(
          `${victimApi.name} (pid ${victimApi.child.pid}) at ${finished.length} finished, ${inFlight} in flight, ` +
            `${client.openOn(victimApi)} requests open on it`,
        );
        say(`SIGKILL ${kills.at(-1)}`);
        await running.kill(victimApi);
      }
    };
    const driveStarted = Date.now();
    await inPool(ORDERS, CONCURRENCY, async (i) => {
      placed += 1;
      const order = await fulfil(i, plan[i] ?? []);
      finished.push(order);
      if (finished.length % 10 === 0) say(`${finished.length}/${ORDERS} orders finished`);
      await maybeKill();
    });
    const driveSeconds = (Date.now() - driveStarted) / 1000;
    if (kills.length !== 2) throw new Error(`expected to kill a worker and an API node, killed: ${kills.join('; ')}`);

    const figures = await check(orm, temporal, finished);
    const effects = await killEffects(
      temporal,
      finished.map((order) => order.workflowId),
    );
    console.log(`
  Cluster           Temporal server v${cluster.temporal.version} on PostgreSQL, 2 workers, 2 API nodes
  Orders driven     ${ORDERS} (${CONCURRENCY} in flight) in ${driveSeconds.toFixed(1)} s
  Kills (SIGKILL)   ${kills.join('; ')}
  After the kills   ${effects.activityRetries} activity attempts after the first, ${effects.workflowTaskTimeouts} workflow tasks timed out (histories)
  HTTP requests     ${client.stats.requests}, ${client.stats.retriedOnOtherNode} retried on the other API node (${client.stats.connectionFailures} connection failures)
  Instances         ${figures.instances}: ${figures.finishedInTemporal} completed in Temporal, ${figures.finishedInProjection} completed in the projection
  Sales orders      ${figures.salesOrders} (one per order: retried creates not placed twice)
  Order lines       ${figures.orderLines}, ${figures.shipmentMoves} shipment moves, ${figures.linesShippedWrong} lines shipped other than ordered
  Postings          ${figures.shipmentEntries} shipment entries (one per move), ${figures.invoiceEntries} invoice entries (${figures.ordersWithoutInvoice} orders without one)
  Duplicates        ${figures.duplicateMoves} shipment moves, ${figures.duplicateInvoices} invoices
  Journal           ${figures.unbalancedEntries} unbalanced entries, ledger debit - credit = ${figures.ledgerDifference}
`);
    const problems = figureProblems(figures, ORDERS);
    if (problems.length > 0) throw new Error(problems.join('; '));
    ok = true;
    say(`PASSED in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`[test:cluster] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.error(`[test:cluster] data directory and logs kept: ${dir}`);
  } finally {
    clearTimeout(timer);
    await temporal?.connection.close().catch(() => undefined);
    await orm?.close().catch(() => undefined);
    await cluster?.stop();
    if (ok) rmSync(dir, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
}

void main();
