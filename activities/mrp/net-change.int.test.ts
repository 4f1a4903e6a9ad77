import { derivedPeggingOfRun } from '../../db/planning/derived-pegging';
import { MrpItemPlan, MrpPendingChange, MrpPlannedOrder, MrpRun } from '../../db/entities';
import { readEffectiveBoms } from '../../db/planning/effective-boms';
import { readDemandsAndSupplies, readMrpSnapshot } from '../../db/planning/mrp-snapshot';
import {
  consumeChanges,
  queueNetChangeForRun,
  recordPlanningChange,
  visiblePendingChangeIds,
} from '../../db/planning/planning-changes';
import { num, query } from '../../db/sql';
import { compactRows, planMrp, type MrpInput, type PlanningItem } from '../../rules/mrp';
import { createActivities } from '..';
import { queueMrpRun } from '../../db/planning/mrp-run-repository';
import { createEngineCache } from '../../rules/engine';
import { countRows, eventually, intEnv, useTestApp } from '../../test/support/int-env';
import { productionWorld, type ProductionWorld } from '../../test/support/production-world';
import { calculateRunPlan, type RunSnapshot } from './calculate-plan';
import { supersedeOlderRuns } from './apply-review';
import { applyNetChange } from './net-change';
import { snapshotMrpRun } from './open-run';

jest.setTimeout(300_000);

// Declared before the app's own clean-up, so it runs while the database is still open.
afterAll(async () => {
  // No live plan is left behind for other files' orders to re-plan.
  if (runId !== undefined) await t.orm.em.fork().nativeUpdate(MrpRun, { id: runId }, { status: 'superseded' });
});

/** Finished net changes are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'mrp-net-change' });
const clerk = t.headers('clerk');
const planner = t.headers('planner');
const DAY_MS = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10);

/*
 * Two production worlds (FG = 2 PH (phantom: 3 C1 + 2 BOLT) + SUB + 4 BOLT; SUB = 5 C2) and a kit made of world A's
 * C2: an order for A's FG re-plans FG, SUB, C1, C2 and BOLT (C2 still carries the kit's demand, an unaffected
 * parent's); the kit and world B stay as they were.
 */
let a: ProductionWorld;
let b: ProductionWorld;
let kit: string;
let skus: string[];
let runId: number | undefined;
let purchaseOrder: { number: string; workflowId: string };

/** Places an order wanted in 20 days through the API (its change is recorded with it). */
async function place(lines: Array<{ itemSku: string; quantity: number }>) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: clerk,
    payload: { customerCode: 'C-BOLT', requestedDate: inDays(20), lines },
  });
  if (response.statusCode !== 201) throw new Error(`order: ${response.statusCode} ${response.body}`);
  return response.json<{ orderNumber: string; workflowId: string }>();
}

/** The world's planning items: every item made or bought, lead time 1 day, lot-for-lot. */
async function planningItems(): Promise<PlanningItem[]> {
  const rows = await query<{ sku: string; supply_type: string; lead_time_days: number }>(
    t.orm.em.fork(),
    'select sku, supply_type, lead_time_days from item where sku in (?) order by sku',
    [skus],
  );
  return rows.map((r) => ({
    sku: r.sku,
    source: r.supply_type as PlanningItem['source'],
    leadTimeDays: num(r.lead_time_days),
    safetyStock: 0,
    lotSize: { kind: 'lot-for-lot' },
  }));
}

/** A regenerative run's inputs over the test's items as the database holds them now. */
async function regenerativeInput(): Promise<RunSnapshot> {
  const em = t.orm.em.fork();
  const boms = await readEffectiveBoms(em, today, skus);
  return { items: await planningItems(), boms, ...(await readDemandsAndSupplies(em, today, skus)) };
}

function inputOf(snapshot: RunSnapshot): MrpInput {
  const boms = new Map(snapshot.boms.map((bom) => [bom.parentSku, bom]));
  return {
    buckets: { size: 'day', start: today, count: 40 },
    items: snapshot.items,
    bom: (sku) => boms.get(sku),
    demands: snapshot.demands,
    supplies: snapshot.supplies,
  };
}

/**
 * The stored plan of the test's items: grids and planned orders by sku, with their change marks, and the pegging a
 * read derives from what is stored.
 */
async function storedPlan() {
  const em = t.orm.em.fork();
  const grids = await em.find(MrpItemPlan, { run: runId }, { populate: ['item'] });
  const orders = await em.find(MrpPlannedOrder, { run: runId }, { populate: ['item'], orderBy: { plannedRef: 'asc' } });
  const pegging = await derivedPeggingOfRun(
    em,
    runId ?? 0,
    grids.map((grid) => grid.item.sku),
  );
  const bySku = new Map<string, { rows: unknown; supplies: unknown; reason: string | null; orders: unknown[] }>();
  for (const grid of grids) {
    const supplies = grid.supplies ?? pegging.get(grid.item.sku)?.supplies;
    bySku.set(grid.item.sku, { rows: grid.rows, supplies, reason: grid.changeReason, orders: [] });
  }
  for (const order of orders) {
    bySku.get(order.item.sku)?.orders.push({
      ref: order.plannedRef,
      quantity: Number(order.quantity),
      receiptDate: order.receiptDate,
      releaseDate: order.releaseDate,
      pegs: order.pegs ?? pegging.get(order.item.sku)?.orders.get(order.plannedRef),
      reason: order.changeReason,
    });
  }
  return bySku;
}

/** What a regenerative run over the same inputs gives for `only`, in the stored plan's shape (marks left out). */
function regenerative(input: MrpInput, only: string[]) {
  const plan = planMrp(input);
  const suppliesOf = (sku: string) => plan.supplies.filter((s) => s.sku === sku);
  return new Map(
    only.map((sku) => [
      sku,
      {
        // As the plan stores a grid: its zero rows and figures left out.
        rows: compactRows(plan.items.find((i) => i.sku === sku)?.rows ?? []),
        supplies: suppliesOf(sku),
        orders: plan.plannedOrders
          .filter((o) => o.sku === sku)
          .sort((x, y) => x.id.localeCompare(y.id))
          .map((o) => ({
            ref: o.id,
            quantity: o.quantity,
            receiptDate: o.receiptDate,
            releaseDate: o.releaseDate,
            pegs: o.pegs,
          })),
      },
    ]),
  );
}

const withoutMarks = (plan: Awaited<ReturnType<typeof storedPlan>>, only: string[]) =>
  new Map(
    only.map((sku) => {
      const stored = plan.get(sku);
      const orders = (stored?.orders ?? []).map((o) => omitReason(o as { reason: string | null }));
      return [sku, { rows: stored?.rows, supplies: stored?.supplies, orders }];
    }),
  );

function omitReason(order: { reason: string | null }): object {
  const copy: Record<string, unknown> = { ...order };
  delete copy.reason;
  return copy;
}

async function consumedBy(documentRef: string): Promise<void> {
  await eventually(
    async () => {
      const left = await countRows(
        t.orm,
        'select count(*) as n from mrp_pending_change where document_ref = ? and consumed_by_run_id is null',
        [documentRef],
      );
      const done = await countRows(
        t.orm,
        'select count(*) as n from mrp_pending_change where document_ref = ? and consumed_by_run_id = ?',
        [documentRef, runId],
      );
      return left === 0 && done > 0 ? true : undefined;
    },
    60_000,
    `the changes of ${documentRef} applied to run ${runId}`,
  );
}

beforeAll(async () => {
  a = await productionWorld(t.orm, 1);
  b = await productionWorld(t.orm, 1);
  kit = `NCKIT-${a.suffix}`;
  const em = t.orm.em.fork();
  await query(
    em,
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, 'Net change kit', 'pcs', 'test', false, 1, 'make', false, 'fifo', false, 10, now())`,
    [kit],
  );
  const [bom] = await query<{ id: number }>(
    em,
    `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
     select id, 1, ?, false, 'tester', now() from item where sku = ? returning id`,
    [inDays(-30), kit],
  );
  await query(
    em,
    `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
     select ?, 1, id, 2, 0 from item where sku = ?`,
    [bom?.id, a.sku.c2],
  );
  skus = [...Object.values(a.sku), ...Object.values(b.sku), kit];
  purchaseOrder = await insertPurchaseOrder(a.sku.c1, 10, inDays(10));
  await place([{ itemSku: kit, quantity: 3 }]);
  await place([{ itemSku: b.sku.fg, quantity: 2 }]);
  // The live plan: a regenerative run over the test's items, in review; it read every change recorded so far.
  const run = Object.assign(new MrpRun(), {
    asOf: today,
    bucketSize: 'day' as const,
    bucketCount: 40,
    snapshot: (await regenerativeInput()) as unknown as Record<string, unknown>,
    status: 'calculating' as const,
    createdBy: 'planner',
  });
  await t.orm.em.fork().persist(run).flush();
  const id = run.id;
  runId = id;
  await t.orm.em.fork().transactional(async (tx) => consumeChanges(tx, id, await visiblePendingChangeIds(tx)));
  await calculateRunPlan(() => t.orm.em.fork(), id);
});

async function insertPurchaseOrder(sku: string, quantity: number, due: string) {
  const workflowId = `net-change-test:${a.suffix}`;
  const number = `PO-NC${a.suffix}`;
  await t.orm.em.fork().transactional(async (em) => {
    const [order] = await query<{ id: number }>(
      em,
      `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at,
                                   updated_at)
       select ?, (select id from supplier where code = 'S-NORD'), (select id from warehouse where code = 'EAST'),
              'open', ?, 'test', now(), now() returning id`,
      [number, workflowId],
    );
    await query(
      em,
      `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost, due_date)
       select ?, 1, id, ?, 2.5, ? from item where sku = ?`,
      [order?.id, quantity, due, sku],
    );
  });
  return { number, workflowId };
}

describe('MRP net change', () => {
  const affected = () => [a.sku.fg, a.sku.sub, a.sku.c1, a.sku.c2, a.sku.bolt].sort();
  const unaffected = () => skus.filter((sku) => !affected().includes(sku) && sku !== a.sku.ph && sku !== b.sku.ph);

  test('the restricted readers read what the regenerative snapshot reads for those items', async () => {
    const whole = await readMrpSnapshot(t.orm.em.fork(), today);
    const mine = (list: Array<{ sku: string; ref: string }>) =>
      list.filter((x) => skus.includes(x.sku)).sort((x, y) => `${x.sku}${x.ref}`.localeCompare(`${y.sku}${y.ref}`));
    const restricted = await readDemandsAndSupplies(t.orm.em.fork(), today, skus);
    expect(mine(restricted.demands)).toEqual(mine(whole.demands));
    expect(mine(restricted.supplies)).toEqual(mine(whole.supplies));
    expect(restricted.demands.length).toBeGreaterThan(0);
  });

  test('a new order re-plans only the affected items, marked with its reason, as a regenerative run would', async () => {
    const before = await storedPlan();
    const { orderNumber } = await place([{ itemSku: a.sku.fg, quantity: 5 }]);
    await consumedBy(orderNumber);
    const [first] = await query<{ id: number }>(
      t.orm.em.fork(),
      'select min(id) as id from mrp_pending_change where document_ref = ?',
      [orderNumber],
    );
    const workflowId = `mrp-net-change:${num(first?.id)}`;
    await eventually(
      async () =>
        (await countRows(t.orm, `select count(*) as n from process_instance where workflow_id = ? and status = ?`, [
          workflowId,
          'completed',
        ])) > 0 || undefined,
      60_000,
      `${workflowId} completed`,
    );
    t.record('order-placed', workflowId);
    const after = await storedPlan();
    for (const sku of unaffected()) expect({ sku, plan: after.get(sku) }).toEqual({ sku, plan: before.get(sku) });
    const reason = `sales order ${orderNumber} placed`;
    for (const sku of affected()) expect({ sku, reason: after.get(sku)?.reason }).toEqual({ sku, reason });
    expect(after.get(a.sku.fg)?.orders).toEqual([expect.objectContaining({ quantity: 5, reason })]);
    expect(after.get(a.sku.c2)?.orders.length).toBeGreaterThan(0);
    const fresh = regenerative(inputOf(await regenerativeInput()), affected());
    expect(withoutMarks(after, affected())).toEqual(fresh);
    const grid = await t.app.inject({
      method: 'GET',
      url: `/api/mrp-runs/${runId}/items/${a.sku.fg}`,
      headers: planner,
    });
    expect(grid.json()).toMatchObject({ changeReason: reason, plannedOrders: [{ changeReason: reason }] });
    const untouched = await t.app.inject({
      method: 'GET',
      url: `/api/mrp-runs/${runId}/items/${kit}`,
      headers: planner,
    });
    expect(untouched.json()).toMatchObject({ changeReason: null, changedAt: null });
    const read = await t.app.inject({ method: 'GET', url: `/api/mrp-runs/${runId}?sku=${a.sku.fg}`, headers: planner });
    expect(read.json<{ plannedOrders: unknown[] }>().plannedOrders).toEqual([
      expect.objectContaining({ sku: a.sku.fg, changeReason: reason }),
    ]);
    const run = await t.orm.em.fork().findOneOrFail(MrpRun, runId!);
    expect(run.summary).toMatchObject({
      plannedOrders: await countRows(t.orm, 'select count(*) as n from mrp_planned_order where run_id = ?', [runId]),
    });

    // Cancelled: every item plans as it did before the order (only the marks say net change was here).
    await t.app.inject({
      method: 'POST',
      url: `/api/orders/${orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'customer withdrew' },
    });
    await eventually(
      async () =>
        (await countRows(t.orm, `select count(*) as n from mrp_pending_change where reason = ?`, [
          `sales order ${orderNumber} cancelled`,
        ])) > 0 || undefined,
      60_000,
      'the cancellation recorded',
    );
    await consumedBy(orderNumber);
    const back = await storedPlan();
    for (const sku of skus.filter((s) => before.has(s))) {
      expect({ sku, rows: back.get(sku)?.rows, supplies: back.get(sku)?.supplies }).toEqual({
        sku,
        rows: before.get(sku)?.rows,
        supplies: before.get(sku)?.supplies,
      });
    }
    expect(withoutMarks(back, skus)).toEqual(withoutMarks(before, skus));
  });

  test('a receipt re-plans its item; applying again finds nothing pending', async () => {
    const activities = createActivities({ orm: t.orm });
    await activities.receivePurchaseOrder({
      workflowId: purchaseOrder.workflowId,
      orderNumber: purchaseOrder.number,
      lines: [{ lineNo: 1, quantity: 10, lotCode: `NC-${a.suffix}` }],
      userName: 'clerk',
    });
    const pending = await t.orm.em.fork().find(MrpPendingChange, { documentRef: purchaseOrder.number });
    expect(pending.map((c) => c.reason)).toEqual([`receipt on ${purchaseOrder.number}`]);
    // The start is queued with the change (the document's own process runs elsewhere in this test: applied here).
    expect(
      await countRows(t.orm, 'select count(*) as n from process_start_outbox where workflow_id = ?', [
        `mrp-net-change:${pending[0]!.id}`,
      ]),
    ).toBe(1);
    const applied = await applyNetChange(t.orm.em);
    expect(applied).toMatchObject({ runId, changes: 1 });
    const after = await storedPlan();
    expect(after.get(a.sku.c1)?.reason).toBe(`receipt on ${purchaseOrder.number}`);
    expect(after.get(a.sku.c1)?.supplies).toEqual([expect.objectContaining({ kind: 'on-hand' })]);
    const fresh = regenerative(inputOf(await regenerativeInput()), [a.sku.c1]);
    expect(withoutMarks(after, [a.sku.c1])).toEqual(fresh);
    expect(await applyNetChange(t.orm.em)).toEqual({ runId, items: 0, changes: 0 });
    // Net change reads the run's items and BOMs only; the recorded inputs stay as the run read them.
    const recorded = (await t.orm.em.fork().findOneOrFail(MrpRun, runId!)).snapshot as unknown as RunSnapshot;
    expect(recorded.items).toHaveLength(skus.length);
    expect(recorded.demands.length).toBeGreaterThan(0);
  });

  test('while a newer run calculates, changes wait for it, and it queues their net change on reaching review', async () => {
    const em = t.orm.em.fork();
    const newer = Object.assign(new MrpRun(), {
      asOf: today,
      bucketSize: 'day' as const,
      bucketCount: 40,
      status: 'calculating' as const,
      createdBy: 'planner',
    });
    await em.persist(newer).flush();
    try {
      const [kitRow] = await query<{ id: number }>(em, 'select id from item where sku = ?', [kit]);
      await t.orm.em.fork().transactional((tx) =>
        recordPlanningChange(tx, {
          itemIds: [num(kitRow?.id)],
          reason: `test change ${a.suffix}`,
          documentRef: `T-${a.suffix}`,
          requestedBy: 'tester',
          taskQueue: 'nobody-polls-this-queue',
        }),
      );
      expect(await applyNetChange(t.orm.em)).toEqual({ runId: null, items: 0, changes: 0 });
      const queued = await t.orm.em
        .fork()
        .transactional((tx) =>
          queueNetChangeForRun(tx, newer.id, { requestedBy: 'tester', taskQueue: 'nobody-polls-this-queue' }),
        );
      expect(queued).toBe(true);
      expect(
        await countRows(t.orm, 'select count(*) as n from process_start_outbox where workflow_id = ?', [
          `mrp-net-change:run-${newer.id}`,
        ]),
      ).toBe(1);
    } finally {
      await t.orm.em.fork().nativeDelete(MrpRun, { id: newer.id });
      // Their queue has no worker: the starts are not left for the relay.
      const mine = `select workflow_id from process_start_outbox where task_queue = 'nobody-polls-this-queue'`;
      await query(t.orm.em.fork(), `delete from process_instance where workflow_id in (${mine})`);
      await query(t.orm.em.fork(), `delete from process_start_outbox where task_queue = 'nobody-polls-this-queue'`);
    }
    // The newer run gone, the live plan takes the change. Nothing the kit is planned from moved (the change names it,
    // its orders and stock are as they were), so its stored plan stands unmarked: only what changed is marked changed.
    const before = (await storedPlan()).get(kit);
    expect(await applyNetChange(t.orm.em)).toEqual({ runId, items: 0, changes: 1 });
    expect((await storedPlan()).get(kit)).toEqual(before);
    expect(before?.reason).not.toBe(`test change ${a.suffix}`);
  });
});

/*
 * Regenerative runs and the changes recorded around them, through the run's own steps (snapshotMrpRun, then
 * calculateRunPlan given the worker's queue as the calculation activity gives it, then supersedeOlderRuns): each
 * newer live run becomes the live plan the tests above used (runId), so the file's clean-up leaves none behind.
 */
describe('MRP net change around a regenerative run', () => {
  const engines = createEngineCache();
  const queueRun = async (simulation: boolean) =>
    (
      await queueMrpRun(t.orm.em.fork(), {
        asOf: today,
        bucketSize: 'day',
        bucketCount: 40,
        simulation,
        workflowId: null,
        requestedBy: 'planner',
      })
    ).id;
  /** Calculates a snapshotted run as its activity does; a live one then supersedes the plan it replaces. */
  const calculate = async (id: number) => {
    await calculateRunPlan(() => t.orm.em.fork(), id, undefined, intEnv().taskQueue);
    await t.orm.em.fork().transactional((tx) => supersedeOlderRuns(tx, id));
  };
  const changesOf = (documentRef: string) =>
    query<{ consumed_by_run_id: number | null }>(
      t.orm.em.fork(),
      'select consumed_by_run_id from mrp_pending_change where document_ref = ? order by id',
      [documentRef],
    );
  /** Stored grids and planned orders of a run whose change reason names `text`. */
  const marked = (id: number, text: string) =>
    countRows(
      t.orm,
      `select (select count(*) from mrp_item_plan where run_id = ? and change_reason like ?)
            + (select count(*) from mrp_planned_order where run_id = ? and change_reason like ?) as n`,
      [id, `%${text}%`, id, `%${text}%`],
    );

  test('a change recorded before the run is consumed by its snapshot, and a later net change does not report it', async () => {
    const id = await queueRun(false);
    // Queued: the order's own net change leaves its change for this run (a newer live run is underway).
    const before = await place([{ itemSku: a.sku.fg, quantity: 5 }]);
    await snapshotMrpRun(t.orm.em, engines, id);
    const consumed = await changesOf(before.orderNumber);
    expect(consumed.length).toBeGreaterThan(0);
    expect(new Set(consumed.map((c) => c.consumed_by_run_id))).toEqual(new Set([id]));
    // Retried after it committed: nothing consumed again, nothing read again.
    await snapshotMrpRun(t.orm.em, engines, id);
    await calculate(id);
    runId = id;
    const recorded = (await t.orm.em.fork().findOneOrFail(MrpRun, id)).snapshot as unknown as RunSnapshot;
    expect(recorded.demands).toEqual(expect.arrayContaining([expect.objectContaining({ sku: a.sku.fg, quantity: 5 })]));

    const later = await place([{ itemSku: b.sku.fg, quantity: 2 }]);
    await consumedBy(later.orderNumber);
    const reason = `sales order ${later.orderNumber} placed`;
    await eventually(
      async () => ((await marked(id, later.orderNumber)) > 0 ? true : undefined),
      60_000,
      `run ${id} marked with ${reason}`,
    );
    expect((await storedPlan()).get(b.sku.fg)?.reason).toBe(reason);
    // The order the run read is in its plan already: no net change reports it.
    expect(await marked(id, before.orderNumber)).toBe(0);
  });

  test('a change recorded while the run calculates is queued at review and reaches its plan', async () => {
    const id = await queueRun(false);
    await snapshotMrpRun(t.orm.em, engines, id);
    const during = await place([{ itemSku: a.sku.fg, quantity: 4 }]);
    // Not in the inputs the run read, so not consumed by its snapshot.
    const recorded = (await t.orm.em.fork().findOneOrFail(MrpRun, id)).snapshot as unknown as RunSnapshot;
    expect(recorded.demands.filter((d) => d.sku === a.sku.fg && d.quantity === 4)).toEqual([]);
    const waiting = await changesOf(during.orderNumber);
    expect(waiting.length).toBeGreaterThan(0);
    expect(new Set(waiting.map((c) => c.consumed_by_run_id))).toEqual(new Set([null]));
    await calculate(id);
    runId = id;
    expect(
      await countRows(t.orm, 'select count(*) as n from process_start_outbox where workflow_id = ?', [
        `mrp-net-change:run-${id}`,
      ]),
    ).toBe(1);
    await consumedBy(during.orderNumber);
    const reason = `sales order ${during.orderNumber} placed`;
    const fg = (await storedPlan()).get(a.sku.fg);
    expect(fg?.reason).toBe(reason);
    expect(fg?.orders).toEqual(expect.arrayContaining([expect.objectContaining({ reason })]));
    // Retried after review: queued once.
    await calculate(id);
    expect(
      await countRows(t.orm, `select count(*) as n from process_start_outbox where workflow_id like ?`, [
        `mrp-net-change:run-${id}%`,
      ]),
    ).toBe(1);
  });

  test('a simulation consumes nothing and queues nothing', async () => {
    const [kitRow] = await query<{ id: number }>(t.orm.em.fork(), 'select id from item where sku = ?', [kit]);
    const documentRef = `TS-${a.suffix}`;
    const id = await queueRun(true);
    try {
      // Its net change is queued where no worker polls: the change stays pending while the simulation reads.
      await t.orm.em.fork().transactional((tx) =>
        recordPlanningChange(tx, {
          itemIds: [num(kitRow?.id)],
          reason: `simulation test ${a.suffix}`,
          documentRef,
          requestedBy: 'tester',
          taskQueue: 'nobody-polls-this-queue',
        }),
      );
      await snapshotMrpRun(t.orm.em, engines, id);
      await calculateRunPlan(() => t.orm.em.fork(), id, undefined, intEnv().taskQueue);
      expect((await t.orm.em.fork().findOneOrFail(MrpRun, id)).status).toBe('simulated');
      expect(await changesOf(documentRef)).toEqual([{ consumed_by_run_id: null }]);
      expect(
        await countRows(t.orm, 'select count(*) as n from process_start_outbox where workflow_id = ?', [
          `mrp-net-change:run-${id}`,
        ]),
      ).toBe(0);
    } finally {
      const mine = `select workflow_id from process_start_outbox where task_queue = 'nobody-polls-this-queue'`;
      await query(t.orm.em.fork(), `delete from process_instance where workflow_id in (${mine})`);
      await query(t.orm.em.fork(), `delete from process_start_outbox where task_queue = 'nobody-polls-this-queue'`);
    }
    // The live plan takes it.
    expect(await applyNetChange(t.orm.em)).toMatchObject({ runId, changes: 1 });
  });
});
