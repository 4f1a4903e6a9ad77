import { createMergedIssueActivities } from '../../activities/production/merged-issue-activities';
import { num } from '../../db/sql';
import { eventually, intEnv, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { BIN_A, BIN_B, productionWorld, receiveLots, type ProductionWorld } from '../../test/support/production-world';
import { BATCH, mergedIssueDriver, type Task } from '../../test/support/merged-issue-driver';
import type { MergedIssueState, MergedPickLine } from '../../workflows/merged-issue/merged-issue.contract';
import type { ProductionOrderInput } from '../../workflows/production-order/production-order.contract';

jest.setTimeout(300_000);

/** Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'merged-issue' });

const {
  clerk,
  planner,
  rows,
  complete,
  orderState,
  wip,
  issuedLots,
  onHand,
  publishMergedRule,
  joined,
  kitPicks,
  asShown,
  retire,
  pickNow,
} = mergedIssueDriver(t);

describe('a merged issue on real Temporal + PostgreSQL', () => {
  test('an order waiting in a gathering batch keeps its merged reservation (renewed), and a cancel withdraws it: the batch ends empty', async () => {
    const world = await productionWorld(t.orm, 1);
    const ruleVersion = await publishMergedRule(world);
    try {
      await renewedThenWithdrawn(world);
    } finally {
      await retire(ruleVersion);
    }
  });

  test('an order cancelled while the batch picks is withdrawn (its share not issued); one joining meanwhile waits for the next batch', async () => {
    const world = await productionWorld(t.orm, 1);
    const ruleVersion = await publishMergedRule(world);
    try {
      await withdrawRun(world);
    } finally {
      await retire(ruleVersion);
    }
  });

  test('three orders merged into one pick task, distributed per order at FIFO cost, each then at its operations; a retried distribution posts nothing twice', async () => {
    const world = await productionWorld(t.orm, 1);
    const ruleVersion = await publishMergedRule(world);
    try {
      await mergedRun(world);
    } finally {
      await retire(ruleVersion);
    }
  });
});

async function mergedRun(world: ProductionWorld): Promise<void> {
  await receiveLots(t.orm, world.sku.c1, [
    { lot: 'C1-OLD', location: BIN_A, quantity: 10, unitCost: 2 },
    { lot: 'C1-NEW', location: BIN_B, quantity: 100, unitCost: 3 },
  ]);
  await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 10, unitCost: 7 }]);
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/merged-issues/MAIN/pick-now', headers: planner })).statusCode,
  ).toBe(404);

  // One after the other, so each reserves FIFO after the one before: C1 needs 6.6 per FG (3 x 2 x 1.1).
  const orders = [];
  for (const [quantity, dueDate] of [
    [1, '2099-12-20'],
    [2, '2099-12-10'],
    [3, '2099-12-30'],
  ] as const) {
    orders.push(await joined(world, quantity, dueDate));
  }
  const [a, b, c] = orders as [(typeof orders)[0], (typeof orders)[0], (typeof orders)[0]];
  const [note] = await rows<{ n: string }>(
    `select count(*) as n from production_order_component pc join production_order o on o.id = pc.production_order_id
        where o.number in (?, ?, ?) and pc.issue_mode = 'merged' and pc.issue_note is null`,
    [a.number, b.number, c.number],
  );
  expect(num(note?.n)).toBe(3);

  const now = await t.app.inject({ method: 'POST', url: '/api/merged-issues/MAIN/pick-now', headers: planner });
  expect(now.statusCode).toBe(202);
  const batchId = now.json<{ batchId: string }>().batchId;
  const pick = await openFormTask<Task>(t.app, clerk, BATCH, 'production-merged-pick');
  const [open] = await rows<{ n: string }>(
    `select count(*) as n from human_task where task_type = 'production-merged-pick' and status = 'open'`,
  );
  expect(num(open?.n)).toBe(1);
  // Per bin and lot the total, and each order's share in due-date order (b, a, c); BIN_B sorts before BIN_A.
  const lines = pick.payload.lines as MergedPickLine[];
  expect(lines.map((line) => [line.lotCode, line.total, line.shares.map((s) => [s.orderNumber, s.quantity])])).toEqual([
    [
      'C1-NEW',
      29.6,
      [
        [b.number, 9.8],
        [c.number, 19.8],
      ],
    ],
    [
      'C1-OLD',
      10,
      [
        [b.number, 3.4],
        [a.number, 6.6],
      ],
    ],
  ]);
  await eventually(async () => ((await orderState(a.workflowId))?.merged?.status === 'picking' ? true : undefined));

  const picks = lines.flatMap((line) =>
    line.shares.map((share) => ({ ...share, location: line.location, lotCode: line.lotCode })),
  );
  const short = await complete(pick.id, { picks: picks.map((p, i) => (i === 0 ? { ...p, quantity: 1 } : p)) });
  expect(short.statusCode).toBe(400);
  expect(short.body).toContain('exactly');
  expect((await complete(pick.id, { picks })).statusCode).toBe(200);

  // Each order at its operations, with its own issue: C1 at FIFO cost plus its SUB at 7.
  for (const order of orders) await openFormTask(t.app, clerk, order.workflowId, 'production-operation', 120_000);
  // Lots as reserved; cost from the item's FIFO layers (10 at 2, then at 3) in the batch's due-date order b, a, c:
  // b 10 x 2 + 3.2 x 3 = 29.6, a 6.6 x 3 = 19.8, c 19.8 x 3 = 59.4; each plus its SUB at 7.
  expect(await issuedLots(a.number, world.sku.c1)).toEqual({ lots: [['C1-OLD', 6.6]], issued: [6.6, 19.8] });
  expect(await issuedLots(b.number, world.sku.c1)).toEqual({
    lots: [
      ['C1-NEW', 9.8],
      ['C1-OLD', 3.4],
    ],
    issued: [13.2, 29.6],
  });
  expect(await issuedLots(c.number, world.sku.c1)).toEqual({ lots: [['C1-NEW', 19.8]], issued: [19.8, 59.4] });
  expect(await wip(a.number)).toEqual({ costs: 26.8, ledger: 26.8 });
  expect(await wip(b.number)).toEqual({ costs: 43.6, ledger: 43.6 });
  expect(await wip(c.number)).toEqual({ costs: 80.4, ledger: 80.4 });
  expect(await onHand(world.sku.c1, BIN_A)).toEqual({ quantity: 0, reserved: 0 });
  expect(await onHand(world.sku.c1, BIN_B)).toEqual({ quantity: 70.4, reserved: 0 });
  const state = await orderState(b.workflowId);
  expect(state?.merged).toMatchObject({ batchId, status: 'issued' });
  expect(state?.cost.material).toBe(43.6);
  const batch = await t.app.inject({ method: 'GET', url: '/api/merged-issues/MAIN', headers: planner });
  expect(batch.json<MergedIssueState>()).toMatchObject({ batchId, status: 'issued' });
  expect(batch.json<MergedIssueState>().orders.map((o) => o.status)).toEqual(['issued', 'issued', 'issued']);

  // The distribution retried (a worker that died before Temporal heard of it): the stored result, nothing posted.
  const moves = `select count(*) as n from stock_move where document_type = 'production-order' and document_ref in (?, ?, ?)`;
  const [before] = await rows<{ n: string }>(moves, [a.number, b.number, c.number]);
  const again = await createMergedIssueActivities({ orm: t.orm }).issueMergedShare({
    batchId,
    orderNumber: b.number,
    workflowId: b.workflowId,
    picks: picks.filter((p) => p.orderNumber === b.number),
    userName: 'clerk',
  });
  expect(again.cost.material).toBe(43.6);
  const [after] = await rows<{ n: string }>(moves, [a.number, b.number, c.number]);
  expect(num(after?.n)).toBe(num(before?.n));
  expect(await wip(b.number)).toEqual({ costs: 43.6, ledger: 43.6 });

  // Winding down: the cancels give the material back.
  for (const order of orders) {
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/production-orders/${order.number}/cancel`,
      headers: planner,
      payload: { reason: 'merged test done' },
    });
    expect(cancelled.statusCode).toBe(202);
  }
  for (const order of orders) await instanceCompleted(t.orm, order.workflowId, 120_000, 'cancel', 'cancelled');
  expect(await onHand(world.sku.c1, BIN_B)).toEqual({ quantity: 100, reserved: 0 });
  t.record('three-orders-one-pick', BATCH);
  t.record('merged-issue-then-cancelled', b.workflowId, 'production-order');
}

async function withdrawRun(world: ProductionWorld): Promise<void> {
  await receiveLots(t.orm, world.sku.c1, [{ lot: 'C1-W', location: BIN_B, quantity: 100, unitCost: 3 }]);
  await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 10, unitCost: 7 }]);
  const x = await joined(world, 1, '2099-11-01');
  const y = await joined(world, 1, '2099-11-02');
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/merged-issues/MAIN/pick-now', headers: planner })).statusCode,
  ).toBe(202);
  const pick = await openFormTask<Task>(t.app, clerk, BATCH, 'production-merged-pick');
  // Picking: y is cancelled (it leaves the batch), z joins (it waits for the next batch).
  const cancelled = await t.app.inject({
    method: 'POST',
    url: `/api/production-orders/${y.number}/cancel`,
    headers: planner,
    payload: { reason: 'no longer needed' },
  });
  expect(cancelled.statusCode).toBe(202);
  await instanceCompleted(t.orm, y.workflowId, 120_000, 'cancel', 'cancelled');
  expect((await orderState(y.workflowId))?.merged?.status).toBe('withdrawn');
  const z = await joined(world, 1, '2099-11-03');
  const batch = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/merged-issues/MAIN', headers: planner })).json<MergedIssueState>();
  const picking = await eventually(async () => ((await batch()).waiting.includes(z.number) ? batch() : undefined));
  expect(picking.status).toBe('picking');
  expect(picking.orders.map((o) => [o.orderNumber, o.status])).toEqual([
    [x.number, 'joined'],
    [y.number, 'withdrawn'],
  ]);
  // The clerk confirms the task as shown (y's share included): y's share is not issued.
  expect((await complete(pick.id, { picks: asShown(pick) })).statusCode).toBe(200);
  await openFormTask(t.app, clerk, x.workflowId, 'production-operation', 120_000);
  expect(await issuedLots(x.number, world.sku.c1)).toEqual({ lots: [['C1-W', 6.6]], issued: [6.6, 19.8] });
  expect(await issuedLots(y.number, world.sku.c1)).toEqual({ lots: [], issued: [0, 0] });
  expect(await wip(y.number)).toEqual({ costs: 0, ledger: 0 });

  // The next batch (continued as new) holds z alone.
  const next = await eventually(async () => {
    const current = await batch();
    return current.status === 'gathering' && current.orders.some((o) => o.orderNumber === z.number)
      ? current
      : undefined;
  });
  expect(next.batchId).not.toBe(picking.batchId);
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/merged-issues/MAIN/pick-now', headers: planner })).statusCode,
  ).toBe(202);
  const second = await eventually(async () => {
    const task = await openFormTask<Task>(t.app, clerk, BATCH, 'production-merged-pick');
    return task.id === pick.id ? undefined : task;
  });
  expect((second.payload.lines as MergedPickLine[]).flatMap((l) => l.shares.map((s) => s.orderNumber))).toEqual([
    z.number,
  ]);
  expect((await complete(second.id, { picks: asShown(second) })).statusCode).toBe(200);
  await openFormTask(t.app, clerk, z.workflowId, 'production-operation', 120_000);
  expect(await wip(z.number)).toEqual({ costs: 26.8, ledger: 26.8 });
  expect(await onHand(world.sku.c1, BIN_B)).toEqual({ quantity: 86.8, reserved: 0 });
  t.record('merged-withdrawn-while-picking', y.workflowId, 'production-order');
}

async function renewedThenWithdrawn(world: ProductionWorld): Promise<void> {
  await receiveLots(t.orm, world.sku.c1, [{ lot: 'C1-R', location: BIN_B, quantity: 20, unitCost: 3 }]);
  await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 4, unitCost: 7 }]);
  // Started directly, to renew every 3 seconds instead of every 6 hours.
  const input: ProductionOrderInput = {
    orderNumber: world.orderNumber,
    taskSlaMinutes: 480,
    requestedBy: 'planner',
    reservationRenewMinutes: 0.05,
  };
  await t.temporal.workflow.start('productionOrder', {
    taskQueue: intEnv().taskQueue,
    workflowId: world.workflowId,
    args: [input],
  });
  const kit = await openFormTask<Task>(t.app, clerk, world.workflowId, 'production-kit-pick');
  expect((await complete(kit.id, { picks: kitPicks(kit) })).statusCode).toBe(200);
  await eventually(async () => ((await orderState(world.workflowId))?.step === 'merged-issue' ? true : undefined));
  // Fourteen days in the batch: the C1 reservation has expired; the wait renews it.
  const c1 = `select r.expires_at > now() + interval '13 days' as renewed from reservation r join item i on i.id = r.item_id
               where r.owner_workflow_id = ? and i.sku = ? and r.state = 'active'`;
  await rows(
    `update reservation set expires_at = now() - interval '1 minute' where owner_workflow_id = ? and state = 'active'`,
    [world.workflowId],
  );
  await eventually(async () => {
    const [held] = await rows<{ renewed: boolean }>(c1, [world.workflowId, world.sku.c1]);
    return held?.renewed ? true : undefined;
  });
  expect(await onHand(world.sku.c1, BIN_B)).toEqual({ quantity: 20, reserved: 6.6 });

  const cancelled = await t.app.inject({
    method: 'POST',
    url: `/api/production-orders/${world.orderNumber}/cancel`,
    headers: planner,
    payload: { reason: 'not this week' },
  });
  expect(cancelled.statusCode).toBe(202);
  await instanceCompleted(t.orm, world.workflowId, 120_000, 'cancel', 'cancelled');
  expect((await orderState(world.workflowId))?.merged?.status).toBe('withdrawn');
  expect(await onHand(world.sku.c1, BIN_B)).toEqual({ quantity: 20, reserved: 0 });
  // Its only order gone, the batch ends without a pick task; pick-now finds nothing gathering.
  await eventually(async () => {
    const state = (
      await t.app.inject({ method: 'GET', url: '/api/merged-issues/MAIN', headers: planner })
    ).json<MergedIssueState>();
    return state.status === 'issued' ? state : undefined;
  });
  expect(await pickNow()).toBe(404);
  t.record('merged-renewed-then-withdrawn', world.workflowId, 'production-order');
}
