import { MrpPlannedOrder, MrpRun } from '../../db/entities';
import { num, query } from '../../db/sql';
import {
  isoDay,
  subcontractWorld,
  receiveLots,
  type SubcontractWorld,
} from '../../api/subcontracting/subcontract-world';
import { countRows, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask, orderDriver } from '../../test/support/order-driver';
import { heldBy } from '../../test/support/subcontract-reads';
import type { Peg } from '../../rules/mrp';
import type { MrpRelease } from '../../workflows/mrp-run/mrp-run.contract';
import type { SendPick } from '../../workflows/subcontract-order/subcontract-order.contract';
import { documentStarts } from '../../worker/document-starts';
import { runPegs } from './release-customer';
import { releaseMrpOrders } from './release-orders';

jest.setTimeout(300_000);

const t = useTestApp();
const planner = t.headers('planner');
const clerk = t.headers('clerk');
const admin = t.headers('admin');
const today = new Date().toISOString().slice(0, 10);
const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);

/**
 * A subcontract world's FG made subcontracted: its preferred supplier is the world's (fee 3 per unit, 5 days), and
 * the customer the goods are made for supplies its PLATE (the BOM line says so); BOLT stays ours.
 */
async function subcontractedForCustomers(world: SubcontractWorld) {
  const em = t.orm.em.fork();
  await query(em, `update item set supply_type = 'subcontract' where sku = ?`, [world.sku.fg]);
  await query(
    em,
    `update bom_line set provision = 'customer'
      where component_item_id = (select id from item where sku = ?)`,
    [world.sku.plate],
  );
  await query(
    em,
    `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
     select i.id, s.id, 3, 5, true, true, now() from item i, supplier s where i.sku = ? and s.code = ?`,
    [world.sku.fg, world.supplierCode],
  );
}

async function customer(code: string) {
  const made = await t.app.inject({
    method: 'POST',
    url: '/api/customers',
    headers: admin,
    payload: {
      code,
      name: `Plate owner ${code}`,
      creditLimit: 100_000,
      paymentTermsDays: 14,
      minShelfLifeDays: 0,
      shipToAddresses: [{ code: 'MAIN', address: '1 Main St' }],
    },
  });
  expect(made.statusCode).toBe(201);
  const [row] = await rows<{ id: number }>('select id from customer where code = ?', [code]);
  return { code, id: num(row?.id) };
}

/** The world items' planned orders of a run, by SKU. */
async function plannedOf(runId: number, skus: string[]) {
  const orders = await t.orm.em
    .fork()
    .find(MrpPlannedOrder, { run: runId, item: { sku: { $in: skus } } }, { populate: ['item'] });
  return new Map(orders.map((order) => [order.item.sku, order]));
}

/*
 * Three subcontracted items, each made with a PLATE the customer supplies: ONE for customer A's sales order (5),
 * SPLIT for A's (2) and B's (3) on the same day (one planned order serves both), STOCK for its safety stock (2) only.
 * Once released, A brings 5 plates of ONE's; B brings some of the same item, and we hold some of our own, beside them.
 */
describe("MRP release of a subcontract order made with a customer's material", () => {
  test('the order takes the customer its pegging leads to and sends their material; no single customer: not released, the rest still is; released again: nothing twice', async () => {
    const [one, split, stock] = [
      await subcontractWorld(t.orm),
      await subcontractWorld(t.orm),
      await subcontractWorld(t.orm),
    ];
    for (const world of [one, split, stock]) await subcontractedForCustomers(world);
    await query(t.orm.em.fork(), `update item set safety_stock = 2 where sku = ?`, [stock.sku.fg]);
    const a = await customer(`C-RCA${one.suffix}`);
    const b = await customer(`C-RCB${one.suffix}`);

    const sales = orderDriver(t.app, clerk);
    const orderA = await sales.place(a.code, [
      { itemSku: one.sku.fg, quantity: 5 },
      { itemSku: split.sku.fg, quantity: 2 },
    ]);
    const orderB = await sales.place(b.code, [{ itemSku: split.sku.fg, quantity: 3 }]);
    // Nothing of either is in stock: both wait on backorder, their lines open demand for MRP.
    for (const placed of [orderA, orderB]) await sales.step(placed.workflowId, 'backordered');

    const started = await t.app.inject({
      method: 'POST',
      url: '/api/mrp-runs',
      headers: { ...planner, 'idempotency-key': `mrp-release-customer-${one.suffix}` },
      payload: { asOf: today, bucketSize: 'week', bucketCount: 8 },
    });
    expect(started.statusCode).toBe(202);
    const run = started.json<{ id: number; workflowId: string }>();
    const review = await openFormTask<{ id: string }>(t.app, planner, run.workflowId, 'mrp-review');
    const planned = await plannedOf(run.id, [one.sku.fg, split.sku.fg, stock.sku.fg]);
    expect([one, split, stock].map((w) => [planned.get(w.sku.fg)?.orderType, planned.get(w.sku.fg)?.quantity])).toEqual(
      [
        ['subcontract', 5],
        ['subcontract', 5],
        ['subcontract', 2],
      ],
    );
    // The customer-supplied plates are never planned.
    expect(await plannedOf(run.id, [one.sku.plate, split.sku.plate, stock.sku.plate])).toEqual(new Map());

    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${review.id}/complete`,
      headers: planner,
      payload: {
        payload: {
          decision: 'decide',
          orders: [...planned.values()].map((order) => ({ plannedRef: order.plannedRef, approve: true })),
        },
      },
    });
    expect(decided.statusCode).toBe(200);
    await instanceCompleted(t.orm, run.workflowId, 60_000, 'the released run');
    const stored = await t.orm.em.fork().findOneOrFail(MrpRun, run.id);
    const release = (stored.summary as { release: MrpRelease }).release;

    // ONE is released for A; SPLIT and STOCK stay approved, each with the reason naming the item and the demand.
    expect(release.subcontractOrders).toHaveLength(1);
    const orderNumber = String(release.subcontractOrders?.[0]);
    const needs = (w: SubcontractWorld) =>
      `${w.sku.fg} is made with ${w.sku.plate}, which the customer it is made for supplies, but`;
    const reasons = new Map(release.notReleased.map((n) => [n.plannedRef, n.reason]));
    expect([...reasons.keys()].sort()).toEqual(
      [planned.get(split.sku.fg)!.plannedRef, planned.get(stock.sku.fg)!.plannedRef].sort(),
    );
    const splitReason = reasons.get(planned.get(split.sku.fg)!.plannedRef)!;
    expect(splitReason).toContain(`${needs(split)} it serves several customers' orders (`);
    expect(splitReason).toContain(`${a.code}: sales order ${orderA.orderNumber}/2 2`);
    expect(splitReason).toContain(`${b.code}: sales order ${orderB.orderNumber}/1 3`);
    expect(reasons.get(planned.get(stock.sku.fg)!.plannedRef)).toBe(
      `${needs(stock)} none of its demand is a customer's order (safety stock 2), so no customer's material can go into it`,
    );
    // Nothing of the refused ones was written: no order, no component, no queued start, no audit entry.
    const refusedRefs = [split, stock].map((w) => `${run.id}:${planned.get(w.sku.fg)!.plannedRef}`);
    expect(
      await countRows(
        t.orm,
        `select (select count(*) from subcontract_order o join item i on i.id = o.item_id where i.sku in (?, ?))
              + (select count(*) from subcontract_order where planned_ref in (?, ?))
              + (select count(*) from audit_log where action = 'subcontract-order.created'
                   and details->>'plannedRef' in (?, ?)) as n`,
        [split.sku.fg, stock.sku.fg, ...refusedRefs, ...refusedRefs],
      ),
    ).toBe(0);
    const after = await plannedOf(run.id, [one.sku.fg, split.sku.fg, stock.sku.fg]);
    expect([one, split, stock].map((w) => [after.get(w.sku.fg)?.status, after.get(w.sku.fg)?.documentNumber])).toEqual([
      ['released', orderNumber],
      ['approved', null],
      ['approved', null],
    ]);

    // The order: A's plates as A's component (5 x 1), our bolts ours (5 x 2 + 10 %), the fee the supplier's price.
    const detail = await t.app.inject({ method: 'GET', url: `/api/subcontract-orders/${orderNumber}`, headers: clerk });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      itemSku: one.sku.fg,
      quantity: 5,
      feePerUnit: 3,
      status: 'draft',
      plannedRef: `${run.id}:${planned.get(one.sku.fg)!.plannedRef}`,
    });
    const components = (detail.json().components as Array<Record<string, unknown>>).map((c) => [
      c.itemSku,
      c.requiredQuantity,
      c.provision,
      c.customerCode,
    ]);
    expect(components).toEqual([
      [one.sku.bolt, 11, 'ours', null],
      [one.sku.plate, 5, 'customer', a.code],
    ]);
    const [audited] = await rows<{ customer: string }>(
      `select details->>'customerCode' as customer from audit_log where action = 'subcontract-order.created' and entity_id = ?`,
      [orderNumber],
    );
    expect(audited?.customer).toBe(a.code);

    // Released again (a retried activity): the recorded release answered, nothing written twice.
    const documents = () =>
      countRows(
        t.orm,
        `select (select count(*) from subcontract_order) + (select count(*) from process_start_outbox)
              + (select count(*) from audit_log where action = 'subcontract-order.created') as n`,
      );
    const before = await documents();
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
    expect(await documents()).toBe(before);

    // The stock arrives where the released order sends from, its warehouse (the first-ranked one, as MRP releases
    // it): a bin of this test's own there holds our bolts, A's and B's plates and ours, side by side.
    const warehouseCode = detail.json<{ warehouseCode: string }>().warehouseCode;
    const bin = `RC${one.suffix}`;
    await rows(
      `insert into location (code, warehouse_id, type, pick_sequence, active)
       select ?, id, 'storage', 1, true from warehouse where code = ?`,
      [bin, warehouseCode],
    );
    await receiveLots(t.orm, one.sku.bolt, [{ lot: 'B-OURS', location: bin, quantity: 30, unitCost: 1 }]);
    await receiveLots(t.orm, one.sku.plate, [{ lot: 'P-OURS', location: bin, quantity: 10, unitCost: 4 }]);
    const receive = async (owner: { code: string }, against: object, lot: string, quantity: number) => {
      const received = await t.app.inject({
        method: 'POST',
        url: '/api/customer-material/receipts',
        headers: clerk,
        payload: {
          customerCode: owner.code,
          ...against,
          location: bin,
          lines: [{ itemSku: one.sku.plate, lotCode: lot, quantity }],
        },
      });
      expect(received.statusCode).toBe(201);
    };
    await receive(a, { salesOrderNumber: orderA.orderNumber }, 'CP-A', 5);
    await receive(b, { customerReference: `B-${one.suffix}` }, 'CP-B', 6);

    // Its process runs: approved, the pick sends A's plates (CP-A), never B's (CP-B) or ours (P-OURS) beside them.
    const workflowId = `subcontract-order:${orderNumber}`;
    const approval = await openFormTask<{ id: string }>(t.app, planner, workflowId, 'subcontract-approval');
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${approval.id}/complete`,
      headers: planner,
      payload: { payload: { approved: true } },
    });
    expect(approved.statusCode).toBe(200);
    const pick = await openFormTask<{ id: string; payload: { picks: SendPick[] } }>(
      t.app,
      clerk,
      workflowId,
      'production-kit-pick',
    );
    const picks = pick.payload.picks.map(({ lineNo, location, lotCode, quantity }) => ({
      lineNo,
      location,
      lotCode,
      quantity,
    }));
    expect(picks).toEqual(
      expect.arrayContaining([
        { lineNo: 1, location: bin, lotCode: 'B-OURS', quantity: 11 },
        { lineNo: 2, location: bin, lotCode: 'CP-A', quantity: 5 },
      ]),
    );
    expect(picks).toHaveLength(2);
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${pick.id}/complete`,
      headers: clerk,
      payload: { payload: { picks } },
    });
    expect(sent.statusCode).toBe(200);
    await openFormTask(t.app, clerk, workflowId, 'supplier-receipt');
    const site = `SUP-${one.supplierCode}`;
    const plate = (location: string, lot: string) => ({ sku: one.sku.plate, location, lot });
    const em = t.orm.em.fork();
    expect(await heldBy(em, plate(site, 'CP-A'), a.id, 'at-supplier')).toBe(5);
    expect(await heldBy(em, plate(bin, 'CP-A'), a.id)).toBe(0);
    expect(await heldBy(em, plate(bin, 'CP-B'), b.id)).toBe(6);
    expect(await heldBy(em, plate(bin, 'P-OURS'), null)).toBe(10);
  });
});

/*
 * A customer's sales order for a parent item made in house (ASSY, 2 subcontracted FG per unit); FG is made by the
 * world's supplier with a PLATE the customer supplies. FG's planned subcontract order serves no sales order itself,
 * only ASSY's planned production order (a dependent peg): its release follows that parent up to the sales order and
 * is made for that customer, with the customer's plates as its customer-supplied component.
 */
describe("MRP release of a subcontract order made with a customer's material, for a parent's planned order", () => {
  test("the dependent peg is followed through the parent's planned order to the customer's sales order", async () => {
    const world = await subcontractWorld(t.orm);
    const parentSku = `SASSY-${world.suffix}`;
    await subcontractedForCustomers(world);
    const em = t.orm.em.fork();
    const [parent] = await query<{ id: number }>(
      em,
      `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                         allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
       values (?, 'Assembly of two subcontracted parts', 'pcs', 'test', true, null, 2, 'make', false, 'fifo', false, 50,
               now()) returning id`,
      [parentSku],
    );
    const [bom] = await query<{ id: number }>(
      em,
      `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
       values (?, 1, ?, false, 'tester', now()) returning id`,
      [parent?.id, isoDay(-30)],
    );
    await query(
      em,
      `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
       select ?, 1, id, 2, 0 from item where sku = ?`,
      [bom?.id, world.sku.fg],
    );
    const { code } = await customer(`C-RCP${world.suffix}`);

    const sales = orderDriver(t.app, clerk);
    const order = await sales.place(code, [{ itemSku: parentSku, quantity: 3 }]);
    await sales.step(order.workflowId, 'backordered');

    const started = await t.app.inject({
      method: 'POST',
      url: '/api/mrp-runs',
      headers: { ...planner, 'idempotency-key': `mrp-release-parent-${world.suffix}` },
      payload: { asOf: today, bucketSize: 'week', bucketCount: 8 },
    });
    expect(started.statusCode).toBe(202);
    const run = started.json<{ id: number; workflowId: string }>();
    const review = await openFormTask<{ id: string }>(t.app, planner, run.workflowId, 'mrp-review');
    const bySku = await plannedOf(run.id, [parentSku, world.sku.fg]);
    const assy = bySku.get(parentSku)!;
    const sub = bySku.get(world.sku.fg)!;
    // ASSY: 3 to make for the sales order; FG: 2 x 3 = 6 to subcontract, pegged only to ASSY's planned order.
    expect([assy.orderType, assy.quantity, sub.orderType, sub.quantity]).toEqual(['production', 3, 'subcontract', 6]);
    const pegsOf = runPegs(t.orm.em.fork(), run.id);
    expect((await pegsOf(assy.plannedRef))?.map((p: Peg) => [p.kind, p.ref, p.quantity])).toEqual([
      ['sales-order', `${order.orderNumber}/1`, 3],
    ]);
    expect((await pegsOf(sub.plannedRef))?.map((p: Peg) => [p.kind, p.ref, p.quantity])).toEqual([
      ['dependent', assy.plannedRef, 6],
    ]);

    // Only the subcontract order is approved: the parent's planned order stays a suggestion, yet its pegs lead on.
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${review.id}/complete`,
      headers: planner,
      payload: { payload: { decision: 'decide', orders: [{ plannedRef: sub.plannedRef, approve: true }] } },
    });
    expect(decided.statusCode).toBe(200);
    await instanceCompleted(t.orm, run.workflowId, 60_000, 'the released run');
    const stored = await t.orm.em.fork().findOneOrFail(MrpRun, run.id);
    const release = (stored.summary as { release: MrpRelease }).release;
    expect(release.notReleased).toEqual([]);
    expect(release.subcontractOrders).toHaveLength(1);
    const orderNumber = String(release.subcontractOrders?.[0]);

    // The order is made for the customer of ASSY's sales order: their plates (6 x 1), our bolts (6 x 2 + 10 %).
    const detail = await t.app.inject({ method: 'GET', url: `/api/subcontract-orders/${orderNumber}`, headers: clerk });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      itemSku: world.sku.fg,
      quantity: 6,
      status: 'draft',
      plannedRef: `${run.id}:${sub.plannedRef}`,
    });
    const components = (detail.json().components as Array<Record<string, unknown>>).map((c) => [
      c.itemSku,
      c.requiredQuantity,
      c.provision,
      c.customerCode,
    ]);
    expect(components).toEqual([
      [world.sku.bolt, 13.2, 'ours', null],
      [world.sku.plate, 6, 'customer', code],
    ]);
    const [audited] = await rows<{ customer: string }>(
      `select details->>'customerCode' as customer from audit_log where action = 'subcontract-order.created' and entity_id = ?`,
      [orderNumber],
    );
    expect(audited?.customer).toBe(code);
    const [parentPlanned] = await rows<{ status: string }>(
      'select status from mrp_planned_order where run_id = ? and planned_ref = ?',
      [run.id, assy.plannedRef],
    );
    expect(parentPlanned?.status).not.toBe('released');
  });
});
