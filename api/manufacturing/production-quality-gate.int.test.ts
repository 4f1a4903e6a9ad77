import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask, orderDriver } from '../../test/support/order-driver';
import { BIN_A, BIN_B, productionWorld, receiveLots, type ProductionWorld } from '../../test/support/production-world';
import type { KitPick, ProductionOrderState } from '../../workflows/production-order/production-order.contract';

jest.setTimeout(300_000);

/** Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'production-order' });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const planner = t.headers('planner');
const run = `${Date.now().toString(36).toUpperCase()}${process.pid}`;
const PASSWORD = 'gate-secret-1';

type Headers = { authorization: string };
interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown>;
}
interface LotRow {
  lotNo: string;
  status: string;
  source: string;
  sourceDocument: string;
  sourceLineNo: number;
  deliveryNo: number | null;
  supplierCode: string | null;
  itemSku: string;
  stockLotCode: string | null;
  locationCode: string;
  quantity: number;
  workflowId: string;
}

const send = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const complete = (taskId: string, payload: object, as: Headers = clerk) =>
  send('POST', `/api/tasks/${taskId}/complete`, as, { payload });

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return query<T>(t.orm.em.fork(), sql, params);
}

async function user(name: string, roles: string[]): Promise<Headers> {
  const username = `pqg${name}${run}`.toLowerCase();
  const created = await send('POST', '/api/users', admin, { username, displayName: name, roles, password: PASSWORD });
  expect(created.statusCode).toBe(201);
  const signed = await send('POST', '/api/auth/login', {} as Headers, { username, password: PASSWORD });
  return { authorization: `Bearer ${signed.json<{ token: string }>().token}` };
}

/** The finished good's stock in a location by status (none of another file's: the SKU is the world's own). */
async function held(sku: string, status: string): Promise<number> {
  const [row] = await rows<{ q: string }>(
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id where i.sku = ? and l.code = ? and b.status = ?`,
    [sku, BIN_A, status],
  );
  return num(row?.q);
}

/** The order's WIP two ways: its production_cost rows, and its 1400 journal lines (they must agree). */
async function wip(number: string) {
  const [row] = await rows<{ costs: string; ledger: string }>(
    `select (select coalesce(sum(c.amount), 0) from production_cost c join production_order o on o.id = c.production_order_id
              where o.number = ?) as costs,
            (select coalesce(sum(l.debit - l.credit), 0) from journal_entry e join journal_line l on l.entry_id = e.id
              where e.source_type = 'production-order' and e.source_ref = ? and l.account_code = '1400') as ledger`,
    [number, number],
  );
  return { costs: num(row?.costs), ledger: num(row?.ledger) };
}

/** The order's finished-goods receipts: status, quantity and value (the layer's cost). */
async function receipts(number: string) {
  const found = await rows<{ to_status: string; quantity: string; value: string }>(
    `select m.to_status, m.quantity, (select coalesce(sum(l.debit), 0) from journal_line l
              where l.entry_id = c.journal_entry_id and l.account_code = '1300') as value
       from stock_move m join production_cost c on c.stock_move_id = m.id and c.component_line_no is null
      where m.move_type = 'production-receipt' and m.document_ref = ? order by m.id`,
    [number],
  );
  return found.map((row) => ({ status: row.to_status, quantity: num(row.quantity), value: num(row.value) }));
}

/** Journal lines per account of the entries a document posted (source type and reference). */
async function postings(sourceType: string, sourceRef: string) {
  const found = await rows<{ account_code: string; debit: string; credit: string }>(
    `select l.account_code, sum(l.debit) as debit, sum(l.credit) as credit from journal_entry e
       join journal_line l on l.entry_id = e.id where e.source_type = ? and e.source_ref = ?
      group by l.account_code order by l.account_code`,
    [sourceType, sourceRef],
  );
  return found.map((row) => ({ account: row.account_code, debit: num(row.debit), credit: num(row.credit) }));
}

async function stateOf(workflowId: string): Promise<ProductionOrderState | null> {
  const response = await send('GET', `/api/processes/${workflowId}`, planner);
  return response.json<{ state: ProductionOrderState | null }>().state;
}

async function inspectionPlan(sku: string): Promise<void> {
  const plan = await send('POST', '/api/inspection-plans', admin, {
    itemSku: sku,
    effectiveFrom: '2026-01-01',
    characteristics: [
      { kind: 'numeric', code: 'LEN', name: 'Length', nominal: 10, lower: 9.9, upper: 10.1, unit: 'mm' },
      { kind: 'pass-fail', code: 'VIS', name: 'No burrs' },
    ],
  });
  expect(plan.statusCode).toBe(201);
}

/**
 * A production order of 4 finished goods driven through the API to its completions into BIN_A (the good quantity of
 * each receipt): the kit picked as reserved, each operation reporting 4 good in an hour. Every world gets the same
 * stock at the same costs, so two worlds' completions are worth the same in all.
 */
async function produce(world: ProductionWorld, completions: number[]) {
  await receiveLots(t.orm, world.sku.c1, [{ lot: 'C1-1', location: BIN_B, quantity: 50, unitCost: 2 }]);
  await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_B, quantity: 10, unitCost: 7 }]);
  await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-1', location: BIN_B, quantity: 100, unitCost: 0.1 }]);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/production-orders',
    headers: { ...planner, 'idempotency-key': `quality-gate-${world.suffix}` },
    payload: {
      itemSku: world.sku.fg,
      quantity: 4,
      warehouseCode: 'MAIN',
      startDate: new Date().toISOString().slice(0, 10),
      dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    },
  });
  expect(response.statusCode).toBe(201);
  const { number } = response.json<{ number: string }>();
  const workflowId = `production-order:${number}`;
  const kit = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
  const picks = (kit.payload.picks as KitPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
    lineNo,
    location,
    lotCode,
    quantity,
  }));
  expect((await complete(kit.id, { picks })).statusCode).toBe(200);
  const reported = new Set<string>();
  for (const seq of [10, 20]) {
    const task = await eventually(async () => {
      const open = await openFormTask<Task>(t.app, clerk, workflowId, 'production-operation');
      return open.payload.seq === seq && !reported.has(open.id) ? open : undefined;
    });
    reported.add(task.id);
    expect((await complete(task.id, { good: 4, scrap: 0, labourHours: 1 })).statusCode).toBe(200);
  }
  const done = new Set<string>();
  for (const good of completions) {
    const task = await eventually(async () => {
      const open = await openFormTask<Task>(t.app, clerk, workflowId, 'production-completion');
      return done.has(open.id) ? undefined : open;
    });
    done.add(task.id);
    expect((await complete(task.id, { good, toLocation: BIN_A })).statusCode).toBe(200);
  }
  await instanceCompleted(t.orm, workflowId, 120_000);
  return { number, workflowId };
}

describe('the quality gate on production completions (real Temporal + PostgreSQL)', () => {
  let skippedValue = 0;

  test('an item without an inspection plan is available at once: no lot, nothing in quarantine', async () => {
    const world = await productionWorld(t.orm, 4);
    const { number, workflowId } = await produce(world, [4]);
    expect(await held(world.sku.fg, 'available')).toBe(4);
    expect(await held(world.sku.fg, 'quarantine')).toBe(0);
    const lots = await send('GET', `/api/inspection-lots?sourceDocument=${number}`, admin);
    expect(lots.json<{ items: LotRow[] }>().items).toEqual([]);
    expect((await stateOf(workflowId))?.inspectionLots).toBeUndefined();
    const [receipt] = await receipts(number);
    expect(receipt).toMatchObject({ status: 'available', quantity: 4 });
    skippedValue = receipt?.value ?? 0;
    expect(skippedValue).toBeGreaterThan(0);
    expect(await wip(number)).toEqual({ costs: 0, ledger: 0 });
    t.record('quality-gate-not-inspected', workflowId);
  });

  test('an inspected item lands in quarantine at the same cost, one lot per completion, is not allocated; the lots are accepted, reworked and scrapped, never returned', async () => {
    const inspector = await user('Ivo', ['inspector']);
    const engineer = await user('Edda', ['quality-engineer']);
    const world = await productionWorld(t.orm, 4);
    await inspectionPlan(world.sku.fg);
    const { number, workflowId } = await produce(world, [3, 1]);

    // Both completions landed in quarantine: the same receipts and layers, worth what the uninspected item's was.
    expect(await held(world.sku.fg, 'quarantine')).toBe(4);
    expect(await held(world.sku.fg, 'available')).toBe(0);
    const received = await receipts(number);
    expect(received.map(({ status, quantity }) => [status, quantity])).toEqual([
      ['quarantine', 3],
      ['quarantine', 1],
    ]);
    expect(Math.round(received.reduce((sum, receipt) => sum + receipt.value, 0) * 100) / 100).toBe(skippedValue);
    expect(await wip(number)).toEqual({ costs: 0, ledger: 0 });

    // One production lot per completion: no supplier, the completion's number as its line and delivery.
    const lots = await eventually(async () => {
      const list = await send('GET', `/api/inspection-lots?sourceDocument=${number}`, admin);
      const items = list.json<{ items: LotRow[] }>().items;
      return items.length === 2 ? items.sort((a, b) => a.sourceLineNo - b.sourceLineNo) : undefined;
    });
    const common = {
      status: 'inspecting',
      source: 'production',
      sourceDocument: number,
      supplierCode: null,
      itemSku: world.sku.fg,
      stockLotCode: null,
      locationCode: BIN_A,
    };
    const [first, second] = lots as [LotRow, LotRow];
    expect(first).toMatchObject({ ...common, sourceLineNo: 1, deliveryNo: 1, quantity: 3 });
    expect(second).toMatchObject({ ...common, sourceLineNo: 2, deliveryNo: 2, quantity: 1 });
    expect(first.workflowId).toBe(`quality-inspection:${first.lotNo}`);
    expect((await stateOf(workflowId))?.inspectionLots).toEqual([first.lotNo, second.lotNo]);

    // Quarantined finished goods are never allocated: a sales order for them waits on a backorder.
    const orders = orderDriver(t.app, clerk);
    const order = await orders.place('C-BOLT', [{ itemSku: world.sku.fg, quantity: 2 }]);
    await orders.step(order.workflowId, 'backordered');

    // The inspector records the readings: one length over the limit rejects each lot by the plan's numbers.
    const offLength = {
      readings: [
        { characteristic: 'LEN', value: 10.3 },
        { characteristic: 'VIS', value: true },
      ],
    };
    for (const lot of [first, second]) {
      const inspection = await openFormTask<Task>(t.app, admin, lot.workflowId, 'inspection');
      expect((await complete(inspection.id, offLength, inspector)).statusCode).toBe(200);
    }

    // A production lot has no supplier: a return is refused naming the part, for people, and nothing posts.
    const disposition = await openFormTask<Task>(t.app, admin, first.workflowId, 'disposition');
    expect(disposition.payload).toMatchObject({ source: 'production', supplierCode: null, verdict: 'rejected' });
    const toSupplier = {
      parts: [
        { kind: 'accepted', quantity: 2 },
        { kind: 'rejected-return', quantity: 1 },
      ],
      cause: 'length over the upper limit',
    };
    const refused = await complete(disposition.id, toSupplier, engineer);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('payload.parts[1].kind');
    expect(refused.json().error.message).toMatch(
      new RegExp(`not possible for a production lot: production order ${number} has no supplier to return to`),
    );
    const viaLot = await send('POST', `/api/inspection-lots/${first.lotNo}/disposition`, engineer, toSupplier);
    expect([viaLot.statusCode, viaLot.json().error.field]).toEqual([400, 'payload.parts[1].kind']);
    expect(await held(world.sku.fg, 'quarantine')).toBe(4);

    // The first lot: 2 accepted, 1 to rework (good again afterwards); released stock wakes the backorder.
    const split = {
      parts: [
        { kind: 'accepted', quantity: 2 },
        { kind: 'rework', quantity: 1 },
      ],
      cause: 'length over the upper limit',
    };
    expect((await complete(disposition.id, split, engineer)).statusCode).toBe(200);
    const rework = await openFormTask<Task>(t.app, admin, first.workflowId, 'rework');
    expect(await held(world.sku.fg, 'available')).toBe(2);
    expect(await held(world.sku.fg, 'quarantine')).toBe(2);
    await orders.task(order.workflowId, 'pick');
    expect((await complete(rework.id, { outcome: 'accepted' }, engineer)).statusCode).toBe(200);
    await instanceCompleted(t.orm, first.workflowId, 120_000);

    // The second lot is rejected whole: scrapped at its layer's cost (Dr 5200 / Cr 1300, balanced).
    const scrapTask = await openFormTask<Task>(t.app, admin, second.workflowId, 'disposition');
    const scrapped = { parts: [{ kind: 'rejected-scrap', quantity: 1 }], cause: 'length over the upper limit' };
    expect((await complete(scrapTask.id, scrapped, engineer)).statusCode).toBe(200);
    await instanceCompleted(t.orm, second.workflowId, 120_000);
    expect(await held(world.sku.fg, 'available')).toBe(3);
    expect(await held(world.sku.fg, 'quarantine')).toBe(0);
    const [inventory, writeOff, ...others] = await postings('inspection-lot', second.lotNo);
    expect(others).toEqual([]);
    expect(inventory).toMatchObject({ account: '1300', debit: 0 });
    expect(writeOff).toEqual({ account: '5200', debit: inventory?.credit, credit: 0 });
    expect(Math.abs((writeOff?.debit ?? 0) - skippedValue / 4)).toBeLessThanOrEqual(0.02);
    // Releases change a status only: the first lot posted nothing to the ledger.
    expect(await postings('inspection-lot', first.lotNo)).toEqual([]);

    const firstDetail = (await send('GET', `/api/inspection-lots/${first.lotNo}`, admin)).json();
    expect(firstDetail).toMatchObject({ status: 'disposed', verdict: 'rejected', source: 'production' });
    expect(firstDetail.dispositions).toEqual([
      expect.objectContaining({ kind: 'accepted', quantity: 2, documentRef: null }),
      expect.objectContaining({ kind: 'rework', quantity: 1 }),
    ]);
    const secondDetail = (await send('GET', `/api/inspection-lots/${second.lotNo}`, admin)).json();
    expect(secondDetail.nonconformances).toEqual([
      { cause: 'length over the upper limit', quantity: 1, supplierCode: null, action: 'scrap' },
    ]);
    t.record('quality-gate-two-completions-inspected', workflowId);
  });
});
