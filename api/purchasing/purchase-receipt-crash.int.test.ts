import type { ChildProcess } from 'node:child_process';
import { num, query } from '../../db/sql';
import { countRows, eventually, startWorkerProcess, stopWorkerProcess, useTestApp } from '../../test/support/int-env';
import { openFormTask } from '../../test/support/order-driver';

jest.setTimeout(240_000);

// No worker of the suite's own: each test starts (and crashes) its workers.
const t = useTestApp({ worker: false });
const clerk = t.headers('clerk');
const workers: ChildProcess[] = [];

afterAll(async () => {
  for (const worker of workers) await stopWorkerProcess(worker);
});

async function startWorker(crashAfter?: string): Promise<ChildProcess> {
  const worker = await startWorkerProcess({ crashAfter });
  workers.push(worker);
  return worker;
}

const openTaskId = async (workflowId: string, formKind: string) =>
  (await openFormTask(t.app, clerk, workflowId, formKind, 120_000)).id;

describe('a worker dies right after the receipt committed (before Temporal heard of it)', () => {
  test('the retry on a new worker posts nothing twice and the receipt completes', async () => {
    const crashing = await startWorker('receivePurchaseOrder');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: 'S-STEEL',
        warehouseCode: 'EAST',
        lines: [
          { itemSku: 'HW-002', quantity: 40, unitCost: 0.05 },
          { itemSku: 'CHEM-001', quantity: 2, unitCost: 120 },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const receiptTask = await openTaskId(workflowId, 'goods-receipt');

    const exited = new Promise<void>((resolve) => crashing.once('exit', () => resolve()));
    const received = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${receiptTask}/complete`,
      headers: clerk,
      payload: {
        payload: {
          lines: [
            { lineNo: 1, quantity: 40 },
            { lineNo: 2, quantity: 2, lotCode: `CRASH-${Date.now()}` },
          ],
        },
      },
    });
    expect(received.statusCode).toBe(200);
    await exited;
    expect(crashing.signalCode).toBe('SIGKILL');
    const receipts = `select count(*) as n from stock_move where document_ref = ? and move_type = 'receipt'`;
    expect(await countRows(t.orm, receipts, [orderNumber])).toBe(2);

    await startWorker();
    const putawayTask = await openTaskId(workflowId, 'putaway');
    const stored = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${putawayTask}/complete`,
      headers: clerk,
      payload: {
        payload: {
          lines: [
            { lineNo: 1, toLocation: 'EAST-A02' },
            { lineNo: 2, toLocation: 'EAST-B01' },
          ],
        },
      },
    });
    expect(stored.statusCode).toBe(200);
    await eventually(
      async () =>
        (await countRows(t.orm, `select count(*) as n from process_instance where workflow_id = ? and status = ?`, [
          workflowId,
          'completed',
        ])) === 1
          ? true
          : undefined,
      120_000,
      'completion',
    );

    expect(await countRows(t.orm, receipts, [orderNumber])).toBe(2);
    const [booked] = await query<{ entries: string; debit: string }>(
      t.orm.em.fork(),
      `select count(distinct je.id) as entries, coalesce(sum(jl.debit), 0) as debit
         from journal_entry je join journal_line jl on jl.entry_id = je.id
        where je.source_type = 'purchase-order' and je.source_ref like ?`,
      [`${orderNumber}/%`],
    );
    expect([num(booked?.entries), num(booked?.debit)]).toEqual([2, 242]);
    const order = await t.app.inject({ method: 'GET', url: `/api/purchase-orders/${orderNumber}`, headers: clerk });
    expect(order.json()).toMatchObject({
      status: 'received',
      lines: [{ receivedQuantity: 40 }, { receivedQuantity: 2 }],
    });
  });
});
