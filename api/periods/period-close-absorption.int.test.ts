import { createPeriodCloseActivities } from '../../activities/period-close/period-close-activities';
import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { eventually } from '../../test/support/int-env';
import {
  approveClose,
  closeStateOf,
  closeTaskCreated,
  entryLines as entryLinesOf,
  useCloseBooks,
  AWAITING_APPROVAL,
} from '../../test/support/close-books';

jest.setTimeout(300_000);

/**
 * Step 4 of the period close (issue 17): labour and overhead distributed to the period's production orders by the
 * published cost-distribution rules (the seed's: no rule for labour or overhead pools, so the default policy, by
 * quantity, largest remainder), on books of their own (a fresh database, a task queue and worker of its own), months
 * 2019-01 and 2019-02. The orders and their month's reports and applied costs are written as the production
 * activities write them (order rows, reports, production_cost rows with their journal entries), so the WIP
 * subledger reconciles; every expected figure is computed by hand in the comments.
 */
const close = useCloseBooks('period_close_absorption', {
  users: ['controller', 'controller2', 'clerk'],
});
let counter = 0;
const suffix = `${process.pid}`.slice(-4);
const { send } = close;

/** An actual cost through the journal-entry API: Dr the pool account, Cr accrued expenses. */
async function accrue(day: string, account: string, amount: number) {
  const response = await send('POST', '/api/journal-entries', 'controller', {
    entryDate: day,
    reference: `PCA-${suffix}-${++counter}`,
    reason: 'actual cost accrued',
    lines: [
      { account, debit: amount, memo: 'actual' },
      { account: '2400', credit: amount, memo: 'accrued' },
    ],
  });
  expect(response.statusCode).toBe(201);
}

/** A production order as the production activities leave it (status as given). */
async function order(number: string, status: string): Promise<number> {
  const em = close.orm.em.fork();
  const [item] = await query<{ id: number }>(em, 'select id from item order by id limit 1');
  const [warehouse] = await query<{ id: number }>(em, 'select id from warehouse order by id limit 1');
  const [row] = await query<{ id: number }>(
    em,
    `insert into production_order (number, item_id, quantity, warehouse_id, due_date, start_date, status, created_by,
                                   created_at, updated_at, closed_at)
     values (?, ?, 10, ?, '2019-01-31', '2019-01-02', ?, 'planner', now(), now(), ?) returning id`,
    [number, item!.id, warehouse!.id, status, status === 'closed' ? '2019-01-30T12:00:00Z' : null],
  );
  return num(row!.id);
}

/** A completion report of `good` units (what the period's quantity basis counts). */
async function completion(orderId: number, at: string, good: number) {
  await query(
    close.orm.em.fork(),
    `insert into production_report (production_order_id, kind, operation_seq, good_quantity, scrap_quantity,
                                    labour_hours, reported_by, reported_at, task_id)
     values (?, 'completion', null, ?, 0, null, 'operator', ?, ?)`,
    [orderId, good, at, `pca-${suffix}-${++counter}`],
  );
}

/** Labour or overhead applied at a work centre's rate, as an operation report books it: Dr 1400 / Cr 6210 or 6100. */
async function applied(orderNumber: string, orderId: number, at: string, kind: 'labour' | 'overhead', amount: number) {
  const em = close.orm.em.fork();
  const key = `pca-applied-${suffix}-${++counter}`;
  const [entry] = await query<{ id: number }>(
    em,
    `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, idempotency_key,
                                created_by, created_at)
     values (?, to_char(?::timestamptz, 'YYYY-MM'), 'production-order', ?, ?, ?, 'operator', now()) returning id`,
    [at, at, orderNumber, `applied ${kind}`, key],
  );
  await query(
    em,
    `insert into journal_line (entry_id, account_code, debit, credit) values (?, '1400', ?, 0), (?, ?, 0, ?)`,
    [entry!.id, amount, entry!.id, kind === 'labour' ? '6210' : '6100', amount],
  );
  await query(
    em,
    `insert into production_cost (production_order_id, kind, amount, journal_entry_id, reported_by, effective_at,
                                  idempotency_key, created_at) values (?, ?, ?, ?, 'operator', ?, ?, now())`,
    [orderId, kind, amount, entry!.id, at, key],
  );
}

interface Absorption {
  idempotencyKey: string;
  entryId: number | null;
  orders: number;
  pools: Array<{
    pool: string;
    actual: number;
    applied: number;
    distributed: number;
    leftInPool: boolean;
    ruleVersion: number | null;
    basis: string | null;
    reason: string;
    shares: Array<{ orderNumber: string; basisValue: number; share: number; account: string }>;
  }>;
}

interface CloseState {
  status: string;
  steps: Array<{ step: string; status: string }>;
  blockers: Array<{ kind: string; ref: string; message: string }>;
  absorption: Absorption | null;
  varianceReport: Record<string, unknown> | null;
  proof: { holds: boolean } | null;
  rechecks: number;
  approvalTaskId: string | null;
}

const closeState = (code: string, done: (state: CloseState) => boolean, label: string) =>
  closeStateOf<CloseState>(close, code, done, label);

const approvalTaskCreated = (state: CloseState) => closeTaskCreated(close, state.approvalTaskId!, 'controller2');

const approve = (code: string, state: CloseState) => approveClose(close, code, state.approvalTaskId);

const entryLines = (entryId: number) => entryLinesOf(close, entryId);

const A = `MO-A-${suffix}`;
const B = `MO-B-${suffix}`;
const C = `MO-C-${suffix}`;
let orderA = 0;

test('without rates applied: the pools go to the orders by completed quantity, open -> WIP, closed -> variance', async () => {
  await accrue('2019-01-15', '6200', 1000);
  await accrue('2019-01-16', '6000', 300.01);
  orderA = await order(A, 'in-progress');
  const orderB = await order(B, 'closed');
  await completion(orderA, '2019-01-20T10:00:00Z', 1);
  await completion(orderB, '2019-01-21T10:00:00Z', 2);

  expect((await send('POST', '/api/periods/2019-01/close/start', 'controller')).statusCode).toBe(201);
  const awaiting = await closeState('2019-01', (s) => s.status === 'awaiting-approval', 'the approval of 2019-01');
  expect(awaiting.steps.map((s) => [s.step, s.status])).toEqual(AWAITING_APPROVAL);
  const absorption = awaiting.absorption!;
  expect(absorption).toMatchObject({ idempotencyKey: 'period-close:2019-01:1:absorption', orders: 2 });
  // Labour 1000.00 by quantity 1 : 2 -> 333.333.. : 666.666..; floors 333.33 + 666.66, the cent to the larger
  // remainder (2/3): A 333.33, B 666.67. Overhead 300.01 -> 100.0033 : 200.0066 -> A 100.00, B 200.01.
  expect(absorption.pools).toEqual([
    expect.objectContaining({
      pool: 'labour',
      actual: 1000,
      applied: 0,
      distributed: 1000,
      leftInPool: false,
      ruleVersion: 1,
      basis: 'quantity',
      reason: expect.stringContaining('default policy of cost-distribution v1'),
      shares: [
        { orderNumber: A, basisValue: 1, share: 333.33, account: '1400' },
        { orderNumber: B, basisValue: 2, share: 666.67, account: '5500' },
      ],
    }),
    expect.objectContaining({
      pool: 'overhead',
      actual: 300.01,
      applied: 0,
      distributed: 300.01,
      shares: [
        { orderNumber: A, basisValue: 1, share: 100, account: '1400' },
        { orderNumber: B, basisValue: 2, share: 200.01, account: '5500' },
      ],
    }),
  ]);
  // One balanced entry dated at the period's end: the pools cleared, A's WIP and B's variance.
  expect(await entryLines(absorption.entryId!)).toEqual({
    '6200': -1000,
    '6000': -300.01,
    '1400': 433.33,
    '5500': 866.68,
  });
  const [entry] = await query<{ period_code: string; entry_date: string; idempotency_key: string }>(
    close.orm.em.fork(),
    `select period_code, to_char(entry_date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as entry_date,
            idempotency_key from journal_entry where id = ?`,
    [absorption.entryId],
  );
  expect(entry).toEqual({
    period_code: '2019-01',
    entry_date: '2019-01-31T23:59:59',
    idempotency_key: 'period-close:2019-01:1:absorption',
  });
  // The shares stored with the rule version and the decision (facts, fired rules).
  const stored = await query<{
    pool: string;
    order_number: string;
    share: string;
    rule_version: number;
    decision: unknown;
  }>(
    close.orm.em.fork(),
    `select pool, order_number, share, rule_version, decision from period_close_absorption
      where workflow_id = 'period-close:2019-01:1' order by pool, order_number`,
  );
  expect(stored.map((r) => [r.pool, r.order_number, num(r.share), r.rule_version])).toEqual([
    ['labour', A, 333.33, 1],
    ['labour', B, 666.67, 1],
    ['overhead', A, 100, 1],
    ['overhead', B, 200.01, 1],
  ]);
  expect(stored[0]!.decision).toMatchObject({
    facts: expect.objectContaining({ 'pool.kind': 'labour', 'pool.amountCents': 100000 }),
    usedDefault: true,
    decisionId: expect.any(Number),
  });
  // A's WIP carries its share (the WIP subledger reconciles: the proof held).
  const [wip] = await query<{ amount: string }>(
    close.orm.em.fork(),
    `select sum(amount) as amount from production_cost where production_order_id = ? and kind = 'absorption'`,
    [orderA],
  );
  expect(num(wip!.amount)).toBe(433.33);
  // Step 5, the report (no postings): January's variance is B's share the close itself posted; A is open with 433.33.
  expect(awaiting.varianceReport).toEqual({
    periodCode: '2019-01',
    variances: [{ sourceType: 'period-close', sourceRef: 'period-close:2019-01:1', amount: 866.68 }],
    varianceTotal: 866.68,
    varianceDocuments: 1,
    openWip: [{ orderNumber: A, status: 'in-progress', itemSku: expect.any(String), wip: 433.33 }],
    openWipTotal: 433.33,
    openOrders: 1,
    listed: 50,
  });
  expect(awaiting.proof?.holds).toBe(true);
  await approve('2019-01', awaiting);
  close.record('absorbed-then-approved', 'period-close:2019-01:1');
});

test('with rates applied during the month only the difference is distributed; a worker restarted after the absorption posts nothing twice', async () => {
  await accrue('2019-02-10', '6200', 500.01);
  await accrue('2019-02-11', '6000', 100);
  const orderC = await order(C, 'released');
  await applied(A, orderA, '2019-02-12T09:00:00Z', 'labour', 120);
  await applied(A, orderA, '2019-02-12T09:00:00Z', 'overhead', 40);
  await completion(orderA, '2019-02-14T10:00:00Z', 3);
  await completion(orderC, '2019-02-15T10:00:00Z', 1);

  expect((await send('POST', '/api/periods/2019-02/close/start', 'controller')).statusCode).toBe(201);
  const absorbed = await closeState('2019-02', (s) => s.status === 'awaiting-approval', 'the approval of 2019-02');
  // The worker goes away after the absorption (while the close waits for its approval: no activity in flight, which
  // Temporal would only hand on after its 5-minute timeout); a new one rebuilds the close from its history. The state
  // says awaiting-approval just before the approval task is created: wait for it, or its activity would be in flight.
  await approvalTaskCreated(absorbed);
  await close.restartWorker();
  expect((await send('POST', '/api/periods/2019-02/close/recheck', 'controller')).statusCode).toBe(202);
  const awaiting = await closeState(
    '2019-02',
    (s) => s.status === 'awaiting-approval' && s.rechecks === 1,
    'the rebuilt close',
  );
  const absorption = awaiting.absorption!;
  expect(absorbed.absorption).toEqual(absorption);
  // Labour: 500.01 actual − 120.00 applied = 380.01 by quantity 3 : 1 -> 285.0075 : 95.0025; floors 285.00 + 95.00,
  // the cent to the larger remainder (A): A 285.01, C 95.00. Overhead: 100 − 40 = 60 -> A 45.00, C 15.00.
  expect(absorption.pools.map((p) => [p.pool, p.actual, p.applied, p.distributed, p.shares])).toEqual([
    [
      'labour',
      500.01,
      120,
      380.01,
      [
        { orderNumber: A, basisValue: 3, share: 285.01, account: '1400' },
        { orderNumber: C, basisValue: 1, share: 95, account: '1400' },
      ],
    ],
    [
      'overhead',
      100,
      40,
      60,
      [
        { orderNumber: A, basisValue: 3, share: 45, account: '1400' },
        { orderNumber: C, basisValue: 1, share: 15, account: '1400' },
      ],
    ],
  ]);
  // The applied accounts cleared against the pools, the difference into both orders' WIP.
  expect(await entryLines(absorption.entryId!)).toEqual({
    '6210': 120,
    '6100': 40,
    '6200': -500.01,
    '6000': -100,
    '1400': 440.01,
  });
  // Running the step again (as a retry would) finds it done: the same result, nothing posted or stored twice.
  const again = await createPeriodCloseActivities({ orm: close.books.orm }).absorbCloseOverhead({
    periodCode: '2019-02',
    workflowId: 'period-close:2019-02:1',
    attempt: 1,
    startedBy: 'controller',
  });
  expect(again).toEqual(absorption);
  const em = close.orm.em.fork();
  const [entries] = await query<{ n: string }>(
    em,
    `select count(*) as n from journal_entry where source_type = 'period-close' and period_code = '2019-02'`,
  );
  expect(num(entries!.n)).toBe(1);
  const [rows] = await query<{ n: string }>(
    em,
    `select count(*) as n from period_close_absorption where period_code = '2019-02'`,
  );
  expect(num(rows!.n)).toBe(4);
  const [costs] = await query<{ n: string; amount: string }>(
    em,
    `select count(*) as n, sum(amount) as amount from production_cost
      where kind = 'absorption' and effective_at >= '2019-02-01' and effective_at < '2019-03-01'`,
  );
  expect([num(costs!.n), num(costs!.amount)]).toEqual([4, 440.01]);
  // The pools and applied accounts hold nothing of February any more.
  const [pools] = await query<{ net: string }>(
    em,
    `select coalesce(sum(jl.debit - jl.credit), 0) as net from journal_line jl join journal_entry je on je.id = jl.entry_id
      where je.period_code = '2019-02' and jl.account_code in ('6200', '6000', '6210', '6100')`,
  );
  expect(num(pools!.net)).toBe(0);
  expect(awaiting.proof?.holds).toBe(true);

  await approve('2019-02', awaiting);
  close.record('absorbed-worker-restarted', 'period-close:2019-02:1');

  // Reopened with a late cost: attempt 2 distributes only what the pools hold now (20.00 by 3 : 1 -> 15 : 5).
  expect((await send('POST', '/api/periods/2019-02/reopen', 'controller', { reason: 'late payroll' })).statusCode).toBe(
    200,
  );
  await accrue('2019-02-20', '6200', 20);
  const second = await send('POST', '/api/periods/2019-02/close/start', 'controller');
  expect(second.json()).toMatchObject({ attempt: 2 });
  const next = await closeState('2019-02', (s) => s.status === 'awaiting-approval', 'the approval of attempt 2');
  expect(next.absorption).toMatchObject({ idempotencyKey: 'period-close:2019-02:2:absorption' });
  expect(
    next.absorption!.pools.map((p) => [p.pool, p.actual, p.applied, p.distributed, p.shares.map((x) => x.share)]),
  ).toEqual([
    ['labour', 20, 0, 20, [15, 5]],
    ['overhead', 0, 0, 0, []],
  ]);
  expect(await entryLines(next.absorption!.entryId!)).toEqual({ '6200': -20, '1400': 20 });
  await approve('2019-02', next);
});

test('a subcontract delivery of the month whose fee was never accrued blocks the close, named; accrued, a recheck goes on', async () => {
  await accrue('2019-03-05', '6000', 50); // March's first posting opens the month (no order carries it: left in the pool)
  const em = close.orm.em.fork();
  const orderNumber = `SC-PCA-${suffix}`;
  const [ids] = await query<{ supplier: number; item: number; warehouse: number }>(
    em,
    `select (select id from supplier order by id limit 1) as supplier, (select id from item order by id limit 1) as item,
            (select id from warehouse order by id limit 1) as warehouse`,
  );
  // An order at 2.50 a unit and a delivery of 4 in March written around its process: no entry accrued its 10.00.
  const [scOrder] = await query<{ id: number }>(
    em,
    `insert into subcontract_order (order_number, supplier_id, item_id, quantity, due_date, fee_per_unit, warehouse_id,
                                    status, workflow_id, created_by, created_at, updated_at)
     values (?, ?, ?, 4, '2019-03-20', 2.5, ?, 'received', ?, 'planner', now(), now()) returning id`,
    [orderNumber, ids!.supplier, ids!.item, ids!.warehouse, `subcontract-order:${orderNumber}`],
  );
  await query(
    em,
    `insert into subcontract_delivery (order_id, delivery_no, finished_quantity, received_at, reported_consumed,
                                       reported_scrapped, reported_returned, fee_accrued, idempotency_key, created_at)
     values (?, 1, 4, '2019-03-12T10:00:00Z', '[]', '[]', '[]', 10, ?, now())`,
    [scOrder!.id, `pca-delivery-${suffix}`],
  );
  expect((await send('POST', '/api/periods/2019-03/close/start', 'controller')).statusCode).toBe(201);
  const blocked = await closeState('2019-03', (s) => s.status === 'blocked', 'the fee blocker');
  expect(blocked.blockers).toEqual([
    {
      kind: 'fee-not-accrued',
      ref: `${orderNumber}/1`,
      message: `Subcontract delivery ${orderNumber}/1: no entry accrued its fee 10.00 to 2300`,
    },
  ]);
  // The fee accrued under the delivery's entry key (its goods' side booked to scrap here: no stock was written).
  const [entry] = await query<{ id: number }>(
    em,
    `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, idempotency_key,
                                created_by, created_at)
     values ('2019-03-12T10:00:00Z', '2019-03', 'subcontract-order', ?, 'fee accrued', ?, 'planner', now()) returning id`,
    [orderNumber, `subcontract:${orderNumber}:d1:entry`],
  );
  await query(
    em,
    `insert into journal_line (entry_id, account_code, debit, credit) values (?, '5200', 10, 0), (?, '2300', 0, 10)`,
    [entry!.id, entry!.id],
  );
  expect((await send('POST', '/api/periods/2019-03/close/recheck', 'controller')).statusCode).toBe(202);
  const awaiting = await closeState('2019-03', (s) => s.status === 'awaiting-approval', 'the approval of 2019-03');
  expect(awaiting.blockers).toEqual([]);
  await approve('2019-03', awaiting);
});

test("a closed order's share follows its goods: the half still on hand re-values its layer, the half shipped goes to COGS", async () => {
  await accrue('2019-04-03', '6200', 100.01);
  const em = close.orm.em.fork();
  const sku = `PCA-FG-${suffix}`;
  await query(
    em,
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, 'Absorbed widget', 'pcs', 'test', false, 1, 'make', false, 'fifo', false, 10, now())`,
    [sku],
  );
  const D = `MO-D-${suffix}`;
  const orderD = await order(D, 'closed');
  await completion(orderD, '2019-04-10T10:00:00Z', 4);
  // D's month as production books it: material 40.00 into WIP, 4 completed at 10.00 (Dr 1300 / Cr 1400, the layer),
  // then 2 shipped (Dr 5000 / Cr 1300 at 10.00 each) and the order closed with WIP 0.
  const [material] = await query<{ id: number }>(
    em,
    `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, idempotency_key,
                                created_by, created_at)
     values ('2019-04-05T10:00:00Z', '2019-04', 'production-order', ?, 'material', ?, 'operator', now()) returning id`,
    [D, `pca-material-${suffix}`],
  );
  await query(
    em,
    `insert into journal_line (entry_id, account_code, debit, credit) values (?, '1400', 40, 0), (?, '2400', 0, 40)`,
    [material!.id, material!.id],
  );
  await query(
    em,
    `insert into production_cost (production_order_id, kind, amount, journal_entry_id, reported_by, effective_at,
                                  idempotency_key, created_at) values (?, 'material', 40, ?, 'operator', '2019-04-05T10:00:00Z', ?, now())`,
    [orderD, material!.id, `pca-material-${suffix}`],
  );
  const base = { itemSku: sku, documentType: 'production-order', documentRef: D, userName: 'operator' };
  const received = await close.orm.em.fork().transactional((tx) =>
    postMove(tx, {
      ...base,
      moveType: 'receipt',
      toLocation: 'MAIN-A01',
      quantity: 4,
      unitCost: 10,
      offsetAccount: '1400',
      effectiveAt: new Date('2019-04-10T10:00:00Z'),
      idempotencyKey: `pca-completion-${suffix}`,
    }),
  );
  await query(
    em,
    `insert into production_cost (production_order_id, kind, amount, journal_entry_id, stock_move_id, reported_by,
                                  effective_at, idempotency_key, created_at)
     values (?, 'completion', -40, ?, ?, 'operator', '2019-04-10T10:00:00Z', ?, now())`,
    [orderD, received.journalEntryId, received.moveId, `pca-completion-cost-${suffix}`],
  );
  await close.orm.em.fork().transactional((tx) =>
    postMove(tx, {
      ...base,
      documentType: 'sales-order',
      moveType: 'issue',
      fromLocation: 'MAIN-A01',
      quantity: 2,
      offsetAccount: '5000',
      effectiveAt: new Date('2019-04-12T10:00:00Z'),
      idempotencyKey: `pca-shipment-${suffix}`,
    }),
  );

  expect((await send('POST', '/api/periods/2019-04/close/start', 'controller')).statusCode).toBe(201);
  const awaiting = await closeState('2019-04', (s) => s.status === 'awaiting-approval', 'the approval of 2019-04');
  // Labour 100.01, D the only order: its completion receipt of 4 carries it, split by where the 4 are (the invoice
  // rule's split, largest remainder, the odd cent to the goods gone): 2 shipped -> 50.01 to the shipment's COGS,
  // 2 still on hand -> 50.00 re-valuing their layer.
  const labour = awaiting.absorption!.pools.find((p) => p.pool === 'labour')!;
  expect(labour.shares).toEqual([
    {
      orderNumber: D,
      basisValue: 4,
      share: 100.01,
      account: '5000',
      landed: [
        { account: '5000', amount: 50.01 },
        { account: '1300', amount: 50 },
      ],
    },
  ]);
  expect(await entryLines(awaiting.absorption!.entryId!)).toEqual({ '6200': -100.01, '1300': 50, '5000': 50.01 });
  // The layer still on hand carries its share: 2 at 10.00 + 50.00 = 70.00; the inventory reconciliation held.
  const [layer] = await query<{ quantity: string; value: string }>(
    close.orm.em.fork(),
    'select quantity_remaining as quantity, value_remaining as value from cost_layer where source_move_id = ?',
    [received.moveId],
  );
  expect([num(layer!.quantity), num(layer!.value)]).toEqual([2, 70]);
  expect(awaiting.proof?.holds).toBe(true);
  await approve('2019-04', awaiting);
});

test('a worker killed between the absorption and the closing balances resumes there and posts nothing twice', async () => {
  await accrue('2019-05-06', '6200', 70.01);
  const E = `MO-E-${suffix}`;
  const orderE = await order(E, 'released');
  await completion(orderE, '2019-05-09T10:00:00Z', 2);
  // The books refuse May's closing balances for now: the close gets past its absorption and then fails at storing
  // them, retried again and again; the worker dies there, and the books take the balances again once it is gone.
  const em = close.orm.em.fork();
  await query(
    em,
    `create or replace function pca_refuse_may_balances() returns trigger language plpgsql as $$
       begin raise exception 'closing balances refused (test: the worker dies before they are stored)'; end $$`,
  );
  await query(
    em,
    `create trigger pca_refuse_may_balances before insert on period_closing_balance for each row
       when (new.period_code = '2019-05') execute function pca_refuse_may_balances()`,
  );
  const workflowId = 'period-close:2019-05:1';
  try {
    expect((await send('POST', '/api/periods/2019-05/close/start', 'controller')).statusCode).toBe(201);
    const failing = await eventually(
      async () => {
        const described = await close.temporal.workflow.getHandle(workflowId).describe();
        const pending = described.raw.pendingActivities ?? [];
        return pending.some((a) => a.activityType?.name === 'storeCloseBalances' && (a.attempt ?? 0) >= 2)
          ? true
          : undefined;
      },
      90_000,
      'the closing balances failing after the absorption',
    );
    expect(failing).toBe(true);
    const before = await closeState('2019-05', (s) => s.absorption !== null, 'the absorption of 2019-05');
    expect(before.steps.find((s) => s.step === 'absorption')?.status).toBe('done');
    expect(before.steps.find((s) => s.step === 'closing-balances')?.status).toBe('running');
    // Labour 70.01, E the only order with a completion: all of it into E's WIP.
    expect(before.absorption!.pools.find((p) => p.pool === 'labour')!.shares).toEqual([
      { orderNumber: E, basisValue: 2, share: 70.01, account: '1400' },
    ]);
    // The worker dies here (a new one, with no cached run, rebuilds the close from its history and retries).
    await close.restartWorker();
  } finally {
    await query(close.orm.em.fork(), 'drop trigger if exists pca_refuse_may_balances on period_closing_balance');
    await query(close.orm.em.fork(), 'drop function if exists pca_refuse_may_balances()');
  }
  const awaiting = await closeState('2019-05', (s) => s.status === 'awaiting-approval', 'the approval of 2019-05');
  expect(awaiting.proof?.holds).toBe(true);
  const [entries] = await query<{ n: string; keys: string }>(
    close.orm.em.fork(),
    `select count(*) as n, string_agg(idempotency_key, ',') as keys from journal_entry
      where source_type = 'period-close' and period_code = '2019-05'`,
  );
  expect([num(entries!.n), entries!.keys]).toEqual([1, `${workflowId}:absorption`]);
  expect(await entryLines(awaiting.absorption!.entryId!)).toEqual({ '6200': -70.01, '1400': 70.01 });
  const [costs] = await query<{ n: string; amount: string }>(
    close.orm.em.fork(),
    `select count(*) as n, sum(amount) as amount from production_cost
      where kind = 'absorption' and production_order_id = ?`,
    [orderE],
  );
  expect([num(costs!.n), num(costs!.amount)]).toEqual([1, 70.01]);
  const [stored] = await query<{ net: string }>(
    close.orm.em.fork(),
    `select debit - credit as net from period_closing_balance where period_code = '2019-05' and account_code = '1400'
        and valid`,
  );
  expect(stored).toBeDefined();
  // The proof holds the step to its postings: a share the entry did not post, or an entry that is not there, fails it.
  const prove = (absorption: Absorption) =>
    createPeriodCloseActivities({ orm: close.books.orm }).proveCloseBooks({
      periodCode: '2019-05',
      workflowId,
      yearEndStep: true,
      steps: { absorption: absorption as never, yearEnd: null },
    });
  expect(await prove(awaiting.absorption!)).toMatchObject({ holds: true });
  const inflated = structuredClone(awaiting.absorption!);
  inflated.pools[0]!.shares[0]!.share = 70.02;
  expect((await prove(inflated)).problems).toEqual([
    `absorption: the step reported 70.02 onto 1400, its entry ${awaiting.absorption!.entryId} posted 70.01`,
  ]);
  expect((await prove({ ...awaiting.absorption!, entryId: null })).problems).toEqual([
    `absorption: no entry under ${workflowId}:absorption in 2019-05, though the step reported 70.01 distributed`,
  ]);
  await approve('2019-05', awaiting);
  close.record('killed-before-closing-balances', workflowId);
});
