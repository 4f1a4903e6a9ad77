import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { CUSTOMER, type OrderLine } from '../../bench/order-bench-driver';
import type { projectionWatcher } from '../../bench/projection-watcher';
import { DEMO_PASSWORD } from '../../db/seeds/demo-data';
import { num, query } from '../../db/sql';
import { packAll, pickAll, shipAll, type TaskView } from '../../test/support/order-driver';
import { packCheckShipment } from '../../test/support/pack-check';
import { assertPortFree } from '../ports';
import type { ClusterNode } from './cluster';
import type { TemporalPorts } from './temporal-config';

/*
 * The clerk's side of a native cluster (scripts/cluster/cluster.ts), shared by `npm run test:cluster` and the
 * cluster bench (bench/cluster.bench.ts): free ports for it, an HTTP client over its API nodes, one order driven
 * through fulfillment, and the books checked in SQL afterwards.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Free ports below 32768, each different: Temporal stores its services' membership ports in a smallint column
 * (`cluster_membership.rpc_port`), so the OS's ephemeral ports (32768 and up) stop the server at its first heartbeat.
 */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.has(port) && (await isFree(port))) ports.add(port);
  }
  return [...ports];
}

async function isFree(port: number): Promise<boolean> {
  return assertPortFree(port, 'cluster').then(
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
export function clusterClient(apis: ClusterNode[]) {
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

export type ClusterClient = ReturnType<typeof clusterClient>;

const errorCode = (body: unknown) => (body as { error?: { code?: string } } | undefined)?.error?.code;

/** One order as a clerk runs it over HTTP: place it, then pick, pack and ship as each task opens. */
export function orderFlow(client: ClusterClient, watcher: ReturnType<typeof projectionWatcher>, runId: string) {
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
    await packCheckShipment(client.call, ship);
    await complete(ship.id, shipAll(ship));
    await watcher.completed(workflowId);
    return { workflowId, orderNumber };
  };
}

export interface Figures {
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
export async function check(
  orm: MikroORM,
  temporal: Client,
  orders: Array<{ workflowId: string; orderNumber: string }>,
) {
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

export function temporalPorts(ports: number[]): TemporalPorts {
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

/** What is wrong with the books after `expected` orders, one phrase per problem; empty when nothing is lost or doubled. */
export function figureProblems(figures: Figures, expected: number): string[] {
  return [
    figures.finishedInTemporal !== expected &&
      `${expected - figures.finishedInTemporal} instances not completed in Temporal`,
    figures.finishedInProjection !== expected &&
      `${expected - figures.finishedInProjection} instances not completed in the projection`,
    figures.salesOrders !== expected && `${figures.salesOrders} sales orders for ${expected} orders placed`,
    figures.linesShippedWrong > 0 && `${figures.linesShippedWrong} lines shipped other than ordered`,
    figures.duplicateMoves > 0 && `${figures.duplicateMoves} duplicate shipment moves`,
    figures.shipmentEntries !== figures.shipmentMoves &&
      `${figures.shipmentEntries} journal entries for ${figures.shipmentMoves} shipment moves`,
    figures.ordersWithoutInvoice > 0 && `${figures.ordersWithoutInvoice} orders without an invoice entry`,
    figures.duplicateInvoices > 0 && `${figures.duplicateInvoices} duplicate invoice entries`,
    figures.unbalancedEntries > 0 && `${figures.unbalancedEntries} unbalanced journal entries`,
    figures.ledgerDifference !== 0 && `ledger off by ${figures.ledgerDifference}`,
  ].filter((problem): problem is string => typeof problem === 'string');
}
