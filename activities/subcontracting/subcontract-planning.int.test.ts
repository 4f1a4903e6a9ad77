import { MrpItemPlan, MrpPlannedOrder, MrpRun } from '../../db/entities';
import { num, query } from '../../db/sql';
import type { Demand, Supply } from '../../rules/mrp';
import type { MrpRelease } from '../../workflows/mrp-run/mrp-run.contract';
import type { SendPick } from '../../workflows/subcontract-order/subcontract-order.contract';
import {
  isoDay,
  receiveLots,
  subcontractWorld,
  type SubcontractWorld,
} from '../../api/subcontracting/subcontract-world';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask, orderDriver } from '../../test/support/order-driver';
import { createActivities } from '..';

jest.setTimeout(300_000);

const t = useTestApp();
const planner = t.headers('planner');
const clerk = t.headers('clerk');
const today = new Date().toISOString().slice(0, 10);
const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);

/*
 * Subcontracting and MRP (issue 14): a subcontract event records a planning change (net change re-plans its items),
 * and a draft an MRP release wrote is supply for the next run (its components demand), so the need is not planned
 * twice. Each world's FG (made of 2 BOLT + 10 % scrap and 1 PLATE, both ours) is subcontracted to its supplier
 * (preferred, fee 3, 5 days) and wanted by a sales order of 5 waiting on backorder.
 */
async function wantedSubcontracted(): Promise<SubcontractWorld> {
  const world = await subcontractWorld(t.orm);
  await rows(`update item set supply_type = 'subcontract' where sku = ?`, [world.sku.fg]);
  await rows(
    `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
     select i.id, s.id, 3, 5, true, true, now() from item i, supplier s where i.sku = ? and s.code = ?`,
    [world.sku.fg, world.supplierCode],
  );
  const sales = orderDriver(t.app, clerk);
  const order = await sales.place('C-BOLT', [{ itemSku: world.sku.fg, quantity: 5 }]);
  await sales.step(order.workflowId, 'backordered');
  return world;
}

/** Starts a regenerative run through the API and waits for its review task (the plan stored). */
async function runToReview(key: string) {
  const started = await t.app.inject({
    method: 'POST',
    url: '/api/mrp-runs',
    headers: { ...planner, 'idempotency-key': key },
    payload: { asOf: today, bucketSize: 'week', bucketCount: 8 },
  });
  expect(started.statusCode).toBe(202);
  const run = started.json<{ id: number; workflowId: string }>();
  const review = await openFormTask<{ id: string }>(t.app, planner, run.workflowId, 'mrp-review', 120_000);
  return { ...run, reviewTaskId: review.id };
}

/** The run's planned orders of one item. */
const plannedOf = (runId: number, sku: string) =>
  t.orm.em.fork().find(MrpPlannedOrder, { run: runId, item: { sku } }, { orderBy: { plannedRef: 'asc' } });

const total = (orders: MrpPlannedOrder[]) => orders.reduce((sum, order) => sum + num(order.quantity), 0);

/** The pending changes of a document: sku, reason and the run that consumed it (null: still pending). */
const changesOf = (documentRef: string) =>
  rows<{ sku: string; reason: string; run_id: number | null }>(
    `select i.sku, c.reason, c.consumed_by_run_id as run_id from mrp_pending_change c join item i on i.id = c.item_id
      where c.document_ref = ? order by i.sku, c.id`,
    [documentRef],
  );

describe('subcontract orders in MRP', () => {
  test('approving a hand-made draft and sending its components record changes naming the order; net change re-plans them; a retried activity records nothing more', async () => {
    const world = await wantedSubcontracted();
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/subcontract-orders',
      headers: { ...planner, 'idempotency-key': `sc-planning-${world.suffix}` },
      payload: {
        supplierCode: world.supplierCode,
        itemSku: world.sku.fg,
        quantity: 5,
        dueDate: isoDay(0),
        feePerUnit: 3,
        warehouseCode: world.warehouseCode,
      },
    });
    expect(made.statusCode).toBe(201);
    const { orderNumber, workflowId } = made.json<{ orderNumber: string; workflowId: string }>();
    // Its components are in stock, to be reserved and sent once it is approved.
    await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-1', location: world.bins.a, quantity: 11, unitCost: 1 }]);
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 5, unitCost: 4 }]);

    // The live plan: a hand-made draft is nobody's decision yet, so MRP plans FG's 5 itself.
    const run = await runToReview(`sc-planning-a-${world.suffix}`);
    expect(total(await plannedOf(run.id, world.sku.fg))).toBe(5);
    expect(await changesOf(orderNumber)).toEqual([]);

    const approval = await openFormTask<{ id: string }>(t.app, planner, workflowId, 'subcontract-approval');
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${approval.id}/complete`,
      headers: planner,
      payload: { payload: { approved: true } },
    });
    expect(approved.statusCode).toBe(200);

    // Recorded with the approval, and the net change it queued (on the order's own queue) applied it to the live plan.
    const reason = `subcontract order ${orderNumber} approved`;
    const expected = [world.sku.bolt, world.sku.fg, world.sku.plate].sort().map((sku) => ({ sku, reason }));
    const applied = await eventually(
      async () => {
        const changes = await changesOf(orderNumber);
        return changes.length === 3 && changes.every((c) => num(c.run_id) === run.id) ? changes : undefined;
      },
      120_000,
      `the changes of ${orderNumber} applied to run ${run.id}`,
    );
    expect(applied.map(({ sku, reason: why }) => ({ sku, reason: why }))).toEqual(expected);
    // FG re-planned: the approved order covers the 5, so no suggestion is left, and the grid says why.
    expect(await plannedOf(run.id, world.sku.fg)).toEqual([]);
    const grid = await t.orm.em.fork().findOneOrFail(MrpItemPlan, { run: run.id, item: { sku: world.sku.fg } });
    expect(grid.changeReason).toContain(reason);

    // A retried approval (the same activity input) finds its first result: nothing recorded twice.
    const activities = createActivities({ orm: t.orm });
    await activities.approveSubcontractOrder({ orderNumber, workflowId, approvedBy: 'planner' });
    expect(await countRows(t.orm, `select count(*) as n from mrp_pending_change where reason = ?`, [reason])).toBe(3);

    // The clerk sends the components (reserved at approval): our components' demand and stock fell, not FG's supply.
    const pick = await openFormTask<{ id: string; payload: { picks: SendPick[] } }>(
      t.app,
      clerk,
      workflowId,
      'production-kit-pick',
      120_000,
    );
    const picks = pick.payload.picks.map(({ lineNo, location, lotCode, quantity }) => ({
      lineNo,
      location,
      lotCode,
      quantity,
    }));
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${pick.id}/complete`,
      headers: clerk,
      payload: { payload: { picks } },
    });
    expect(sent.statusCode).toBe(200);
    const sentReason = `components sent on ${orderNumber}`;
    const sentChanges = await eventually(
      async () => {
        const changes = (await changesOf(orderNumber)).filter((c) => c.reason === sentReason);
        return changes.length === 2 && changes.every((c) => num(c.run_id) === run.id) ? changes : undefined;
      },
      120_000,
      `the send of ${orderNumber} applied to run ${run.id}`,
    );
    expect(sentChanges.map((c) => c.sku)).toEqual([world.sku.bolt, world.sku.plate].sort());
    // Retried (round 1, the same picks): the first result stands, nothing recorded twice.
    await activities.sendSubcontractComponents({ orderNumber, workflowId, round: 1, picks, userName: 'clerk' });
    expect(await countRows(t.orm, `select count(*) as n from mrp_pending_change where reason = ?`, [sentReason])).toBe(
      2,
    );
  });

  test('a draft an MRP release wrote is supply for the next run, its components demand: the need is not planned again', async () => {
    const world = await wantedSubcontracted();
    const first = await runToReview(`sc-planning-b1-${world.suffix}`);
    const [suggestion] = await plannedOf(first.id, world.sku.fg);
    expect(suggestion).toMatchObject({ orderType: 'subcontract', quantity: 5 });
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${first.reviewTaskId}/complete`,
      headers: planner,
      payload: { payload: { decision: 'decide', orders: [{ plannedRef: suggestion!.plannedRef, approve: true }] } },
    });
    expect(decided.statusCode).toBe(200);
    await instanceCompleted(t.orm, first.workflowId, 120_000, 'the released run');
    const release = ((await t.orm.em.fork().findOneOrFail(MrpRun, first.id)).summary as { release: MrpRelease })
      .release;
    expect(release.subcontractOrders).toHaveLength(1);
    const orderNumber = String(release.subcontractOrders?.[0]);
    const [order] = await rows<{ status: string }>('select status from subcontract_order where order_number = ?', [
      orderNumber,
    ]);
    expect(order?.status).toBe('draft');
    // The release recorded the draft as a change of its items, pending for the next run.
    const reason = `subcontract order ${orderNumber} drafted by MRP run ${first.id}`;
    expect((await changesOf(orderNumber)).map((c) => [c.sku, c.reason])).toEqual(
      [world.sku.bolt, world.sku.fg, world.sku.plate].sort().map((sku) => [sku, reason]),
    );

    // The next run reads the draft (still unapproved) as FG's supply and its unsent components as demand.
    const second = await runToReview(`sc-planning-b2-${world.suffix}`);
    expect(await plannedOf(second.id, world.sku.fg)).toEqual([]);
    const snapshot = (await t.orm.em.fork().findOneOrFail(MrpRun, second.id)).snapshot as unknown as {
      demands: Demand[];
      supplies: Supply[];
    };
    expect(snapshot.supplies.filter((s) => s.sku === world.sku.fg)).toEqual([
      expect.objectContaining({ kind: 'subcontract-order', ref: orderNumber, quantity: 5 }),
    ]);
    const componentDemand = (sku: string) =>
      snapshot.demands.filter((d) => d.sku === sku).map((d) => [d.kind, d.ref, d.quantity]);
    expect(componentDemand(world.sku.bolt)).toEqual([['subcontract-component', `${orderNumber}/1`, 11]]);
    expect(componentDemand(world.sku.plate)).toEqual([['subcontract-component', `${orderNumber}/2`, 5]]);
    // Planned: the components are bought for the draft (nothing of them in stock).
    expect(total(await plannedOf(second.id, world.sku.bolt))).toBe(11);
    expect(total(await plannedOf(second.id, world.sku.plate))).toBe(5);
  });
});
