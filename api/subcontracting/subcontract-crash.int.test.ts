import type { ChildProcess } from 'node:child_process';
import { num, query } from '../../db/sql';
import { countRows, startWorkerProcess, stopWorkerProcess, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import type { SendPick } from '../../workflows/subcontract-order/subcontract-order.contract';
import { isoDay, receiveLots, subcontractWorld } from './subcontract-world';

jest.setTimeout(300_000);

// No worker of the suite's own: the test starts (and crashes) its workers.
const t = useTestApp({ worker: false });
const clerk = t.headers('clerk');
const planner = t.headers('planner');
const workers: ChildProcess[] = [];

afterAll(async () => {
  for (const worker of workers) await stopWorkerProcess(worker);
});

async function startWorker(crashAfter?: string): Promise<ChildProcess> {
  const worker = await startWorkerProcess({ crashAfter });
  workers.push(worker);
  return worker;
}

const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

interface Task {
  id: string;
  payload: Record<string, unknown>;
}

describe('a worker dies right after a supplier delivery committed (before Temporal heard of it)', () => {
  test('the retry on a new worker posts nothing twice and the order closes', async () => {
    const world = await subcontractWorld(t.orm);
    await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-1', location: world.bins.a, quantity: 22, unitCost: 1 }]);
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 10, unitCost: 4 }]);
    const crashing = await startWorker('receiveSubcontractDelivery');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/subcontract-orders',
      headers: { ...planner, 'idempotency-key': `sc-crash-${world.suffix}` },
      payload: {
        supplierCode: world.supplierCode,
        itemSku: world.sku.fg,
        quantity: 10,
        dueDate: isoDay(14),
        feePerUnit: 3,
        warehouseCode: world.warehouseCode,
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const approval = await openFormTask<Task>(t.app, planner, workflowId, 'subcontract-approval', 120_000);
    expect((await complete(approval.id, { approved: true }, planner)).statusCode).toBe(200);
    const pick = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
    const picks = (pick.payload.picks as SendPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
      lineNo,
      location,
      lotCode,
      quantity,
    }));
    expect((await complete(pick.id, { picks })).statusCode).toBe(200);
    const receipt = await openFormTask<Task>(t.app, clerk, workflowId, 'supplier-receipt');

    // The whole order in one delivery; the worker is killed as soon as its transaction committed.
    const exited = new Promise<void>((resolve) => crashing.once('exit', () => resolve()));
    expect((await complete(receipt.id, { quantity: 10, lotCode: 'FG-ALL' })).statusCode).toBe(200);
    await exited;
    expect(crashing.signalCode).toBe('SIGKILL');
    const moves = `select count(*) as n from stock_move where document_type = 'subcontract-order' and document_ref = ?`;
    const entries = `select count(*) as n from journal_entry where source_type = 'subcontract-order' and
                       (source_ref = ? or source_ref like ?)`;
    const deliveries = `select count(*) as n from subcontract_delivery d join subcontract_order o on o.id = d.order_id
                          where o.order_number = ?`;
    // 2 sends, 2 consumptions, 1 finished-goods receipt; the delivery's one entry; 1 delivery.
    expect(await countRows(t.orm, moves, [orderNumber])).toBe(5);

    await startWorker();
    await instanceCompleted(t.orm, workflowId, 120_000, 'the order closed');
    expect(await countRows(t.orm, moves, [orderNumber])).toBe(5);
    expect(await countRows(t.orm, entries, [orderNumber, `${orderNumber}/%`])).toBe(1);
    expect(await countRows(t.orm, deliveries, [orderNumber])).toBe(1);
    // Bolts 22 x 1.00 + plates 10 x 4.00 + fee 30.00: the finished goods once, at 92.00.
    const [fg] = await query<{ v: string }>(
      t.orm.em.fork(),
      `select coalesce(sum(l.debit), 0) as v from journal_entry e join journal_line l on l.entry_id = e.id
        where e.source_type = 'subcontract-order' and e.source_ref = ? and l.account_code = '1300'`,
      [orderNumber],
    );
    expect(num(fg?.v)).toBe(92);
  });
});
