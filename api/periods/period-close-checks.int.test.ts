import { postMove } from '../../db/inventory/post-move';
import { revalueScope } from '../../db/inventory/revalue';
import { processRevaluationChunk } from '../../db/inventory/revaluation-job';
import { num, query } from '../../db/sql';
import {
  approveClose,
  closeStateOf,
  entryLines as entryLinesOf,
  useCloseBooks,
  AWAITING_APPROVAL,
} from '../../test/support/close-books';

jest.setTimeout(300_000);

/**
 * Period close checks not covered elsewhere (issue 17), on books of their own (months 2015-04 .. 2015-06: workflow ids no other file uses): a running
 * revaluation job blocks the preconditions, named; the inventory reconciliation by warehouse for an item valued per
 * warehouse, a valuation written around its process reported with its warehouse and the difference; and labour and
 * overhead distributed on the material-cost and labour-hours bases the published cost-distribution rules pick, every
 * figure computed by hand in the comments.
 */
const close = useCloseBooks('period_close_checks', {
  users: ['controller', 'controller2', 'clerk', 'admin', 'admin2'],
});
const suffix = `${process.pid}`.slice(-4);
let counter = 0;
const { send } = close;

interface CloseState {
  status: string;
  currentStep: string;
  steps: Array<{ step: string; status: string; problems: string[] }>;
  blockers: Array<{ kind: string; ref: string; message: string }>;
  reconciliations: Array<{
    name: string;
    account: string;
    subledgerAtPeriodEnd: number;
    accountAtPeriodEnd: number;
    difference: number;
    reconciled: boolean;
    documents: Array<{ ref: string; amount: number }>;
  }>;
  absorption: {
    entryId: number | null;
    pools: Array<{
      pool: string;
      actual: number;
      applied: number;
      distributed: number;
      ruleVersion: number | null;
      rule: string | null;
      basis: string | null;
      shares: Array<{ orderNumber: string; basisValue: number; share: number; account: string }>;
    }>;
  } | null;
  proof: { holds: boolean; periodDebit: number; periodCredit: number; unbalancedEntries: number } | null;
  rechecks: number;
  approvalTaskId: string | null;
}

const closeState = (code: string, done: (state: CloseState) => boolean, label: string) =>
  closeStateOf<CloseState>(close, code, done, label);

/** An actual cost through the journal-entry API: Dr the pool account, Cr accrued expenses. */
async function accrue(day: string, account: string, amount: number) {
  const response = await send('POST', '/api/journal-entries', 'controller', {
    entryDate: day,
    reference: `PCK-${suffix}-${++counter}`,
    reason: 'actual cost accrued',
    lines: [
      { account, debit: amount, memo: 'actual' },
      { account: '2400', credit: amount, memo: 'accrued' },
    ],
  });
  expect(response.statusCode).toBe(201);
}

/** A FIFO item of this file's own, valued per warehouse or across them. */
async function item(sku: string, perWarehouse: boolean): Promise<number> {
  const [row] = await query<{ id: number }>(
    close.orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, 'Close check item', 'pcs', 'test', false, 1, 'buy', false, 'fifo', ?, 10, now()) returning id`,
    [sku, perWarehouse],
  );
  return num(row!.id);
}

/** A receipt through the books' own posting (layer, valuation, Dr 1300 / Cr 2100 GRNI: the receipt is listed there). */
async function receive(sku: string, location: string, quantity: number, unitCost: number, at: string) {
  return close.orm.em.fork().transactional((tx) =>
    postMove(tx, {
      moveType: 'receipt',
      itemSku: sku,
      toLocation: location,
      quantity,
      unitCost,
      effectiveAt: new Date(at),
      documentType: 'close-check',
      documentRef: `PCK-${suffix}-${++counter}`,
      userName: 'clerk',
      idempotencyKey: `pck-receipt-${suffix}-${counter}`,
    }),
  );
}

test('a running revaluation job blocks the close, named with its item; once it finished, a recheck goes on', async () => {
  const sku = `PCK-REV-${suffix}`;
  const itemId = await item(sku, false);
  const first = await receive(sku, 'MAIN-A01', 5, 2, '2015-04-08T10:00:00Z');
  await receive(sku, 'MAIN-A01', 5, 3, '2015-04-09T10:00:00Z');
  // The scope's re-valuation queued as a job (inline limit 0), one posting of its two replayed: the job is running.
  const queued = await close.orm.em
    .fork()
    .transactional((tx) =>
      revalueScope(
        tx,
        { itemId, warehouseId: null, method: 'fifo' },
        { moveId: first.moveId, effectiveAt: new Date('2015-04-08T10:00:00Z'), userName: 'clerk' },
        0,
      ),
    );
  expect(queued.inline).toBe(false);
  const jobId = queued.inline ? 0 : queued.jobId;
  const chunk = await close.orm.em.fork().transactional((tx) => processRevaluationChunk(tx, jobId, 1));
  expect(chunk.status).toBe('running');

  expect((await send('POST', '/api/periods/2015-04/close/start', 'controller')).statusCode).toBe(201);
  const blocked = await closeState('2015-04', (s) => s.status === 'blocked', 'the revaluation blocker');
  expect(blocked.currentStep).toBe('preconditions');
  expect(blocked.blockers).toEqual([
    {
      kind: 'running-revaluation',
      ref: String(jobId),
      message: `Revaluation job ${jobId} of ${sku} is running: valuation is still changing`,
    },
  ]);
  expect(blocked.steps.find((s) => s.step === 'preconditions')?.problems).toEqual([blocked.blockers[0]!.message]);

  // The job works through the rest (nothing re-costs: the receipts came in order) and is done; a recheck goes on.
  const finished = await close.orm.em.fork().transactional((tx) => processRevaluationChunk(tx, jobId, 100));
  expect(finished.status).toBe('done');
  expect((await send('POST', '/api/periods/2015-04/close/recheck', 'controller')).statusCode).toBe(202);
  const awaiting = await closeState('2015-04', (s) => s.status === 'awaiting-approval', 'the approval of 2015-04');
  expect(awaiting.blockers).toEqual([]);
  expect(awaiting.steps.map((s) => [s.step, s.status])).toEqual(AWAITING_APPROVAL);
  await approveClose(close, '2015-04', awaiting.approvalTaskId);
});

test('the inventory reconciliation lists an item valued per warehouse by warehouse; a valuation written around its process stops the close with its warehouse and the difference', async () => {
  const sku = `PCK-WH-${suffix}`;
  const itemId = await item(sku, true);
  // MAIN: 100 at 500.00 = 50,000.00; EAST: 40 at 1,000.00 = 40,000.00; the account 1300 took 90,000.00 of this item.
  // (Large enough to be among the 20 largest documents the reconciliation lists, above the seed's stock.)
  await receive(sku, 'MAIN-A02', 100, 500, '2015-05-04T10:00:00Z');
  await receive(sku, 'EAST-A01', 40, 1000, '2015-05-05T10:00:00Z');
  const em = close.orm.em.fork();
  const scopes = await query<{ code: string; value: string }>(
    em,
    `select w.code, v.value from item_valuation v join warehouse w on w.id = v.warehouse_id where v.item_id = ?
      order by w.code`,
    [itemId],
  );
  expect(scopes.map((s) => [s.code, num(s.value)])).toEqual([
    ['EAST', 40000],
    ['MAIN', 50000],
  ]);
  // EAST's layer and valuation raised by 2.50 straight in the tables (no stock move, no entry): the subledger says
  // 40,002.50 for EAST, the account still took 40,000.00, so the inventory subledger exceeds 1300 by 2.50.
  await query(
    em,
    `update cost_layer set value_remaining = value_remaining + 2.5
      where item_id = ? and warehouse_id = (select id from warehouse where code = 'EAST')`,
    [itemId],
  );
  await query(
    em,
    `update item_valuation set value = value + 2.5
      where item_id = ? and warehouse_id = (select id from warehouse where code = 'EAST')`,
    [itemId],
  );

  expect((await send('POST', '/api/periods/2015-05/close/start', 'controller')).statusCode).toBe(201);
  const stopped = await closeState(
    '2015-05',
    (s) => s.status === 'blocked' && s.currentStep === 'reconciliations',
    'the stopped inventory reconciliation',
  );
  expect(stopped.reconciliations.filter((r) => !r.reconciled).map((r) => [r.name, r.account, r.difference])).toEqual([
    ['inventory', '1300', 2.5],
  ]);
  const inventory = stopped.reconciliations.find((r) => r.name === 'inventory')!;
  // Each warehouse's valuation of the item is its own line: EAST with the 40,002.50 that disagrees, MAIN 50,000.00.
  expect(inventory.documents).toEqual(
    expect.arrayContaining([
      { ref: `${sku}@EAST`, amount: 40002.5 },
      { ref: `${sku}@MAIN`, amount: 50000 },
    ]),
  );
  expect(inventory.documents.filter((d) => d.ref.startsWith(`${sku}@`))).toHaveLength(2);
  expect(stopped.steps.find((s) => s.step === 'reconciliations')?.problems).toEqual([
    expect.stringMatching(/^inventory: .*1300.*difference 2\.50$/),
  ]);

  // EAST's valuation put back as its layers and entry say: a recheck reconciles and the close goes on.
  await query(
    em,
    `update cost_layer set value_remaining = value_remaining - 2.5
      where item_id = ? and warehouse_id = (select id from warehouse where code = 'EAST')`,
    [itemId],
  );
  await query(
    em,
    `update item_valuation set value = value - 2.5
      where item_id = ? and warehouse_id = (select id from warehouse where code = 'EAST')`,
    [itemId],
  );
  expect((await send('POST', '/api/periods/2015-05/close/recheck', 'controller')).statusCode).toBe(202);
  const awaiting = await closeState('2015-05', (s) => s.status === 'awaiting-approval', 'the approval of 2015-05');
  const reconciled = awaiting.reconciliations.find((r) => r.name === 'inventory')!;
  expect([reconciled.reconciled, reconciled.difference]).toEqual([true, 0]);
  expect(reconciled.documents).toEqual(expect.arrayContaining([{ ref: `${sku}@EAST`, amount: 40000 }]));
  await approveClose(close, '2015-05', awaiting.approvalTaskId);
});

/** A production order as the production activities leave it. */
async function order(number: string): Promise<number> {
  const em = close.orm.em.fork();
  const [row] = await query<{ id: number }>(
    em,
    `insert into production_order (number, item_id, quantity, warehouse_id, due_date, start_date, status, created_by,
                                   created_at, updated_at)
     values (?, (select id from item order by id limit 1), 10, (select id from warehouse order by id limit 1),
             '2015-06-30', '2015-06-02', 'in-progress', 'planner', now(), now()) returning id`,
    [number],
  );
  return num(row!.id);
}

/** A report as production records it: a completion of `good` units, or an operation of `hours` labour hours. */
async function report(orderId: number, kind: 'completion' | 'operation', at: string, good: number, hours: number) {
  await query(
    close.orm.em.fork(),
    `insert into production_report (production_order_id, kind, operation_seq, good_quantity, scrap_quantity,
                                    labour_hours, reported_by, reported_at, task_id)
     values (?, ?, ?, ?, 0, ?, 'operator', ?, ?)`,
    [
      orderId,
      kind,
      kind === 'operation' ? 10 : null,
      good,
      kind === 'operation' ? hours : null,
      at,
      `pck-${suffix}-${++counter}`,
    ],
  );
}

/** A cost into an order's WIP with its entry (Dr 1400 / Cr `credit`), as production books it. */
async function cost(orderNumber: string, orderId: number, kind: 'material' | 'labour', amount: number, credit: string) {
  const em = close.orm.em.fork();
  const key = `pck-cost-${suffix}-${++counter}`;
  const [entry] = await query<{ id: number }>(
    em,
    `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, idempotency_key,
                                created_by, created_at)
     values ('2015-06-12T09:00:00Z', '2015-06', 'production-order', ?, ?, ?, 'operator', now()) returning id`,
    [orderNumber, kind, key],
  );
  await query(
    em,
    `insert into journal_line (entry_id, account_code, debit, credit) values (?, '1400', ?, 0), (?, ?, 0, ?)`,
    [entry!.id, amount, entry!.id, credit, amount],
  );
  await query(
    em,
    `insert into production_cost (production_order_id, kind, amount, journal_entry_id, reported_by, effective_at,
                                  idempotency_key, created_at) values (?, ?, ?, ?, 'operator', '2015-06-12T09:00:00Z', ?, now())`,
    [orderId, kind, amount, entry!.id, key],
  );
}

/**
 * Publishes a cost-distribution version in force from June 2015 (admin drafts it from the version in force, a second
 * admin publishes it: four eyes) with a rule for each absorption pool: labour by material cost, overhead by hours.
 */
async function publishBases(): Promise<number> {
  const inForce = await send('GET', '/api/rule-sets/cost-distribution/versions/1', 'admin');
  expect(inForce.statusCode).toBe(200);
  const content = inForce.json().content as { rules: unknown[] };
  content.rules.push(
    {
      name: 'labour-by-material-cost',
      priority: 5,
      conditions: { all: [{ fact: 'pool.kind', operator: 'equal', value: 'labour' }] },
      event: { type: 'policy', params: { basis: 'material-cost', rounding: 'largest-remainder' } },
    },
    {
      name: 'overhead-by-labour-hours',
      priority: 5,
      conditions: { all: [{ fact: 'pool.kind', operator: 'equal', value: 'overhead' }] },
      event: { type: 'policy', params: { basis: 'labour-hours', rounding: 'largest-remainder' } },
    },
  );
  const draft = await send('POST', '/api/rule-sets/cost-distribution/drafts', 'admin', { content });
  expect(draft.statusCode).toBe(201);
  const version = draft.json().version as number;
  const published = await send('POST', `/api/rule-sets/cost-distribution/versions/${version}/publish`, 'admin2', {
    effectiveFrom: '2015-06-01T00:00:00.000Z',
  });
  expect(published.statusCode).toBe(200);
  return version;
}

test('labour by material cost and overhead by labour hours, as the published rules pick: hand-computed shares, a balanced entry', async () => {
  const version = await publishBases();
  const A = `MO-PCK-A-${suffix}`;
  const B = `MO-PCK-B-${suffix}`;
  // The actual pools (their first posting opens June): labour 110.01 (6200), overhead 100.00 (6000).
  await accrue('2015-06-20', '6200', 110.01);
  await accrue('2015-06-20', '6000', 100);
  const orderA = await order(A);
  const orderB = await order(B);
  // Material into WIP: A 30.00, B 70.00. Labour applied at the work centre's rate on A: 10.00 (Dr 1400 / Cr 6210).
  await cost(A, orderA, 'material', 30, '2400');
  await cost(B, orderB, 'material', 70, '2400');
  await cost(A, orderA, 'labour', 10, '6210');
  // Labour hours: A 2, B 1; completions 1 each (so a quantity basis would split evenly: it must not be used).
  await report(orderA, 'operation', '2015-06-14T10:00:00Z', 1, 2);
  await report(orderB, 'operation', '2015-06-14T11:00:00Z', 1, 1);
  await report(orderA, 'completion', '2015-06-15T10:00:00Z', 1, 0);
  await report(orderB, 'completion', '2015-06-15T11:00:00Z', 1, 0);

  expect((await send('POST', '/api/periods/2015-06/close/start', 'controller')).statusCode).toBe(201);
  const awaiting = await closeState('2015-06', (s) => s.status === 'awaiting-approval', 'the approval of 2015-06');
  const pools = awaiting.absorption!.pools;
  // Labour: 110.01 actual − 10.00 applied = 100.01 by material cost 3000 : 7000 cents -> 30.003 : 70.007; floors
  // 30.00 + 70.00 = 100.00, the cent to the larger remainder (B's .7): A 30.00, B 70.01.
  // Overhead: 100.00 by labour hours 2 : 1 -> 66.666.. : 33.333..; floors 66.66 + 33.33 = 99.99, the cent to the
  // larger remainder (A's .66): A 66.67, B 33.33. Both open orders: every share into WIP (1400).
  expect(pools.map((p) => [p.pool, p.actual, p.applied, p.distributed, p.basis, p.ruleVersion, p.rule])).toEqual([
    ['labour', 110.01, 10, 100.01, 'material-cost', version, 'labour-by-material-cost'],
    ['overhead', 100, 0, 100, 'labour-hours', version, 'overhead-by-labour-hours'],
  ]);
  expect(pools.map((p) => p.shares)).toEqual([
    [
      { orderNumber: A, basisValue: 30, share: 30, account: '1400' },
      { orderNumber: B, basisValue: 70, share: 70.01, account: '1400' },
    ],
    [
      { orderNumber: A, basisValue: 2, share: 66.67, account: '1400' },
      { orderNumber: B, basisValue: 1, share: 33.33, account: '1400' },
    ],
  ]);
  // The one entry: pools cleared (6200 Cr 110.01, 6000 Cr 100.00), applied cleared (6210 Dr 10.00), WIP Dr
  // 30.00 + 70.01 + 66.67 + 33.33 = 200.01: debits 210.01 = credits 210.01.
  expect(await entryLines(awaiting.absorption!.entryId!)).toEqual({
    '6200': -110.01,
    '6000': -100,
    '6210': 10,
    '1400': 200.01,
  });
  // Each order's WIP carries its shares (A 96.67, B 103.34); the ledger of June balances and the proof holds.
  const wip = await query<{ number: string; amount: string }>(
    close.orm.em.fork(),
    `select o.number, sum(c.amount) as amount from production_cost c join production_order o on o.id = c.production_order_id
      where c.kind = 'absorption' and o.id in (?, ?) group by o.number order by o.number`,
    [orderA, orderB],
  );
  expect(wip.map((r) => [r.number, num(r.amount)])).toEqual([
    [A, 96.67],
    [B, 103.34],
  ]);
  expect(awaiting.proof).toMatchObject({ holds: true, unbalancedEntries: 0 });
  expect(awaiting.proof!.periodDebit).toBe(awaiting.proof!.periodCredit);
  await approveClose(close, '2015-06', awaiting.approvalTaskId);
});

const entryLines = (entryId: number) => entryLinesOf(close, entryId);
