import { lockFreeStockOldestFirst, releaseExpiredReservations } from '../../db/repositories/stock-repository';
import { num, query } from '../../db/sql';
import { Client } from '@temporalio/client';
import { lazyTemporalConnection } from '../temporal';
import { findFreePort } from '../../scripts/ports';
import { createTestApp, eventually, intEnv, login, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { BIN_A, productionWorld, receiveLots, type ProductionWorld } from '../../test/support/production-world';
import { stockArrivedSignal } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import {
  cancelProductionOrderSignal,
  type ProductionOrderInput,
  type ProductionOrderState,
} from '../../workflows/production-order/production-order.contract';

jest.setTimeout(300_000);

/*
 * The production order's timers on real Temporal + PostgreSQL: a rescheduled due date moves the overdue escalation,
 * and a kit that waits for stock keeps its reservations past their TTL. Runs kept as replay fixtures.
 */
const t = useTestApp({ histories: 'production-order' });
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

async function createOrder(world: ProductionWorld, quantity: number, dates: { startDate: string; dueDate: string }) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/production-orders',
    headers: { ...planner, 'idempotency-key': `timers-${world.suffix}` },
    payload: { itemSku: world.sku.fg, quantity, warehouseCode: 'MAIN', ...dates },
  });
  expect(response.statusCode).toBe(201);
  const { number } = response.json<{ number: string }>();
  return { number, workflowId: `production-order:${number}` };
}

const patch = (number: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url: `/api/production-orders/${number}`, headers: planner, payload });

const cancel = (number: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/production-orders/${number}/cancel`,
    headers: planner,
    payload: { reason: 'timers test done' },
  });

async function processState(workflowId: string): Promise<ProductionOrderState | null> {
  const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: planner });
  return response.json<{ state: ProductionOrderState | null }>().state;
}

async function awaitingStock(workflowId: string): Promise<void> {
  await eventually(async () => ((await processState(workflowId))?.step === 'awaiting-stock' ? true : undefined));
}

async function taskStatus(taskId: string): Promise<string | undefined> {
  const [row] = await rows<{ status: string }>('select status from human_task where id = ?', [taskId]);
  return row?.status;
}

async function dueDateOf(number: string): Promise<string | undefined> {
  const [row] = await rows<{ due: string }>('select due_date::text as due from production_order where number = ?', [
    number,
  ]);
  return row?.due;
}

/** The workflow's active reservations of an item, with whether their expiry lies more than 13 days ahead. */
async function reservationsOf(workflowId: string, sku: string) {
  const active = await rows<{ id: number; quantity: string; renewed: boolean }>(
    `select r.id, r.quantity, r.expires_at > now() + interval '13 days' as renewed
       from reservation r join item i on i.id = r.item_id
      where r.owner_workflow_id = ? and i.sku = ? and r.state = 'active' order by r.id`,
    [workflowId, sku],
  );
  return active.map((row) => ({ id: num(row.id), quantity: num(row.quantity), renewed: row.renewed }));
}

async function reservedOf(sku: string): Promise<number> {
  const [row] = await rows<{ r: string }>(
    `select coalesce(sum(b.reserved_quantity), 0) as r from stock_balance b join item i on i.id = b.item_id
      where i.sku = ?`,
    [sku],
  );
  return num(row?.r);
}

/** What another order reserving the item would find free, after the expiry path it runs first. */
async function othersView(sku: string): Promise<{ released: number; free: number }> {
  return t.orm.em.fork().transactional(async (em) => {
    const [item] = await query<{ id: number }>(em, 'select id from item where sku = ?', [sku]);
    const released = await releaseExpiredReservations(em, num(item?.id));
    const free = (await lockFreeStockOldestFirst(em, num(item?.id))).reduce((sum, row) => sum + row.free, 0);
    return { released, free };
  });
}

describe('the production order timers on real Temporal + PostgreSQL', () => {
  test('a rescheduled due date moves the escalation: the overdue task is withdrawn for a date ahead and a new one opens when a later date passes', async () => {
    const world = await productionWorld(t.orm, 1);
    // Nothing in stock: the kit waits, so the order stays open while it is rescheduled.
    const { number, workflowId } = await createOrder(world, 1, { startDate: isoDay(-5), dueDate: isoDay(-1) });
    const first = await openFormTask<Task>(t.app, planner, workflowId, 'production-overdue');
    expect(first.id).toBe(`${workflowId}:overdue`);
    expect(first.payload).toMatchObject({ dueDate: isoDay(-1) });
    await awaitingStock(workflowId);

    // Bad dates are refused naming dueDate, and nothing changes.
    for (const dueDate of ['2026-02-30x', 'tomorrow', isoDay(-6)]) {
      const refused = await patch(number, { dueDate });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'dueDate' });
    }
    expect(await dueDateOf(number)).toBe(isoDay(-1));
    expect(await taskStatus(first.id)).toBe('open');

    // Rescheduled ten days ahead: the row changes and the process withdraws the overdue task.
    const ahead = await patch(number, { dueDate: isoDay(10) });
    expect(ahead.statusCode).toBe(200);
    expect(ahead.json()).toMatchObject({ dueDate: isoDay(10) });
    await eventually(async () => ((await taskStatus(first.id)) === 'cancelled' ? true : undefined));
    await eventually(async () => ((await processState(workflowId))?.escalated === false ? true : undefined));
    expect(await taskStatus(`${workflowId}:overdue:2`)).toBeUndefined();

    // Rescheduled to a date that has passed as well: a new overdue task opens for that date.
    expect((await patch(number, { dueDate: isoDay(-2) })).statusCode).toBe(200);
    const second = await openFormTask<Task>(t.app, planner, workflowId, 'production-overdue');
    expect(second.id).toBe(`${workflowId}:overdue:2`);
    expect(second.payload).toMatchObject({ dueDate: isoDay(-2) });
    expect((await processState(workflowId))?.escalated).toBe(true);
    const history = await t.temporal.workflow.getHandle(workflowId).fetchHistory();
    const signals = (history.events ?? []).map((e) => e.workflowExecutionSignaledEventAttributes?.signalName);
    expect(signals.filter((name) => name === 'dueDateChanged')).toHaveLength(2);

    // The order ends: its overdue task is withdrawn, and a cancelled order is not rescheduled.
    expect((await cancel(number)).statusCode).toBe(202);
    await instanceCompleted(t.orm, workflowId, 120_000, 'cancel', 'cancelled');
    expect(await taskStatus(second.id)).toBe('cancelled');
    const closed = await patch(number, { dueDate: isoDay(20) });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error).toMatchObject({ code: 'PRODUCTION_ORDER_CLOSED' });
    expect(await dueDateOf(number)).toBe(isoDay(-2));
    t.record('due-date-rescheduled-then-cancelled', workflowId);
  });

  test('a due date the process cannot be told of (Temporal unreachable) is refused with 503 and changes nothing', async () => {
    const world = await productionWorld(t.orm, 1);
    const { number, workflowId } = await createOrder(world, 1, { startDate: isoDay(0), dueDate: isoDay(7) });
    await awaitingStock(workflowId);
    // The same API and database, its Temporal client pointed where nothing listens (no outbox relay meanwhile).
    const down = await createTestApp({
      temporal: new Client({
        connection: lazyTemporalConnection({ address: `127.0.0.1:${await findFreePort()}` }),
        namespace: intEnv().namespace,
      }),
      outboxRelayMs: 3_600_000,
    });
    try {
      const headers = await login(down.app, 'planner');
      const refused = await down.app.inject({
        method: 'PATCH',
        url: `/api/production-orders/${number}`,
        headers,
        payload: { dueDate: isoDay(9), note: 'not stored' },
      });
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    } finally {
      await down.close();
    }
    expect(await dueDateOf(number)).toBe(isoDay(7));
    const [row] = await rows<{ note: string | null }>('select note from production_order where number = ?', [number]);
    expect(row?.note).toBeNull();
    expect((await cancel(number)).statusCode).toBe(202);
    await instanceCompleted(t.orm, workflowId, 120_000, 'cancel', 'cancelled');
  });

  test('a kit waiting for stock keeps its reservation past the TTL (renewed each round), and re-takes one the expiry path released', async () => {
    const world = await productionWorld(t.orm, 1);
    await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 4, unitCost: 7 }]);
    const { number, workflowId } = await createOrder(world, 1, { startDate: isoDay(0), dueDate: isoDay(30) });
    await awaitingStock(workflowId);
    const [held] = await reservationsOf(workflowId, world.sku.sub);
    expect(held).toMatchObject({ quantity: 1, renewed: true });
    const wake = () =>
      t.temporal.workflow.getHandle(workflowId).signal(stockArrivedSignal, { itemSkus: [world.sku.c1] });

    // Fourteen days on, still waiting for C1: the SUB reservation has expired. The next round renews it.
    await rows(`update reservation set expires_at = now() - interval '1 minute' where id = ?`, [held?.id]);
    await wake();
    await eventually(
      async () => {
        const [renewed] = await reservationsOf(workflowId, world.sku.sub);
        return renewed?.id === held?.id && renewed?.renewed ? true : undefined;
      },
      60_000,
      'the renewed SUB reservation',
    );
    // Another order's reserve releases expired reservations first: ours is not among them, 3 of 4 are free.
    expect(await othersView(world.sku.sub)).toEqual({ released: 0, free: 3 });
    expect(await reservedOf(world.sku.sub)).toBe(1);

    // Had the expiry path released it before the round, the order takes the free stock again.
    await rows(`update reservation set expires_at = now() - interval '1 minute' where id = ?`, [held?.id]);
    expect(await othersView(world.sku.sub)).toEqual({ released: 1, free: 4 });
    await wake();
    const [retaken] = await eventually(
      async () => {
        const active = await reservationsOf(workflowId, world.sku.sub);
        return active.length > 0 ? active : undefined;
      },
      60_000,
      'the SUB reservation taken again',
    );
    expect(retaken).toMatchObject({ quantity: 1, renewed: true });
    expect(retaken?.id).not.toBe(held?.id);
    expect(await othersView(world.sku.sub)).toEqual({ released: 0, free: 3 });
    expect((await processState(workflowId))?.step).toBe('awaiting-stock');

    expect((await cancel(number)).statusCode).toBe(202);
    await instanceCompleted(t.orm, workflowId, 120_000, 'cancel', 'cancelled');
    expect(await reservedOf(world.sku.sub)).toBe(0);
  });

  test('a kit pick task that waits keeps the kit reserved: its reservations are renewed while the task is open', async () => {
    const world = await productionWorld(t.orm, 1);
    await receiveLots(t.orm, world.sku.c1, [{ lot: 'C1-1', location: BIN_A, quantity: 10, unitCost: 2 }]);
    await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 4, unitCost: 7 }]);
    // Started directly, to renew every 3 seconds instead of every 6 hours.
    const input: ProductionOrderInput = {
      orderNumber: world.orderNumber,
      taskSlaMinutes: 480,
      requestedBy: 'planner',
      reservationRenewMinutes: 0.05,
    };
    const { workflowId } = world;
    const handle = await t.temporal.workflow.start('productionOrder', {
      taskQueue: intEnv().taskQueue,
      workflowId,
      args: [input],
    });
    await eventually(
      async () => {
        const [task] = await rows<{ id: string }>(
          `select id from human_task where workflow_id = ? and form_kind = 'production-kit-pick' and status = 'open'`,
          [workflowId],
        );
        return task;
      },
      60_000,
      'the kit pick task',
    );
    // The clerk has not picked for fourteen days: every reservation of the kit has expired; the wait renews them.
    await rows(`update reservation set expires_at = now() - interval '1 minute' where owner_workflow_id = ?`, [
      workflowId,
    ]);
    await eventually(
      async () => {
        const kit = [
          ...(await reservationsOf(workflowId, world.sku.c1)),
          ...(await reservationsOf(workflowId, world.sku.sub)),
        ];
        return kit.length === 2 && kit.every((reservation) => reservation.renewed) ? kit : undefined;
      },
      60_000,
      'the renewed kit reservations',
    );
    expect(await othersView(world.sku.sub)).toEqual({ released: 0, free: 3 });
    expect(await othersView(world.sku.c1)).toEqual({ released: 0, free: 3.4 });

    await handle.signal(cancelProductionOrderSignal, { reason: 'timers test done', by: 'tester' });
    expect((await handle.result()).step).toBe('cancelled');
    expect(await reservedOf(world.sku.sub)).toBe(0);
    t.record('kit-pick-renewed-then-cancelled', workflowId);
  });
});
