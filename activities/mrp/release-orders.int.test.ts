import { Item, MrpPlannedOrder, MrpRun } from '../../db/entities';
import { num, query } from '../../db/sql';
import { addDays } from '../../rules/mrp';
import { countRows, eventually, intEnv, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { productionWorld, type ProductionWorld } from '../../test/support/production-world';
import type { MrpRelease } from '../../workflows/mrp-run/mrp-run.contract';
import { documentStarts } from '../../worker/document-starts';
import { releaseMrpOrders } from './release-orders';

jest.setTimeout(300_000);

/** The released run is kept as a replay fixture (MW_RECORD_HISTORIES=1 writes it to test/replay/histories). */
const t = useTestApp({ histories: 'mrp-run' });
const planner = t.headers('planner');
const clerk = t.headers('clerk');
const today = new Date().toISOString().slice(0, 10);
const SUPPLIER = 'S-NORD';

let world: ProductionWorld;

/*
 * The world: FG (made: BOM and routing) kept at a safety stock of 2, so the plan makes FG and, through the phantom,
 * buys C1 and BOLT, and makes SUB (a BOM but no routing), which buys C2. C1 and C2 have S-NORD as preferred supplier;
 * BOLT has none. C2's price is withdrawn after the run read its inputs.
 */
beforeAll(async () => {
  world = await productionWorld(t.orm, 1);
  const em = t.orm.em.fork();
  await query(em, `update item set safety_stock = 2 where sku = ?`, [world.sku.fg]);
  for (const [sku, price, leadTime] of [
    [world.sku.c1, 2.5, 3],
    [world.sku.c2, 4.75, 2],
  ] as const) {
    await query(
      em,
      `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
       select i.id, s.id, ?, ?, true, true, now() from item i, supplier s where i.sku = ? and s.code = ?`,
      [price, leadTime, sku, SUPPLIER],
    );
  }
});

const complete = (taskId: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: planner, payload: { payload } });

async function worldOrders(runId: number) {
  const skus = Object.values(world.sku);
  const orders = await t.orm.em
    .fork()
    .find(MrpPlannedOrder, { run: runId, item: { sku: { $in: skus } } }, { populate: ['item'] });
  return new Map(orders.map((order) => [order.item.sku, order]));
}

const documentCount = () =>
  countRows(
    t.orm,
    `select (select count(*) from purchase_order) + (select count(*) from production_order)
          + (select count(*) from subcontract_order) + (select count(*) from process_start_outbox) as n`,
  );

describe('releasing an approved MRP plan', () => {
  test('creates the purchase and production orders once, starts their processes, lists what it could not', async () => {
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/mrp-runs',
      headers: { ...planner, 'idempotency-key': `mrp-release-${world.suffix}` },
      payload: { asOf: today, bucketSize: 'week', bucketCount: 8 },
    });
    expect(started.statusCode).toBe(202);
    const run = started.json<{ id: number; workflowId: string }>();
    const review = await openFormTask<{ id: string }>(t.app, planner, run.workflowId, 'mrp-review');
    const planned = await worldOrders(run.id);
    const fg = planned.get(world.sku.fg)!;
    const sub = planned.get(world.sku.sub)!;
    const c1 = planned.get(world.sku.c1)!;
    const c2 = planned.get(world.sku.c2)!;
    const bolt = planned.get(world.sku.bolt)!;
    expect([fg, sub, c1, c2, bolt].map((order) => order?.orderType)).toEqual([
      'production',
      'production',
      'purchase',
      'purchase',
      'purchase',
    ]);
    // The supplier stops quoting C2 after the run read its inputs: that suggestion cannot be ordered.
    await query(
      t.orm.em.fork(),
      `update item_supplier set active = false where item_id = (select id from item where sku = ?)`,
      [world.sku.c2],
    );

    const decided = await complete(review.id, {
      decision: 'decide',
      orders: [...planned.values()].map((order) => ({ plannedRef: order.plannedRef, approve: true })),
    });
    expect(decided.statusCode).toBe(200);
    await instanceCompleted(t.orm, run.workflowId, 60_000, 'the released run');
    const stored = await t.orm.em.fork().findOneOrFail(MrpRun, run.id);
    expect(stored.status).toBe('released');
    const release = (stored.summary as { release: MrpRelease }).release;
    expect(release.by).toBe('planner');
    expect(release.purchaseOrders).toHaveLength(1);
    expect(release.productionOrders).toHaveLength(1);
    expect(release.notReleased).toEqual(
      expect.arrayContaining([
        { plannedRef: c2.plannedRef, reason: `no price on record for ${world.sku.c2} from supplier ${SUPPLIER}` },
        { plannedRef: bolt.plannedRef, reason: `${world.sku.bolt} has no preferred supplier` },
        { plannedRef: sub.plannedRef, reason: `Item ${world.sku.sub} has no routing in effect on ${today}` },
      ]),
    );
    expect(release.notReleased).toHaveLength(3);
    const [poNumber] = release.purchaseOrders;
    const [prdNumber] = release.productionOrders;

    // The purchase order: the preferred supplier, one line per suggestion, due on its receipt date, at its price.
    const lines = await query<Record<string, unknown>>(
      t.orm.em.fork(),
      `select s.code as supplier, w.code as warehouse, o.status, o.created_by, i.sku, l.quantity, l.unit_cost,
              to_char(l.due_date, 'YYYY-MM-DD') as due
         from purchase_order o join supplier s on s.id = o.supplier_id join warehouse w on w.id = o.warehouse_id
         join purchase_order_line l on l.order_id = o.id join item i on i.id = l.item_id
        where o.order_number = ? order by l.line_no`,
      [poNumber],
    );
    expect(
      lines.map((l) => [l.supplier, l.status, l.created_by, l.sku, num(l.quantity), num(l.unit_cost), l.due]),
    ).toEqual([[SUPPLIER, 'open', 'planner', world.sku.c1, c1.quantity, 2.5, c1.receiptDate]]);
    // The production order: started on the release date (today if that has passed), due on the receipt date.
    const startDate = fg.releaseDate > today ? fg.releaseDate : today;
    const [made] = await query<Record<string, unknown>>(
      t.orm.em.fork(),
      `select i.sku, p.quantity, to_char(p.start_date, 'YYYY-MM-DD') as start, to_char(p.due_date, 'YYYY-MM-DD') as due
         from production_order p join item i on i.id = p.item_id where p.number = ?`,
      [prdNumber],
    );
    expect([made?.sku, num(made?.quantity), made?.start, made?.due]).toEqual([
      world.sku.fg,
      fg.quantity,
      startDate,
      fg.receiptDate > startDate ? fg.receiptDate : startDate,
    ]);

    // Released suggestions name their document; the others stay approved.
    const after = await worldOrders(run.id);
    expect([...after.values()].map((o) => [o.item.sku, o.status, o.documentNumber]).sort()).toEqual(
      [
        [world.sku.fg, 'released', prdNumber],
        [world.sku.c1, 'released', poNumber],
        [world.sku.sub, 'approved', null],
        [world.sku.c2, 'approved', null],
        [world.sku.bolt, 'approved', null],
      ].sort(),
    );

    // Both processes really run (started from the outbox the release filled).
    for (const workflowId of [`purchase-receipt:${poNumber}`, `production-order:${prdNumber}`]) {
      await eventually(
        async () => {
          const [row] = await query<{ status: string }>(
            t.orm.em.fork(),
            'select status from process_instance where workflow_id = ?',
            [workflowId],
          );
          return row?.status === 'running' ? row : undefined;
        },
        60_000,
        `${workflowId} running`,
      );
      expect((await t.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    }
    const audited = await countRows(
      t.orm,
      `select count(*) as n from audit_log where (action = 'purchase-order.created' and entity_id = ?)
          or (action = 'production-order.created' and entity_id = ?) or (action = 'mrp-run.released' and entity_id = ?)`,
      [poNumber, prdNumber, String(run.id)],
    );
    expect(audited).toBe(3);

    // Released again (a retried activity, a second call): nothing new, the recorded release answered.
    const before = await documentCount();
    const again = await t.orm.em
      .fork()
      .transactional((em) =>
        releaseMrpOrders(
          em,
          { runId: run.id, workflowId: run.workflowId, releasedBy: 'planner', taskQueue: 'x' },
          documentStarts,
        ),
      );
    expect(again.release).toEqual(release);
    expect(await documentCount()).toBe(before);

    // The read API names each suggestion's document.
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/mrp-runs/${run.id}?sku=${world.sku.c1}`,
      headers: planner,
    });
    expect(read.json().plannedOrders).toEqual([
      expect.objectContaining({ document: { kind: 'purchase-order', number: poNumber } }),
    ]);
    t.record('released', run.workflowId);
  });

  test('two releases at once: the run lock lets one make the orders, the other answers the same release', async () => {
    const em = t.orm.em.fork();
    // SUB is subcontracted to its preferred supplier at its price; C2 has no preferred supplier any more.
    await query(em, `update item_supplier set active = false where item_id = (select id from item where sku = ?)`, [
      world.sku.c2,
    ]);
    await query(
      em,
      `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
       select i.id, s.id, 6.4, 5, true, true, now() from item i, supplier s where i.sku = ? and s.code = ?`,
      [world.sku.sub, SUPPLIER],
    );
    const run = Object.assign(new MrpRun(), {
      asOf: today,
      bucketSize: 'week' as const,
      bucketCount: 4,
      status: 'approved' as const,
      snapshot: {
        items: [
          { sku: world.sku.c1, supplierCode: SUPPLIER },
          { sku: world.sku.sub, supplierCode: SUPPLIER },
        ],
      },
      createdBy: 'planner',
    });
    em.persist(run);
    for (const [sku, orderType, quantity] of [
      [world.sku.c1, 'purchase', 12],
      [world.sku.fg, 'production', 3],
      [world.sku.c2, 'subcontract', 4],
      [world.sku.sub, 'subcontract', 5],
    ] as const) {
      const order = Object.assign(new MrpPlannedOrder(), {
        run,
        plannedRef: `${sku}/9/1`,
        item: await em.findOneOrFail(Item, { sku }),
        orderType,
        quantity,
        receiptDate: addDays(today, 14),
        releaseDate: addDays(today, 7),
        status: 'approved' as const,
        pegs: [],
      });
      em.persist(order);
    }
    await em.flush();
    const before = await documentCount();
    const input = { runId: run.id, workflowId: `test:${run.id}`, releasedBy: 'planner', taskQueue: intEnv().taskQueue };
    const release = () => t.orm.em.fork().transactional((tx) => releaseMrpOrders(tx, input, documentStarts));
    const [a, b] = await Promise.all([release(), release()]);
    expect(a.release).toEqual(b.release);
    expect([a.release.purchaseOrders.length, a.release.productionOrders.length]).toEqual([1, 1]);
    expect(a.release.subcontractOrders).toHaveLength(1);
    expect(a.release.notReleased).toEqual([
      { plannedRef: `${world.sku.c2}/9/1`, reason: `${world.sku.c2} has no preferred supplier to subcontract it to` },
    ]);
    // One purchase order, one production order and one draft subcontract order, one queued start each, and the net
    // change the draft records (it is planning's supply from now on): nothing twice.
    expect(await documentCount()).toBe(before + 7);
    const [subcontract] = await query<Record<string, unknown>>(
      t.orm.em.fork(),
      `select o.order_number, o.status, o.fee_per_unit, o.quantity, i.sku from subcontract_order o
         join item i on i.id = o.item_id where o.planned_ref = ?`,
      [`${run.id}:${world.sku.sub}/9/1`],
    );
    expect([
      subcontract?.order_number,
      subcontract?.status,
      num(subcontract?.fee_per_unit),
      num(subcontract?.quantity),
    ]).toEqual([a.release.subcontractOrders?.[0], 'draft', 6.4, 5]);
    const queued = await query<{ workflow_type: string }>(
      t.orm.em.fork(),
      `select workflow_type from process_start_outbox where workflow_id = ?`,
      [`subcontract-order:${a.release.subcontractOrders?.[0]}`],
    );
    expect(queued.map((q) => q.workflow_type)).toEqual(['subcontractOrder']);
  });

  test('the API answers refusals of the shared order writers as before', async () => {
    const purchase = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: { ...clerk, 'idempotency-key': `mrp-release-po-${world.suffix}` },
      payload: { supplierCode: 'S-NOBODY', warehouseCode: 'MAIN', lines: [{ itemSku: world.sku.c1, quantity: 1 }] },
    });
    expect([purchase.statusCode, purchase.json().error.code, purchase.json().error.field]).toEqual([
      400,
      'UNKNOWN_SUPPLIER',
      'supplierCode',
    ]);
    const production = await t.app.inject({
      method: 'POST',
      url: '/api/production-orders',
      headers: { ...planner, 'idempotency-key': `mrp-release-prd-${world.suffix}` },
      payload: { itemSku: world.sku.sub, quantity: 1, dueDate: today },
    });
    expect([production.statusCode, production.json().error.code, production.json().error.field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'startDate',
    ]);
  });
});
