import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { inspectionLotsOf, itemLayers, orderEntries } from '../../test/support/subcontract-reads';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { isoDay, receiveLots, subcontractWorld } from '../../api/subcontracting/subcontract-world';

/*
 * A subcontract delivery rejected at the quality gate and re-delivered, with older stock of the finished item on hand
 * (issue 15, item 3): the goods go back to the supplier and come again at their own cost (the delivery's layer, then
 * the layer the rejection put at the supplier's site), never at the older stock's, which stays as it was. A backdated
 * receipt afterwards re-values the finished item's FIFO layers by effective time, and the two moves that took their
 * own layer when posted take it again in the replay (stock_move.from_layer_of_move_id), so they keep their cost; a
 * plain issue in the same scope is re-costed.
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

async function scalar(sql: string, params: unknown[]): Promise<number> {
  const [row] = await query<{ v: string }>(t.orm.em.fork(), sql, params);
  return num(row?.v ?? 0);
}

/** The ledger's balance (debit − credit) of one account, over every entry. */
const balance = (account: string) =>
  scalar('select coalesce(sum(debit - credit), 0) as v from journal_line where account_code = ?', [account]);

/** The item's valuation (the Inventory subledger) and what its layers still hold: the two must agree. */
const valuation = (sku: string) =>
  scalar('select v.value as v from item_valuation v join item i on i.id = v.item_id where i.sku = ?', [sku]);

/** The order's issues of the finished item (rejection out of quarantine, re-delivery), with cost and named layer. */
const orderIssues = (orderNumber: string, sku: string) =>
  query<{ id: number; value: string; from_layer_of_move_id: number | null }>(
    t.orm.em.fork(),
    `select m.id, (select sum(c.value) from layer_consumption c where c.move_id = m.id) as value, m.from_layer_of_move_id
       from stock_move m join item i on i.id = m.item_id
      where m.document_ref = ? and i.sku = ? and m.move_type = 'issue' order by m.id`,
    [orderNumber, sku],
  );

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

/**
 * Older stock on hand (5 FG at 5.00), a subcontract order of 10 delivered at 92.00 (bolts 22 x 1.00 + plates 10 x 4.00
 * + fee 10 x 3.00, 9.20 each), 3 rejected at the gate and sent back (`afterRejection` sees that state), re-delivered
 * and accepted, the order closed.
 */
async function rejectAndRedeliver(key: string, afterRejection: (orderNumber: string, fg: string) => Promise<void>) {
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
    headers: { ...planner, 'idempotency-key': `${key}-${world.suffix}` },
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

  await afterRejection(orderNumber, fg);
  const redelivery = await eventually(async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: planner });
    const tasks = response.json<{ tasks: Task[] }>().tasks;
    return tasks.find((task) => task.status === 'open' && task.formKind === 'supplier-receipt' && task.id !== first.id);
  });
  expect((await complete(redelivery.id, { quantity: 3, lotCode: 'FG-2' })).statusCode).toBe(200);
  const [, second] = await lotsOf(orderNumber, 2);
  const accept = await inspect(second!.workflowId, 10);
  expect((await complete(accept.id, { parts: [{ kind: 'accepted', quantity: 3 }] }, engineer)).statusCode).toBe(200);
  await instanceCompleted(t.orm, workflowId, 60_000, 'the order closed');
  return { world, fg, orderNumber };
}

describe('a rejected subcontract delivery goes back and comes again at its own cost', () => {
  test('with 5 older FG at 5.00 on hand: rejected 3 leave at 9.20 each, re-delivered at 6.20 + fee; the old layer untouched', async () => {
    const { fg, orderNumber } = await rejectAndRedeliver('sc-redeliver', async (orderNumber, fg) => {
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
    });
    // Re-delivered: the 3 come out of the layer their rejection made (18.60, not the oldest 3 x 5.00 = 15.00), plus
    // the fee again 9.00: 27.60, 9.20 each as first delivered. The old stock keeps its 5 at 5.00.
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

  test('backdated 2 FG at 1.00: the rejection (27.60) and re-delivery (18.60) stand, a scrap is re-costed 5.00 -> 1.00', async () => {
    const { world, fg, orderNumber } = await rejectAndRedeliver('sc-redeliver-reval', async () => undefined);

    // One plain issue in the same scope: 1 scrapped from FG-OLD, at the oldest layer's 5.00.
    const scrap = await t.orm.em.fork().transactional((em) =>
      postMove(em, {
        moveType: 'scrap',
        itemSku: fg,
        lot: { code: 'FG-OLD' },
        fromLocation: world.bins.b,
        quantity: 1,
        documentType: 'test',
        documentRef: `scrap-${fg}`,
        userName: 'tester',
        idempotencyKey: `redelivery-reval:scrap:${fg}`,
      }),
    );
    expect(scrap.value).toBe(5);
    const issues = await orderIssues(orderNumber, fg);
    // Rejection out of quarantine named FG-1's receipt (3 x 9.20), the re-delivery the rejection's receipt (18.60).
    expect(issues.map((row) => [num(row.value), row.from_layer_of_move_id !== null])).toEqual([
      [27.6, true],
      [18.6, true],
    ]);
    // FG-OLD 4 x 5 = 20.00 + FG-1 7 x 9.20 = 64.40 + FG-2 3 x 9.20 = 27.60: 112.00.
    expect(await valuation(fg)).toBe(112);
    const before = { inventory: await balance('1300'), fees: await balance('2300'), scrap: await balance('5200') };
    const entriesBefore = await orderEntries(t.orm.em.fork(), orderNumber);

    // Backdated before everything of the item: 2 FG at 1.00, the oldest layer now. The replay takes the rejection and
    // the re-delivery from their own layers again (plain FIFO would cost the rejection 2 x 1.00 + 1 x 5.00 = 7.00 and
    // the re-delivery 3 x 5.00 = 15.00, booking 20.60 + 3.60 = 24.20 against fees accrued, 2300); the scrap takes
    // the backdated layer: 1.00, 4.00 less to scrap (Dr 1300 4.00 / Cr 5200 4.00).
    const backdated = await t.orm.em.fork().transactional((em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: fg,
        lot: { code: 'FG-BACK' },
        toLocation: world.bins.b,
        quantity: 2,
        unitCost: 1,
        effectiveAt: new Date(Date.now() - 30 * 60_000),
        documentType: 'test',
        documentRef: `backdated-${fg}`,
        userName: 'tester',
        idempotencyKey: `redelivery-reval:backdated:${fg}`,
      }),
    );
    expect(backdated.revaluedMoves).toBe(1);
    expect(backdated.revaluationJobId).toBeNull();
    expect((await orderIssues(orderNumber, fg)).map((row) => num(row.value))).toEqual([27.6, 18.6]);
    expect(await scalar('select sum(value) as v from layer_consumption where move_id = ?', [scrap.moveId])).toBe(1);
    // Layers by id: FG-OLD untouched again (5 at 5.00), FG-1 7 left, the supplier's 3 gone, FG-2 3, FG-BACK 1 left.
    expect(await itemLayers(t.orm.em.fork(), fg)).toEqual([
      [5, 25, 5, 25],
      [10, 92, 7, 64.4],
      [3, 18.6, 0, 0],
      [3, 27.6, 3, 27.6],
      [2, 2, 1, 1],
    ]);
    // The subledger: 25.00 + 64.40 + 27.60 + 1.00 = 118.00 = 112.00 + 2.00 received + 4.00 scrap re-costed, and the
    // ledger moved by exactly that: Inventory +6.00, scrap −4.00, fees accrued unchanged, the order's entries as they were.
    expect(await valuation(fg)).toBe(118);
    expect(Math.round(((await balance('1300')) - before.inventory) * 100) / 100).toBe(6);
    expect(Math.round(((await balance('5200')) - before.scrap) * 100) / 100).toBe(-4);
    expect(await balance('2300')).toBe(before.fees);
    expect(await orderEntries(t.orm.em.fork(), orderNumber)).toEqual(entriesBefore);
    expect(await scalar('select coalesce(sum(debit - credit), 0) as v from journal_line', [])).toBe(0);
  });
});
