import type { ChildProcess } from 'node:child_process';
import { num, query } from '../../db/sql';
import { countRows, eventually, startWorkerProcess, stopWorkerProcess, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';

jest.setTimeout(300_000);

// No worker of the suite's own: the test starts (and crashes) its workers.
const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase();
const workers: ChildProcess[] = [];

afterAll(async () => {
  for (const worker of workers) await stopWorkerProcess(worker);
});

type Headers = { authorization: string };
const send = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const complete = (taskId: string, payload: object, headers: Headers) =>
  send('POST', `/api/tasks/${taskId}/complete`, headers, { payload });
const openTaskId = async (workflowId: string, formKind: string) =>
  (await openFormTask(t.app, admin, workflowId, formKind, 120_000)).id;

async function startWorker(crashAfter?: string): Promise<ChildProcess> {
  const worker = await startWorkerProcess({ crashAfter });
  workers.push(worker);
  return worker;
}

describe('a worker dies right after the disposition committed (before Temporal heard of it)', () => {
  test('the retry on a new worker moves nothing twice and the inspection completes', async () => {
    const username = `qicrash${run}`.toLowerCase();
    const password = 'inspect-secret-2';
    const roles = ['inspector', 'quality-engineer'];
    expect((await send('POST', '/api/users', admin, { username, displayName: 'Q', roles, password })).statusCode).toBe(
      201,
    );
    const login = await send('POST', '/api/auth/login', {} as Headers, { username, password });
    const quality = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
    const sku = `QIC-${run}`;
    const item = { sku, name: 'Crash shaft', uom: 'PCS', category: `qic-${run}`.toLowerCase(), lotTracked: true };
    expect((await send('POST', '/api/items', admin, { ...item, supplyType: 'buy' })).statusCode).toBe(201);
    const characteristics = [{ kind: 'pass-fail', code: 'VIS', name: 'No burrs' }];
    const plan = { itemSku: sku, effectiveFrom: '2026-01-01', characteristics };
    expect((await send('POST', '/api/inspection-plans', admin, plan)).statusCode).toBe(201);

    const crashing = await startWorker('disposeInspectionLot');
    const created = await send('POST', '/api/purchase-orders', clerk, {
      supplierCode: 'S-NORD',
      warehouseCode: 'MAIN',
      lines: [{ itemSku: sku, quantity: 10, unitCost: 5 }],
    });
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const lotCode = `${run}-C`;
    const receipt = await openTaskId(workflowId, 'goods-receipt');
    expect((await complete(receipt, { lines: [{ lineNo: 1, quantity: 10, lotCode }] }, clerk)).statusCode).toBe(200);
    const putaway = await openTaskId(workflowId, 'putaway');
    expect((await complete(putaway, { lines: [{ lineNo: 1, toLocation: 'MAIN-B05' }] }, clerk)).statusCode).toBe(200);
    const lot = await eventually(async () => {
      const list = await send('GET', `/api/inspection-lots?sourceDocument=${orderNumber}`, admin);
      return list.json<{ items: Array<{ lotNo: string; workflowId: string }> }>().items[0];
    });
    const inspection = await openTaskId(lot.workflowId, 'inspection');
    const readings = { readings: [{ characteristic: 'VIS', value: false }] };
    expect((await complete(inspection, readings, quality)).statusCode).toBe(200);
    const disposition = await openTaskId(lot.workflowId, 'disposition');
    const exited = new Promise<void>((resolve) => crashing.once('exit', () => resolve()));
    const split = {
      parts: [
        { kind: 'rejected-return', quantity: 4 },
        { kind: 'rejected-scrap', quantity: 3 },
        { kind: 'accepted', quantity: 3 },
      ],
      cause: 'burrs',
    };
    expect((await complete(disposition, split, quality)).statusCode).toBe(200);
    await exited;
    expect(crashing.signalCode).toBe('SIGKILL');

    await startWorker();
    await instanceCompleted(t.orm, lot.workflowId, 120_000);
    const moves = await query<{ move_type: string; quantity: string }>(
      t.orm.em.fork(),
      `select m.move_type, m.quantity from stock_move m join item i on i.id = m.item_id
        where i.sku = ? and m.move_type in ('supplier-return', 'scrap', 'status-change') order by m.move_type`,
      [sku],
    );
    expect(moves.map((m) => [m.move_type, num(m.quantity)])).toEqual([
      ['scrap', 3],
      ['status-change', 3],
      ['supplier-return', 4],
    ]);
    // The scrap's write-off once (Dr 5200 / Cr 1300 at the receipt's cost), one return, two nonconformances.
    const [scrapped] = await query<{ debit: string }>(
      t.orm.em.fork(),
      `select coalesce(sum(jl.debit), 0) as debit from journal_entry je join journal_line jl on jl.entry_id = je.id
        where je.source_type = 'inspection-lot' and je.source_ref = ? and jl.account_code = '5200'`,
      [lot.lotNo],
    );
    expect(num(scrapped?.debit)).toBe(15);
    const returns = `select count(*) as n from supplier_return where return_number = ?`;
    expect(await countRows(t.orm, returns, [`RT-${lot.lotNo}`])).toBe(1);
    const findings = `select count(*) as n from nonconformance n join inspection_lot l on l.id = n.lot_id where l.lot_no = ?`;
    expect(await countRows(t.orm, findings, [lot.lotNo])).toBe(2);
    const order = (await send('GET', `/api/purchase-orders/${orderNumber}`, clerk)).json();
    expect(order.lines[0]).toMatchObject({ receivedQuantity: 6, openQuantity: 4 });
  });
});
