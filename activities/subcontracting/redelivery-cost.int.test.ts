import { inspectionLotsOf, itemLayers, orderEntries } from '../../test/support/subcontract-reads';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { isoDay, receiveLots, subcontractWorld } from '../../api/subcontracting/subcontract-world';

/*
 * A subcontract delivery rejected at the quality gate and re-delivered, with older stock of the finished item on hand
 * (issue 15, item 3): the goods go back to the supplier and come again at their own cost (the delivery's layer, then
 * the layer the rejection put at the supplier's site), never at the older stock's, which stays as it was.
 */

jest.setTimeout(300_000);

const t = useTestApp();
const clerk = t.headers('clerk');
const planner = t.headers('planner');
const admin = t.headers('admin');
const inspector = t.headers('inspector');
const engineer = t.headers('quality');

interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown>;
}

const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

const layers = (sku: string) => itemLayers(t.orm.em.fork(), sku);
const entries = (orderNumber: string) => orderEntries(t.orm.em.fork(), orderNumber);

/** The order's inspection lots (workflow ids), once there are `count` of them, in lot order. */
const lotsOf = (orderNumber: string, count: number) =>
  inspectionLotsOf<{ lotNo: string; workflowId: string }>(t.app, admin, orderNumber, count);

/** Records the lot's readings (one length of `length`, the rest nominal) and returns its disposition task. */
async function inspect(workflowId: string, length: number) {
  const task = await openFormTask<Task>(t.app, inspector, workflowId, 'inspection');
  const readings = Array.from({ length: Number(task.payload.sampleSize) }, (_, index) => ({
    characteristic: 'LEN',
    value: index === 0 ? length : 10,
    sampleUnit: index + 1,
  }));
  expect((await complete(task.id, { readings }, inspector)).statusCode).toBe(200);
  return openFormTask<Task>(t.app, engineer, workflowId, 'disposition');
}

describe('a rejected subcontract delivery goes back and comes again at its own cost', () => {
  test('with 5 older FG at 5.00 on hand: rejected 3 leave at 9.20 each, re-delivered at 6.20 + fee; the old layer untouched', async () => {
    const world = await subcontractWorld(t.orm);
    const fg = world.sku.fg;
    await receiveLots(t.orm, fg, [{ lot: 'FG-OLD', location: world.bins.b, quantity: 5, unitCost: 5 }]);
    await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-1', location: world.bins.a, quantity: 30, unitCost: 1 }]);
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 10, unitCost: 4 }]);
    const length = { kind: 'numeric', code: 'LEN', name: 'Length', nominal: 10, lower: 9.9, upper: 10.1, unit: 'mm' };
    const plan = await t.app.inject({
      method: 'POST',
      url: '/api/inspection-plans',
      headers: admin,
      payload: { itemSku: fg, effectiveFrom: '2026-01-01', characteristics: [length] },
    });
    expect(plan.statusCode).toBe(201);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/subcontract-orders',
      headers: { ...planner, 'idempotency-key': `sc-redeliver-${world.suffix}` },
      payload: {
        supplierCode: world.supplierCode,
        itemSku: fg,
        quantity: 10,
        dueDate: isoDay(14),
        feePerUnit: 3,
        warehouseCode: world.warehouseCode,
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const approval = await openFormTask<Task>(t.app, planner, workflowId, 'subcontract-approval');
    expect((await complete(approval.id, { approved: true }, planner)).statusCode).toBe(200);
    const pick = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
    const picks = (pick.payload.picks as Array<Record<string, unknown>>).map(
      ({ lineNo, location, lotCode, quantity }) => ({ lineNo, location, lotCode, quantity }),
    );
    expect((await complete(pick.id, { picks })).statusCode).toBe(200);

    // Bolts 22 x 1.00 + plates 10 x 4.00 + fee 10 x 3.00 = 92.00 (9.20 each), in quarantine.
    const first = await openFormTask<Task>(t.app, clerk, workflowId, 'supplier-receipt');
    expect((await complete(first.id, { quantity: 10, lotCode: 'FG-1' })).statusCode).toBe(200);
    const [lot] = await lotsOf(orderNumber, 1);
    const disposition = await inspect(lot!.workflowId, 10.4);
    const split = {
      parts: [
        { kind: 'accepted', quantity: 7 },
        { kind: 'rejected-return', quantity: 3 },
      ],
      cause: 'length over the upper limit',
    };
    expect((await complete(disposition.id, split, engineer)).statusCode).toBe(200);
    await instanceCompleted(t.orm, lot!.workflowId);

    // The 3 leave FG-1's own layer at 3 x 9.20 = 27.60 (the oldest layer would give 3 x 5.00 = 15.00, and 15.00 less
    // the 9.00 fee would put them at the supplier at 2.00 each); at the supplier at 27.60 - 9.00 = 18.60.
    expect(await entries(orderNumber)).toEqual([
      ['1300 Dr 92', '1300 Cr 40', '1300 Cr 22', '2300 Cr 30'],
      ['1300 Dr 18.6', '1300 Cr 27.6', '2300 Dr 9'],
    ]);
    expect(await layers(fg)).toEqual([
      [5, 25, 5, 25],
      [10, 92, 7, 64.4],
      [3, 18.6, 3, 18.6],
    ]);

    // Re-delivered: the 3 come out of the layer their rejection made (18.60, not the oldest 3 x 5.00 = 15.00), plus
    // the fee again 9.00: 27.60, 9.20 each as first delivered. The old stock keeps its 5 at 5.00.
    const redelivery = await eventually(async () => {
      const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: planner });
      const tasks = response.json<{ tasks: Task[] }>().tasks;
      return tasks.find(
        (task) => task.status === 'open' && task.formKind === 'supplier-receipt' && task.id !== first.id,
      );
    });
    expect((await complete(redelivery.id, { quantity: 3, lotCode: 'FG-2' })).statusCode).toBe(200);
    const [, second] = await lotsOf(orderNumber, 2);
    const accept = await inspect(second!.workflowId, 10);
    expect((await complete(accept.id, { parts: [{ kind: 'accepted', quantity: 3 }] }, engineer)).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 60_000, 'the order closed');
    expect(await entries(orderNumber)).toEqual([
      ['1300 Dr 92', '1300 Cr 40', '1300 Cr 22', '2300 Cr 30'],
      ['1300 Dr 18.6', '1300 Cr 27.6', '2300 Dr 9'],
      ['1300 Dr 27.6', '1300 Cr 18.6', '2300 Cr 9'],
    ]);
    expect(await layers(fg)).toEqual([
      [5, 25, 5, 25],
      [10, 92, 7, 64.4],
      [3, 18.6, 0, 0],
      [3, 27.6, 3, 27.6],
    ]);
  });
});
