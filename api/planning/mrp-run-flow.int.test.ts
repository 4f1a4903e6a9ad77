import { MrpPlannedOrder, MrpRun } from '../../db/entities';
import { queueMrpRun } from '../../db/planning/mrp-run-repository';
import { query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { productionWorld, type ProductionWorld } from '../../test/support/production-world';

jest.setTimeout(300_000);

/** Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'mrp-run' });
const planner = t.headers('planner');
const today = new Date().toISOString().slice(0, 10);

interface Task {
  id: string;
  status: string;
  payload: Record<string, unknown>;
}

let world: ProductionWorld;

beforeAll(async () => {
  world = await productionWorld(t.orm, 1);
  // Nothing on hand and no demand: C1 (a C item) is ordered up to its safety stock of 7, C2 up to 3.
  const em = t.orm.em.fork();
  await query(em, `update item set abc_class = 'C', safety_stock = 7 where sku = ?`, [world.sku.c1]);
  await query(em, `update item set safety_stock = 3 where sku = ?`, [world.sku.c2]);
});

const start = (key: string, body: Record<string, unknown> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/mrp-runs',
    headers: { ...planner, 'idempotency-key': `mrp-flow-${world.suffix}-${key}` },
    payload: { asOf: today, bucketSize: 'week', bucketCount: 8, ...body },
  });

const complete = (taskId: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: planner, payload: { payload } });

async function runStatus(id: number): Promise<string> {
  return (await t.orm.em.fork().findOneOrFail(MrpRun, id)).status;
}

async function worldOrders(runId: number) {
  const orders = await t.orm.em
    .fork()
    .find(
      MrpPlannedOrder,
      { run: runId, item: { sku: { $in: [world.sku.c1, world.sku.c2] } } },
      { populate: ['item'] },
    );
  return orders.sort((a, b) => a.item.sku.localeCompare(b.item.sku));
}

describe('the MRP run process', () => {
  test('a run while another calculates is refused; bad input names the field', async () => {
    const busy = await queueMrpRun(t.orm.em.fork(), {
      asOf: today,
      bucketSize: 'week',
      bucketCount: 4,
      simulation: false,
      workflowId: null,
      requestedBy: 'planner',
    });
    try {
      const refused = await start('busy');
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ error: { code: 'MRP_RUN_IN_PROGRESS' } });
    } finally {
      await t.orm.em.fork().nativeDelete(MrpRun, { id: busy.id });
    }
    const zero = await start('zero', { bucketCount: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json()).toMatchObject({ error: { field: 'bucketCount' } });
    const draft = await start('draft', { lotSizingVersion: 3 });
    expect(draft.statusCode).toBe(400);
    expect(draft.json()).toMatchObject({ error: { field: 'lotSizingVersion' } });
  });

  test('calculates, asks the planner, a newer run supersedes it; the planner decides order by order', async () => {
    const first = await start('first');
    expect(first.statusCode).toBe(202);
    const a = first.json<{ id: number; workflowId: string }>();
    const again = await start('first');
    expect(again.json()).toEqual(first.json()); // the same key answers the same run
    const reviewA = await openFormTask<Task>(t.app, planner, a.workflowId, 'mrp-review');
    expect(await runStatus(a.id)).toBe('review');
    expect((await worldOrders(a.id)).map((o) => [o.item.sku, o.quantity, o.status])).toEqual([
      [world.sku.c1, 7, 'suggested'],
      [world.sku.c2, 3, 'suggested'],
    ]);

    // A newer run: the first's plan is superseded and its review task withdrawn.
    const second = await start('second');
    expect(second.statusCode).toBe(202);
    const b = second.json<{ id: number; workflowId: string }>();
    const reviewB = await openFormTask<Task>(t.app, planner, b.workflowId, 'mrp-review');
    await instanceCompleted(t.orm, a.workflowId, 60_000, 'the first run superseded', 'cancelled');
    expect(await runStatus(a.id)).toBe('superseded');
    const late = await complete(reviewA.id, { decision: 'approve-all' });
    expect(late.statusCode).toBe(409);

    // A rejection needs its reason; a suggestion that is not the run's re-opens the task saying so.
    const noReason = await complete(reviewB.id, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('payload.reason');
    expect(
      (await complete(reviewB.id, { decision: 'decide', orders: [{ plannedRef: 'NOPE/1/1', approve: true }] }))
        .statusCode,
    ).toBe(200);
    const reopened = await eventually(async () => {
      const task = await openFormTask<Task>(t.app, planner, b.workflowId, 'mrp-review');
      return task.id !== reviewB.id ? task : undefined;
    });
    expect(reopened.payload.refusal).toContain('NOPE/1/1 is not a suggestion');

    const [c1, c2] = await worldOrders(b.id);
    const decided = await complete(reopened.id, {
      decision: 'decide',
      orders: [
        { plannedRef: c1!.plannedRef, approve: true, quantity: 10, receiptDate: '2099-01-05' },
        { plannedRef: c2!.plannedRef, approve: false },
      ],
    });
    expect(decided.statusCode).toBe(200);
    await instanceCompleted(t.orm, b.workflowId, 60_000, 'the second run reviewed');
    // Approved, then released: C1 has no preferred supplier, so it stays approved (activities/mrp/release-orders.int).
    expect(await runStatus(b.id)).toBe('released');
    const after = await worldOrders(b.id);
    // Received later by the same number of days, released later by as many: the lead time (1 day) is kept.
    expect(after.map((o) => [o.item.sku, o.status, o.quantity, o.receiptDate, o.releaseDate])).toEqual([
      [world.sku.c1, 'approved', 10, '2099-01-05', '2099-01-04'],
      [world.sku.c2, 'rejected', 3, c2!.receiptDate, c2!.releaseDate],
    ]);
    t.record('superseded', a.workflowId);
    t.record('decided-after-a-refusal', b.workflowId);
  });

  test('a simulation calculates and ends without a review', async () => {
    const sim = await start('sim', { simulation: true, bucketSize: 'day', bucketCount: 10 });
    expect(sim.statusCode).toBe(202);
    const run = sim.json<{ id: number; workflowId: string }>();
    await instanceCompleted(t.orm, run.workflowId, 60_000, 'the simulation');
    expect(await runStatus(run.id)).toBe('simulated');
    expect((await worldOrders(run.id)).map((o) => [o.item.sku, o.quantity])).toEqual([
      [world.sku.c1, 7],
      [world.sku.c2, 3],
    ]);
    t.record('simulation', run.workflowId);
  });
});
