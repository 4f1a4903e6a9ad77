import type { ChildProcess } from 'node:child_process';
import { num, query } from '../../db/sql';
import { countRows, startWorkerProcess, stopWorkerProcess, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { BIN_A, BIN_B, productionWorld, receiveLots } from '../../test/support/production-world';
import type { KitPick } from '../../workflows/production-order/production-order.contract';

jest.setTimeout(300_000);

// No worker of the suite's own: the test starts (and crashes) its workers.
const t = useTestApp({ worker: false, histories: 'production-order' });
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

const complete = (taskId: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: clerk, payload: { payload } });

describe('a worker dies right after the kit issue committed (before Temporal heard of it)', () => {
  test('the retry on a new worker issues nothing twice and the order goes on', async () => {
    const crashing = await startWorker('issueKit');
    const world = await productionWorld(t.orm, 2);
    await receiveLots(t.orm, world.sku.c1, [
      { lot: 'C1-OLD', location: BIN_A, quantity: 10, unitCost: 2 },
      { lot: 'C1-NEW', location: BIN_B, quantity: 100, unitCost: 3 },
    ]);
    await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 10, unitCost: 7 }]);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/production-orders',
      headers: { ...planner, 'idempotency-key': `crash-${world.suffix}` },
      payload: { itemSku: world.sku.fg, quantity: 2, warehouseCode: 'MAIN', dueDate: '2099-12-31' },
    });
    expect(created.statusCode).toBe(201);
    const { number } = created.json<{ number: string }>();
    const workflowId = `production-order:${number}`;

    const kit = await openFormTask<{ id: string; payload: { picks: KitPick[] } }>(
      t.app,
      clerk,
      workflowId,
      'production-kit-pick',
      120_000,
    );
    const picks = kit.payload.picks.map(({ lineNo, location, lotCode, quantity }) => ({
      lineNo,
      location,
      lotCode,
      quantity,
    }));
    // C1 13.2 from the old lot (10) and the new (3.2), SUB 2: three picks, three issue moves.
    expect(picks).toHaveLength(3);
    const exited = new Promise<void>((resolve) => crashing.once('exit', () => resolve()));
    expect((await complete(kit.id, { picks })).statusCode).toBe(200);
    await exited;
    expect(crashing.signalCode).toBe('SIGKILL');
    const moves = `select count(*) as n from stock_move where document_type = 'production-order' and document_ref = ?`;
    const materials = `select count(*) as n from production_cost c join production_order o on o.id = c.production_order_id
                        where o.number = ? and c.kind = 'material'`;
    expect(await countRows(t.orm, moves, [number])).toBe(3);

    await startWorker();
    await openFormTask(t.app, clerk, workflowId, 'production-operation', 120_000);
    expect(await countRows(t.orm, moves, [number])).toBe(3);
    expect(await countRows(t.orm, materials, [number])).toBe(3);
    const [issued] = await query<{ q: string; v: string }>(
      t.orm.em.fork(),
      `select sum(c.issued_quantity) as q, sum(c.issued_value) as v from production_order_component c
         join production_order o on o.id = c.production_order_id where o.number = ?`,
      [number],
    );
    // 10 x 2 + 3.2 x 3 + 2 x 7, once.
    expect([num(issued?.q), num(issued?.v)]).toEqual([15.2, 43.6]);

    // Winding down: the cancel gives the kit back, exactly once too.
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/production-orders/${number}/cancel`,
      headers: planner,
      payload: { reason: 'crash test done' },
    });
    expect(cancelled.statusCode).toBeLessThan(300);
    await instanceCompleted(t.orm, workflowId, 120_000, 'cancel', 'cancelled');
    expect(await countRows(t.orm, moves, [number])).toBe(6);
    t.record('worker-killed-after-kit-issue-then-cancelled', workflowId);
  });
});
