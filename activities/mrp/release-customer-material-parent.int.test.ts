import { MrpPlannedOrder, MrpRun } from '../../db/entities';
import { query } from '../../db/sql';
import { isoDay, subcontractWorld } from '../../api/subcontracting/subcontract-world';
import { useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask, orderDriver } from '../../test/support/order-driver';
import type { Peg } from '../../rules/mrp';
import type { MrpRelease } from '../../workflows/mrp-run/mrp-run.contract';
import { runPegs } from './release-customer';

jest.setTimeout(300_000);

const t = useTestApp();
const planner = t.headers('planner');
const clerk = t.headers('clerk');
const admin = t.headers('admin');
const today = new Date().toISOString().slice(0, 10);
const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);

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
    const em = t.orm.em.fork();
    await query(em, `update item set supply_type = 'subcontract' where sku = ?`, [world.sku.fg]);
    await query(
      em,
      `update bom_line set provision = 'customer' where component_item_id = (select id from item where sku = ?)`,
      [world.sku.plate],
    );
    await query(
      em,
      `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
       select i.id, s.id, 3, 5, true, true, now() from item i, supplier s where i.sku = ? and s.code = ?`,
      [world.sku.fg, world.supplierCode],
    );
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
    const code = `C-RCP${world.suffix}`;
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
    const planned = await t.orm.em
      .fork()
      .find(
        MrpPlannedOrder,
        { run: run.id, item: { sku: { $in: [parentSku, world.sku.fg] } } },
        { populate: ['item'] },
      );
    const bySku = new Map(planned.map((p) => [p.item.sku, p]));
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
