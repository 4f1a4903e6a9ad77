import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { BIN_A, BIN_B, productionWorld, receiveLots, type ProductionWorld } from '../../test/support/production-world';
import type { KitPick, ProductionOrderState } from '../../workflows/production-order/production-order.contract';

jest.setTimeout(300_000);

/** Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'production-order' });
const clerk = t.headers('clerk');
const planner = t.headers('planner');

const DAY_MS = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown>;
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return query<T>(t.orm.em.fork(), sql, params);
}

const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

async function processDetail(workflowId: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: planner });
  return response.json<{ instance: { status: string }; tasks: Task[]; state: ProductionOrderState | null }>();
}

/** A production order created by the planner through the API (its process queued by intake). */
async function createOrder(
  world: ProductionWorld,
  quantity: number,
  dates = { startDate: isoDay(0), dueDate: isoDay(14) },
) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/production-orders',
    headers: { ...planner, 'idempotency-key': `flow-${world.suffix}` },
    payload: { itemSku: world.sku.fg, quantity, warehouseCode: 'MAIN', ...dates },
  });
  expect(response.statusCode).toBe(201);
  const { number } = response.json<{ number: string }>();
  return { number, workflowId: `production-order:${number}` };
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

async function onHand(sku: string, location: string): Promise<{ quantity: number; reserved: number }> {
  const [row] = await rows<{ q: string; r: string }>(
    `select coalesce(sum(b.quantity), 0) as q, coalesce(sum(b.reserved_quantity), 0) as r from stock_balance b
       join item i on i.id = b.item_id join location l on l.id = b.location_id where i.sku = ? and l.code = ?`,
    [sku, location],
  );
  return { quantity: num(row?.q), reserved: num(row?.r) };
}

async function orderStatus(number: string): Promise<string> {
  const [row] = await rows<{ status: string }>('select status from production_order where number = ?', [number]);
  return row?.status ?? 'missing';
}

const kitPicks = (task: Task) =>
  (task.payload.picks as KitPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
    lineNo,
    location,
    lotCode,
    quantity,
  }));

describe('the production order process on real Temporal + PostgreSQL', () => {
  test('a three-level order with a phantom: kit pick, two operations (a refused report re-opened with its reason), backflush of exactly BOM x (good + scrap) from FIFO lots, completion, closed with WIP 0; past due, the planner was asked', async () => {
    const world = await productionWorld(t.orm, 5);
    await receiveLots(t.orm, world.sku.c1, [
      { lot: 'C1-OLD', location: BIN_A, quantity: 10, unitCost: 2 },
      { lot: 'C1-NEW', location: BIN_B, quantity: 100, unitCost: 3 },
    ]);
    await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 10, unitCost: 7 }]);
    // 20 bolts: the test operation's backflush needs 32 and is refused until more arrive.
    await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-OLD', location: BIN_A, quantity: 20, unitCost: 0.1 }]);
    const { number, workflowId } = await createOrder(world, 5, { startDate: isoDay(-5), dueDate: isoDay(-1) });

    // Past its due date from the start: the planner gets a task beside the clerk's work.
    const overdue = await openFormTask<Task>(t.app, planner, workflowId, 'production-overdue');
    const [overdueRow] = await rows<{ candidate_role: string }>('select candidate_role from human_task where id = ?', [
      overdue.id,
    ]);
    expect(overdueRow?.candidate_role).toBe('planner');

    // Kit: C1 through the phantom (5 x 2 x 3 x 1.1 = 33) FIFO, 10 from the old lot then 23; SUB 5.
    const kit = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
    const picks = kitPicks(kit);
    expect(picks).toEqual(
      expect.arrayContaining([
        { lineNo: 1, location: BIN_A, lotCode: 'C1-OLD', quantity: 10 },
        { lineNo: 1, location: BIN_B, lotCode: 'C1-NEW', quantity: 23 },
        { lineNo: 3, location: BIN_A, lotCode: 'SUB-1', quantity: 5 },
      ]),
    );
    const tooMuch = await complete(kit.id, { picks: picks.map((pick) => ({ ...pick, quantity: pick.quantity + 1 })) });
    expect(tooMuch.statusCode).toBe(400);
    expect((await complete(kit.id, { picks })).statusCode).toBe(200);

    // Operation 10: 4 good, 1 scrapped, 2 hours at the assembly centre's current rates (40 labour, 25 overhead).
    const assemble = await openFormTask<Task>(t.app, clerk, workflowId, 'production-operation');
    expect(assemble.payload).toMatchObject({ seq: 10, open: 5 });
    const overReported = await complete(assemble.id, { good: 5, scrap: 1, labourHours: 2 });
    expect(overReported.statusCode).toBe(400);
    expect((await complete(assemble.id, { good: 4, scrap: 1, labourHours: 2 })).statusCode).toBe(200);

    // Operation 20 receives the 4 good; 3 good + 1 scrap backflush 8 bolts each = 32, only 20 there: refused.
    const test1 = await eventually(async () => {
      const task = (await processDetail(workflowId)).tasks.find(
        (candidate) => candidate.status === 'open' && candidate.formKind === 'production-operation',
      );
      return task && task.payload.seq === 20 ? task : undefined;
    });
    expect(test1.payload).toMatchObject({ received: 4, open: 4 });
    expect((await complete(test1.id, { good: 3, scrap: 1, labourHours: 1.5 })).statusCode).toBe(200);
    const reopened = await eventually(async () => {
      const task = (await processDetail(workflowId)).tasks.find(
        (candidate) => candidate.status === 'open' && candidate.formKind === 'production-operation',
      );
      return task && task.id !== test1.id ? task : undefined;
    });
    expect(reopened.payload).toMatchObject({ seq: 20, open: 4 });
    expect(String(reopened.payload.refusal)).toContain(world.sku.bolt);
    await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-NEW', location: BIN_B, quantity: 100, unitCost: 0.2 }]);
    expect((await complete(reopened.id, { good: 3, scrap: 1, labourHours: 1.5 })).statusCode).toBe(200);

    // Completion: the 3 good into stock.
    const completion = await openFormTask<Task>(t.app, clerk, workflowId, 'production-completion');
    expect(completion.payload).toMatchObject({ available: 3 });
    expect((await complete(completion.id, { good: 3, toLocation: BIN_A })).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 120_000);

    const detail = await processDetail(workflowId);
    expect(detail.state?.step).toBe('closed');
    expect(detail.state?.escalated).toBe(true);
    expect(detail.tasks.find((task) => task.id === overdue.id)?.status).not.toBe('open');
    expect(await orderStatus(number)).toBe('closed');
    // Backflush: exactly 8 x (3 + 1) = 32 bolts, FIFO: the 20 old at 0.10, then 12 new at 0.20.
    const backflushed = await rows<{ lot: string; q: string }>(
      `select lot.code as lot, sum(m.quantity) as q from stock_move m join item i on i.id = m.item_id
         left join lot on lot.id = m.lot_id
        where m.document_type = 'production-order' and m.document_ref = ? and i.sku = ? group by lot.code order by 1`,
      [number, world.sku.bolt],
    );
    expect(backflushed.map((row) => [row.lot, num(row.q)])).toEqual([
      ['B-NEW', 12],
      ['B-OLD', 20],
    ]);
    // Cost: material 10 x 2 + 23 x 3 + 5 x 7 + 20 x 0.1 + 12 x 0.2; labour 2 x 40 + 1.5 x 30; overhead 2 x 25.
    expect(detail.state?.cost).toMatchObject({ material: 128.4, labour: 125, overhead: 50 });
    const cost = detail.state?.cost ?? { completed: 0, variance: 0 };
    expect(Math.round((cost.completed + cost.variance) * 100) / 100).toBe(303.4);
    expect(await wip(number)).toEqual({ costs: 0, ledger: 0 });
    expect((await onHand(world.sku.fg, BIN_A)).quantity).toBe(3);
    t.record('closed-with-refused-report', workflowId);
  });

  test('a kit short of a component waits for stock, continues when a purchase receipt lands, and a cancel after the issue returns stock and ledger', async () => {
    const world = await productionWorld(t.orm, 2);
    await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 10, unitCost: 7 }]);
    const { number, workflowId } = await createOrder(world, 2);
    await eventually(async () =>
      (await processDetail(workflowId)).state?.step === 'awaiting-stock' ? true : undefined,
    );
    expect(await orderStatus(number)).toBe('awaiting-stock');
    expect((await processDetail(workflowId)).state?.short).toEqual([{ lineNo: 1, sku: world.sku.c1, short: 13.2 }]);

    // A purchase of C1 arrives and is put away: the receipt wakes the waiting order.
    const purchase = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: 'S-NORD',
        warehouseCode: 'MAIN',
        lines: [{ itemSku: world.sku.c1, quantity: 20, unitCost: 2.5 }],
      },
    });
    expect(purchase.statusCode).toBe(201);
    const receiptFlow = purchase.json<{ workflowId: string }>().workflowId;
    const receipt = await openFormTask<Task>(t.app, clerk, receiptFlow, 'goods-receipt');
    const received = await complete(receipt.id, {
      lines: [{ lineNo: 1, quantity: 20, lotCode: `C1-PO-${world.suffix}` }],
    });
    expect(received.statusCode).toBe(200);
    const putaway = await openFormTask<Task>(t.app, clerk, receiptFlow, 'putaway');
    expect((await complete(putaway.id, { lines: [{ lineNo: 1, toLocation: BIN_B }] })).statusCode).toBe(200);
    await eventually(async () => ((await onHand(world.sku.c1, BIN_B)).quantity === 20 ? true : undefined));
    const before = { sub: await onHand(world.sku.sub, BIN_A) };

    const kit = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
    expect((await complete(kit.id, { picks: kitPicks(kit) })).statusCode).toBe(200);
    await openFormTask<Task>(t.app, clerk, workflowId, 'production-operation');
    expect((await onHand(world.sku.c1, BIN_B)).quantity).toBeCloseTo(6.8, 3);
    // Issued at cost: 13.2 C1 at 2.50 and 2 SUB at 7.00.
    expect((await wip(number)).costs).toBeCloseTo(47, 2);

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/production-orders/${number}/cancel`,
      headers: planner,
      payload: { reason: 'customer withdrew' },
    });
    expect(cancelled.statusCode).toBeLessThan(300);
    await instanceCompleted(t.orm, workflowId, 120_000, 'cancel', 'cancelled');
    const detail = await processDetail(workflowId);
    expect(detail.state).toMatchObject({ step: 'cancelled', cancelReason: 'customer withdrew' });
    expect(detail.tasks.filter((task) => task.status === 'open')).toEqual([]);
    expect(await orderStatus(number)).toBe('cancelled');
    expect(await onHand(world.sku.c1, BIN_B)).toEqual({ quantity: 20, reserved: 0 });
    expect(before.sub).toEqual({ quantity: 10, reserved: 2 });
    expect(await onHand(world.sku.sub, BIN_A)).toEqual({ quantity: 10, reserved: 0 });
    expect(await wip(number)).toEqual({ costs: 0, ledger: 0 });
    await instanceCompleted(t.orm, receiptFlow, 60_000).catch(() => undefined);
    t.record('kit-woken-by-receipt-then-cancelled', workflowId);
    t.record('receipt-wakes-production-order', receiptFlow, 'purchase-receipt');
  });

  test('a cancel while the kit waits for stock withdraws the wait and releases what was reserved', async () => {
    const world = await productionWorld(t.orm, 1);
    await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 4, unitCost: 7 }]);
    const { number, workflowId } = await createOrder(world, 1);
    await eventually(async () =>
      (await processDetail(workflowId)).state?.step === 'awaiting-stock' ? true : undefined,
    );
    expect(await onHand(world.sku.sub, BIN_A)).toEqual({ quantity: 4, reserved: 1 });
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/production-orders/${number}/cancel`,
      headers: planner,
      payload: { reason: 'no longer needed' },
    });
    expect(cancelled.statusCode).toBeLessThan(300);
    await instanceCompleted(t.orm, workflowId, 120_000, 'cancel', 'cancelled');
    expect((await processDetail(workflowId)).state).toMatchObject({
      step: 'cancelled',
      cancelReason: 'no longer needed',
    });
    expect(await orderStatus(number)).toBe('cancelled');
    expect(await onHand(world.sku.sub, BIN_A)).toEqual({ quantity: 4, reserved: 0 });
    expect(await wip(number)).toEqual({ costs: 0, ledger: 0 });
    t.record('cancelled-while-awaiting-stock', workflowId);
  });
});
