import { num, query } from '../../db/sql';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask, orderDriver } from '../../test/support/order-driver';

jest.setTimeout(300_000);

/** Finished inspections are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'quality-inspection' });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase();
const sku = (name: string) => `QI-${run}-${name}`;
const PASSWORD = 'inspect-secret-1';

type Headers = { authorization: string };
interface Task {
  id: string;
  payload: Record<string, unknown> & { lines?: Array<{ lineNo: number }>; locations?: string[] };
}

const send = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const complete = (taskId: string, payload: object, headers: Headers) =>
  send('POST', `/api/tasks/${taskId}/complete`, headers, { payload });
const openTask = (workflowId: string, formKind: string) => openFormTask<Task>(t.app, admin, workflowId, formKind);

async function user(name: string, roles: string[]): Promise<Headers> {
  const username = `qi${name}${run}`.toLowerCase();
  const created = await send('POST', '/api/users', admin, { username, displayName: name, roles, password: PASSWORD });
  expect(created.statusCode).toBe(201);
  const signed = await send('POST', '/api/auth/login', {} as Headers, { username, password: PASSWORD });
  return { authorization: `Bearer ${signed.json<{ token: string }>().token}` };
}

async function item(name: string): Promise<string> {
  const body = { sku: sku(name), name: `Shaft ${name}`, uom: 'PCS', category: `qi-${run}`.toLowerCase() };
  const created = await send('POST', '/api/items', admin, {
    ...body,
    lotTracked: true,
    supplyType: 'buy',
    listPrice: 9,
  });
  expect(created.statusCode).toBe(201);
  const length = { kind: 'numeric', code: 'LEN', name: 'Length', nominal: 10, lower: 9.9, upper: 10.1, unit: 'mm' };
  const plan = await send('POST', '/api/inspection-plans', admin, {
    itemSku: sku(name),
    effectiveFrom: '2026-01-01',
    characteristics: [length, { kind: 'pass-fail', code: 'VIS', name: 'No burrs' }],
  });
  expect(plan.statusCode).toBe(201);
  return sku(name);
}

/** Quantity of an item's lot at a location in a status. */
async function held(itemSku: string, lotCode: string, status: string): Promise<number> {
  const [row] = await query<{ q: string }>(
    t.orm.em.fork(),
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join lot on lot.id = b.lot_id where i.sku = ? and lot.code = ? and b.status = ?`,
    [itemSku, lotCode, status],
  );
  return num(row?.q ?? 0);
}

interface LotRow {
  lotNo: string;
  itemSku: string;
  status: string;
  workflowId: string;
  sampleSize: number;
}

describe('quality gate on a purchase receipt (real Temporal + PostgreSQL)', () => {
  test('two lines: one passes and is available at once, one fails and goes back; use-as-is needs a second approver', async () => {
    const inspector = await user('Ina', ['inspector', 'quality-engineer']);
    const engineer = await user('Quinn', ['quality-engineer']);
    const good = await item('GOOD');
    const bad = await item('BAD');
    const created = await send('POST', '/api/purchase-orders', clerk, {
      supplierCode: 'S-NORD',
      warehouseCode: 'MAIN',
      lines: [
        { itemSku: good, quantity: 20, unitCost: 2 },
        { itemSku: bad, quantity: 10, unitCost: 3 },
      ],
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const receipt = await openTask(workflowId, 'goods-receipt');
    const lots = { [good]: `${run}-G`, [bad]: `${run}-B` };
    const received = await complete(
      receipt.id,
      {
        lines: [
          { lineNo: 1, quantity: 20, lotCode: lots[good] },
          { lineNo: 2, quantity: 10, lotCode: lots[bad] },
        ],
      },
      clerk,
    );
    expect(received.statusCode).toBe(200);
    // Items with an inspection plan land in quarantine and keep it through putaway.
    const putaway = await openTask(workflowId, 'putaway');
    expect(await held(good, lots[good]!, 'quarantine')).toBe(20);
    expect(await held(good, lots[good]!, 'available')).toBe(0);
    const stored = await complete(
      putaway.id,
      {
        lines: [
          { lineNo: 1, toLocation: 'MAIN-B03' },
          { lineNo: 2, toLocation: 'MAIN-B04' },
        ],
      },
      clerk,
    );
    expect(stored.statusCode).toBe(200);
    const opened = await eventually(async () => {
      const list = await send('GET', `/api/inspection-lots?sourceDocument=${orderNumber}`, admin);
      const items = list.json<{ items: LotRow[] }>().items;
      return items.length === 2 ? items : undefined;
    });
    const lotOf = (itemSku: string) => opened.find((lot) => lot.itemSku === itemSku)!;
    expect(opened.map((lot) => lot.status)).toEqual(['inspecting', 'inspecting']);
    expect(lotOf(good).lotNo).toMatch(/^IL-\d{6}$/);
    expect(lotOf(good).workflowId).toBe(`quality-inspection:${lotOf(good).lotNo}`);
    expect(await held(good, lots[good]!, 'quarantine')).toBe(20);
    expect(await held(good, lots[good]!, 'available')).toBe(0);

    // Quarantined stock is never allocated: an order for it waits on a backorder.
    const orders = orderDriver(t.app, clerk);
    const order = await orders.place('C-BOLT', [{ itemSku: good, quantity: 5 }]);
    await orders.step(order.workflowId, 'backordered');

    const detail = await send('GET', `/api/inspection-lots/${lotOf(good).lotNo}`, admin);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().sampling.reason).toMatch(/^sample /);
    expect(detail.json().sampling.result).toBe('inspect');

    // A disposition of a lot still being inspected is refused, naming the lot.
    const early = await send('POST', `/api/inspection-lots/${lotOf(good).lotNo}/disposition`, engineer, {
      parts: [{ kind: 'accepted', quantity: 20 }],
    });
    expect([early.statusCode, early.json().error.field]).toEqual([400, 'lotNo']);

    // Readings: an unknown characteristic is refused naming the field, nothing written.
    const inspectGood = await openTask(lotOf(good).workflowId, 'inspection');
    expect(inspectGood.payload).toMatchObject({ sampleSize: lotOf(good).sampleSize, quantity: 20 });
    const unknown = await complete(inspectGood.id, { readings: [{ characteristic: 'WIDTH', value: 1 }] }, inspector);
    expect([unknown.statusCode, unknown.json().error.field]).toEqual([400, 'payload.readings[0].characteristic']);
    const readingsOf = (lotNo: string) =>
      countRows(
        t.orm,
        `select count(*) as n from inspection_reading r join inspection_lot l on l.id = r.lot_id where l.lot_no = ?`,
        [lotNo],
      );
    expect(await readingsOf(lotOf(good).lotNo)).toBe(0);
    const passed = {
      readings: [
        { characteristic: 'LEN', value: 10.02 },
        { characteristic: 'VIS', value: true },
      ],
    };
    expect((await complete(inspectGood.id, passed, inspector)).statusCode).toBe(200);

    // The split must add up to the lot; the passed lot is released whole and is available at once.
    await openTask(lotOf(good).workflowId, 'disposition');
    const short = await send('POST', `/api/inspection-lots/${lotOf(good).lotNo}/disposition`, engineer, {
      parts: [{ kind: 'accepted', quantity: 15 }],
    });
    expect([short.statusCode, short.json().error.field]).toEqual([400, 'payload.parts']);
    const accepted = await send('POST', `/api/inspection-lots/${lotOf(good).lotNo}/disposition`, engineer, {
      parts: [{ kind: 'accepted', quantity: 20 }],
    });
    expect(accepted.statusCode).toBe(200);
    await instanceCompleted(t.orm, lotOf(good).workflowId);
    expect(await held(good, lots[good]!, 'available')).toBe(20);
    expect(await held(good, lots[good]!, 'quarantine')).toBe(0);
    t.record('accepted-released-whole', lotOf(good).workflowId);
    // Releasing wakes the backorder: the order goes on to its pick.
    await orders.task(order.workflowId, 'pick');

    // The failed line: rejected by the plan's numbers; 6 returned to the supplier, 4 used as-is under concession.
    const inspectBad = await openTask(lotOf(bad).workflowId, 'inspection');
    const failed = {
      readings: [
        { characteristic: 'LEN', value: 10.4 },
        { characteristic: 'VIS', value: true },
      ],
    };
    expect((await complete(inspectBad.id, failed, inspector)).statusCode).toBe(200);
    const dispose = await openTask(lotOf(bad).workflowId, 'disposition');
    const split = {
      parts: [
        { kind: 'rejected-return', quantity: 6 },
        { kind: 'use-as-is', quantity: 2 },
        { kind: 'rework', quantity: 2 },
      ],
      cause: 'length over the upper limit',
    };
    expect((await complete(dispose.id, split, inspector)).statusCode).toBe(200);
    const concession = await openTask(lotOf(bad).workflowId, 'concession');
    const self = await complete(concession.id, { approved: true }, inspector);
    expect([self.statusCode, self.json().error.field]).toEqual([400, 'payload.approved']);
    expect(self.json().error.message).toMatch(/second approver/);
    // A refused concession asks for the split again; the second split's use-as-is is approved by the second person.
    expect((await complete(concession.id, { approved: false }, engineer)).statusCode).toBe(200);
    const again = await openTask(lotOf(bad).workflowId, 'disposition');
    expect(again.id).toBe(`${lotOf(bad).workflowId}:disposition-2`);
    expect(again.payload.refusal).toMatch(/refused the use-as-is concession/);
    expect((await complete(again.id, split, inspector)).statusCode).toBe(200);
    const second = await openTask(lotOf(bad).workflowId, 'concession');
    expect((await complete(second.id, { approved: true }, engineer)).statusCode).toBe(200);
    // The reworked part waits in quarantine for its rework task: good again, it is released too.
    const rework = await openTask(lotOf(bad).workflowId, 'rework');
    expect(await held(bad, lots[bad]!, 'quarantine')).toBe(2);
    const unsure = await complete(rework.id, { outcome: 'maybe' }, engineer);
    expect([unsure.statusCode, unsure.json().error.field]).toEqual([400, 'payload.outcome']);
    expect((await complete(rework.id, { outcome: 'accepted' }, engineer)).statusCode).toBe(200);
    await instanceCompleted(t.orm, lotOf(bad).workflowId);
    t.record('rejected-returned-used-as-is-by-concession-and-reworked', lotOf(bad).workflowId);

    const badDetail = (await send('GET', `/api/inspection-lots/${lotOf(bad).lotNo}`, admin)).json();
    expect(badDetail).toMatchObject({ status: 'disposed', verdict: 'rejected', nonconformingUnits: 1 });
    expect(badDetail.readings).toEqual([
      expect.objectContaining({ characteristic: 'LEN', conforms: false }),
      expect.objectContaining({ characteristic: 'VIS', conforms: true }),
    ]);
    expect(badDetail.dispositions).toEqual([
      expect.objectContaining({ kind: 'rejected-return', quantity: 6, documentRef: `RT-${lotOf(bad).lotNo}` }),
      expect.objectContaining({ kind: 'use-as-is', quantity: 2, concessionBy: expect.stringMatching(/^qiquinn/) }),
      expect.objectContaining({ kind: 'rework', quantity: 2, concessionBy: null }),
    ]);
    expect(badDetail.nonconformances).toEqual([
      { cause: 'length over the upper limit', quantity: 6, supplierCode: 'S-NORD', action: 'return to supplier' },
      { cause: 'length over the upper limit', quantity: 2, supplierCode: 'S-NORD', action: 'rework' },
    ]);
    expect(await held(bad, lots[bad]!, 'available')).toBe(4);
    expect(await held(bad, lots[bad]!, 'quarantine')).toBe(0);
    // The return's ledger moves: out of quarantine at the receipt's cost, GRNI debited.
    const moves = await query<{ move_type: string; from_status: string; quantity: string }>(
      t.orm.em.fork(),
      `select m.move_type, m.from_status, m.quantity from stock_move m join item i on i.id = m.item_id
        where i.sku = ? and m.move_type in ('supplier-return', 'status-change') order by m.id`,
      [bad],
    );
    expect(moves.map((m) => [m.move_type, m.from_status, num(m.quantity)])).toEqual([
      ['supplier-return', 'quarantine', 6],
      ['status-change', 'quarantine', 2],
      ['status-change', 'quarantine', 2],
    ]);
    const grni = await query<{ debit: string }>(
      t.orm.em.fork(),
      `select jl.debit from journal_entry je join journal_line jl on jl.entry_id = je.id
        where je.source_type = 'supplier-return' and je.source_ref = ? and jl.account_code = '2100'`,
      [`RT-${lotOf(bad).lotNo}/1`],
    );
    expect(grni.map((line) => num(line.debit))).toEqual([18]);
    // The purchase order shows the returned quantity open again.
    const po = await eventually(async () => {
      const body = (await send('GET', `/api/purchase-orders/${orderNumber}`, clerk)).json();
      return body.lines?.[1]?.openQuantity === 6 ? body : undefined;
    });
    expect(po.lines[1]).toMatchObject({ lineNo: 2, receivedQuantity: 4, openQuantity: 6 });
  });
});
