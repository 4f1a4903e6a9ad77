import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { CUSTOMER, createOrderStock, inPool, orderLines, type OrderLine } from '../../bench/order-bench-driver';
import { prng } from '../../bench/harness';
import { projectionWatcher } from '../../bench/projection-watcher';
import { loadConfig } from '../../config/env';
import { openOrm } from '../../db/orm';
import { DEMO_PASSWORD } from '../../db/seeds/demo-data';
import { num, query } from '../../db/sql';
import { packAll, pickAll, shipAll, type TaskView } from '../../test/support/order-driver';
import { assertPortFree } from '../ports';
import { startCluster, type ClusterNode, type RunningCluster } from './cluster';
import { readComposeTemporalVersion } from './temporal-binaries';
import type { TemporalPorts } from './temporal-config';

const ORDERS = Number(process.env.CLUSTER_ORDERS ?? 40);
const CONCURRENCY = Number(process.env.CLUSTER_CONCURRENCY ?? 6);
const TIMEOUT_S = Number(process.env.CLUSTER_TIMEOUT_S ?? 1200);
const ITEMS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => console.log(`[test:cluster] ${line}`);

/**
 * Free ports below 32768, each different: Temporal stores its services' membership ports in a smallint column
 * (`cluster_membership.rpc_port`), so the OS's ephemeral ports (32768 and up) stop the server at its first heartbeat.
 */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.has(port) && (await isFree(port))) ports.add(port);
  }
  return [...ports];
}

async function isFree(port: number): Promise<boolean> {
  return assertPortFree(port, 'test:cluster').then(
    () => true,
    () => false,
  );
}

type Answer = { status: number; body: unknown; retried: boolean };

/**
 * The clerks' HTTP client of the cluster: each call goes to the next API node in turn, and a call the node cannot
 * answer (connection refused or cut: the node is dead; 502/503) is sent again to the other node. Create requests
 * carry an Idempotency-Key, so a retry of one that had committed gets the same document back.
 */
function clusterClient(apis: ClusterNode[]) {
  let turn = 0;
  const stats = { requests: 0, retriedOnOtherNode: 0, connectionFailures: 0 };
  /** Requests sent to each node and not yet answered: at a kill, the ones it takes down with it. */
  const open = new Map<string, number>();
  let token = '';
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    stats.requests += 1;
    const first = turn++;
    let lastProblem = '';
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const node = apis[(first + attempt) % apis.length] as ClusterNode;
      if (attempt > 0) {
        stats.retriedOnOtherNode += attempt === 1 ? 1 : 0;
        await sleep(Math.min(100 * attempt, 2_000));
      }
      open.set(node.name, (open.get(node.name) ?? 0) + 1);
      try {
        const response = await fetch(`${node.url}${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        if (response.status === 502 || response.status === 503) {
          lastProblem = `${node.name}: ${response.status} ${text.slice(0, 200)}`;
          continue;
        }
        return { status: response.status, body: text ? JSON.parse(text) : undefined, retried: attempt > 0 } as Answer;
      } catch (error) {
        stats.connectionFailures += 1;
        lastProblem = `${node.name}: ${String((error as Error).cause ?? error)}`;
      } finally {
        open.set(node.name, (open.get(node.name) ?? 1) - 1);
      }
    }
    throw new Error(`${method} ${path} failed on every API node: ${lastProblem}`);
  };
  return {
    stats,
    call,
    openOn: (node: ClusterNode) => open.get(node.name) ?? 0,
    async login(username: string) {
      const answer = await call('POST', '/api/auth/login', { username, password: DEMO_PASSWORD });
      if (answer.status !== 200) throw new Error(`login: ${answer.status} ${JSON.stringify(answer.body)}`);
      token = (answer.body as { token: string }).token;
    },
  };
}

type ClusterClient = ReturnType<typeof clusterClient>;

const errorCode = (body: unknown) => (body as { error?: { code?: string } } | undefined)?.error?.code;

/** One order as a clerk runs it over HTTP: place it, then pick, pack and ship as each task opens. */
function orderFlow(client: ClusterClient, watcher: ReturnType<typeof projectionWatcher>, runId: string) {
  const openTask = async (taskId: string): Promise<TaskView> => {
    await watcher.taskOpen(taskId);
    const answer = await client.call('GET', `/api/tasks/${encodeURIComponent(taskId)}`);
    if (answer.status !== 200) throw new Error(`task ${taskId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as TaskView;
  };
  const complete = async (taskId: string, payload: unknown) => {
    const answer = await client.call('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, { payload });
    // A retry of a completion the dead node had already carried out finds the task finished: that is success.
    if (answer.status === 200 || (answer.retried && errorCode(answer.body) === 'TASK_FINISHED')) return;
    throw new Error(`complete ${taskId}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  return async (index: number, lines: OrderLine[]): Promise<{ workflowId: string; orderNumber: string }> => {
    const placed = await client.call(
      'POST',
      '/api/orders',
      { customerCode: CUSTOMER, lines },
      { 'idempotency-key': `${runId}-order-${index}` },
    );
    if (placed.status !== 201) throw new Error(`order ${index}: ${placed.status} ${JSON.stringify(placed.body)}`);
    const { workflowId, orderNumber } = placed.body as { workflowId: string; orderNumber: string };
    const pick = await openTask(`${workflowId}:pick`);
    await complete(pick.id, { picks: pickAll(pick) });
    const pack = await openTask(`${workflowId}:pack`);
    await complete(pack.id, packAll(pack));
    const ship = await openTask(`${workflowId}:ship`);
    await complete(ship.id, shipAll(ship));
    await watcher.completed(workflowId);
    return { workflowId, orderNumber };
  };
}

interface Figures {
  instances: number;
  finishedInTemporal: number;
  finishedInProjection: number;
  salesOrders: number;
  orderLines: number;
  shipmentMoves: number;
  linesShippedWrong: number;
  duplicateMoves: number;
  shipmentEntries: number;
  invoiceEntries: number;
  ordersWithoutInvoice: number;
  duplicateInvoices: number;
  unbalancedEntries: number;
  ledgerDifference: number;
}

/** What the books say about this run's orders, in SQL; and what Temporal itself says about their instances. */
async function check(orm: MikroORM, temporal: Client, orders: Array<{ workflowId: string; orderNumber: string }>) {
  const numbers = orders.map((order) => order.orderNumber);
  const workflowIds = orders.map((order) => order.workflowId);
  const em = () => orm.em.fork();
  const [salesOrders] = await query<{ n: string }>(
    em(),
    `select count(*) as n from sales_order so join customer c on c.id = so.customer_id
      where c.code = ? and so.created_by = 'clerk' and so.order_number in (?)`,
    [CUSTOMER, numbers],
  );
  const [placedTwice] = await query<{ n: string }>(
    em(),
    `select count(*) as n from sales_order so join customer c on c.id = so.customer_id
      where c.code = ? and so.order_number not in (?) and so.created_at > now() - interval '1 day'`,
    [CUSTOMER, numbers],
  );
  // Per order line: the shipment moves posted for it, their quantity against the line's, and any (location, lot)
  // posted twice.
  const lines = await query<{ quantity: string; shipped: string; moved: string | null; moves: string; pairs: string }>(
    em(),
    `select l.quantity, l.shipped_quantity as shipped, sum(m.quantity) as moved, count(m.id) as moves,
            count(distinct (m.from_location_id, m.lot_id)) as pairs
       from sales_order so join sales_order_line l on l.order_id = so.id
       left join stock_move m on m.move_type = 'shipment' and m.document_type = 'sales-order'
                             and m.document_ref = so.order_number and m.line_no = l.line_no
      where so.order_number in (?)
      group by l.id, l.quantity, l.shipped_quantity`,
    [numbers],
  );
  const linesShippedWrong = lines.filter(
    (line) => num(line.moved) !== num(line.quantity) || num(line.shipped) !== num(line.quantity),
  ).length;
  const duplicateMoves = lines.reduce((sum, line) => sum + (num(line.moves) - num(line.pairs)), 0);
  // The entries the orders posted: one per shipment move (its cost of goods sold, keyed by the move) and one
  // customer invoice per order; then every entry balanced, and the whole ledger.
  const [moveEntries] = await query<{ n: string }>(
    em(),
    `select count(*) as n from journal_entry e join stock_move m on e.idempotency_key = 'move:' || m.id
      where m.move_type = 'shipment' and m.document_type = 'sales-order' and m.document_ref in (?)`,
    [numbers],
  );
  const invoices = await query<{ order_number: string; n: string }>(
    em(),
    `select so.order_number, count(e.id) as n from sales_order so
       left join journal_entry e on e.source_type = 'customer-invoice'
                                 and e.description like '% for ' || so.order_number || ' (%'
      where so.order_number in (?) group by so.order_number`,
    [numbers],
  );
  const [unbalanced] = await query<{ n: string }>(
    em(),
    `select count(*) as n from (select e.id from journal_entry e join journal_line l on l.entry_id = e.id
      group by e.id having sum(l.debit) <> sum(l.credit)) x`,
  );
  const [ledger] = await query<{ d: string }>(
    em(),
    'select coalesce(sum(debit), 0) - coalesce(sum(credit), 0) as d from journal_line',
  );
  const projection = await query<{ n: string }>(
    em(),
    `select count(*) as n from process_instance where workflow_id in (?) and status = 'completed'`,
    [workflowIds],
  );
  let finishedInTemporal = 0;
  for (const workflowId of workflowIds) {
    const described = await temporal.workflow.getHandle(workflowId).describe();
    if (described.status.name === 'COMPLETED') finishedInTemporal += 1;
  }
  const figures: Figures = {
    instances: orders.length,
    finishedInTemporal,
    finishedInProjection: num(projection[0]?.n),
    salesOrders: num(salesOrders?.n) + num(placedTwice?.n),
    orderLines: lines.length,
    shipmentMoves: lines.reduce((sum, line) => sum + num(line.moves), 0),
    linesShippedWrong,
    duplicateMoves,
    shipmentEntries: num(moveEntries?.n),
    invoiceEntries: invoices.reduce((sum, row) => sum + num(row.n), 0),
    ordersWithoutInvoice: invoices.filter((row) => num(row.n) === 0).length,
    duplicateInvoices: invoices.reduce((sum, row) => sum + Math.max(0, num(row.n) - 1), 0),
    unbalancedEntries: num(unbalanced?.n),
    ledgerDifference: num(ledger?.d),
  };
  return figures;
}

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

function temporalPorts(ports: number[]): TemporalPorts {
  const [frontend, history, matching, worker, fm, hm, mm, wm] = ports as [number, ...number[]];
  return {
    frontend,
    history: history ?? 0,
    matching: matching ?? 0,
    worker: worker ?? 0,
    frontendMembership: fm ?? 0,
    historyMembership: hm ?? 0,
    matchingMembership: mm ?? 0,
    workerMembership: wm ?? 0,
  };
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
    const problems = [
      figures.finishedInTemporal !== ORDERS &&
        `${ORDERS - figures.finishedInTemporal} instances not completed in Temporal`,
      figures.finishedInProjection !== ORDERS &&
        `${ORDERS - figures.finishedInProjection} instances not completed in the projection`,
      figures.salesOrders !== ORDERS && `${figures.salesOrders} sales orders for ${ORDERS} orders placed`,
      figures.linesShippedWrong > 0 && `${figures.linesShippedWrong} lines shipped other than ordered`,
      figures.duplicateMoves > 0 && `${figures.duplicateMoves} duplicate shipment moves`,
      figures.shipmentEntries !== figures.shipmentMoves &&
        `${figures.shipmentEntries} journal entries for ${figures.shipmentMoves} shipment moves`,
      figures.ordersWithoutInvoice > 0 && `${figures.ordersWithoutInvoice} orders without an invoice entry`,
      figures.duplicateInvoices > 0 && `${figures.duplicateInvoices} duplicate invoice entries`,
      figures.unbalancedEntries > 0 && `${figures.unbalancedEntries} unbalanced journal entries`,
      figures.ledgerDifference !== 0 && `ledger off by ${figures.ledgerDifference}`,
    ].filter(Boolean);
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
