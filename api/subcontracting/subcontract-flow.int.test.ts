import { num, query } from '../../db/sql';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import type { SendPick, SubcontractOrderState } from '../../workflows/subcontract-order/subcontract-order.contract';
import {
  isoDay,
  publishSupplierRules,
  receiveLots,
  subcontractWorld,
  type SubcontractWorld,
} from './subcontract-world';

jest.setTimeout(300_000);

/** Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'subcontract-order' });
const clerk = t.headers('clerk');
const planner = t.headers('planner');
const admin = t.headers('admin');
const admin2 = t.headers('admin2');

interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown>;
}

const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);

const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

async function processDetail(workflowId: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: planner });
  return response.json<{ instance: { status: string }; tasks: Task[]; state: SubcontractOrderState | null }>();
}

/** The open task of a kind other than the ones already seen (a re-opened delivery gets a new id). */
const nextTask = (workflowId: string, formKind: string, seen: string[]) =>
  eventually(async () => {
    const tasks = (await processDetail(workflowId)).tasks;
    return tasks.find((task) => task.status === 'open' && task.formKind === formKind && !seen.includes(task.id));
  });

async function createOrder(world: SubcontractWorld, feePerUnit: number) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/subcontract-orders',
    headers: { ...planner, 'idempotency-key': `sc-flow-${world.suffix}` },
    payload: {
      supplierCode: world.supplierCode,
      itemSku: world.sku.fg,
      quantity: 10,
      dueDate: isoDay(14),
      feePerUnit,
      warehouseCode: world.warehouseCode,
    },
  });
  expect(response.statusCode).toBe(201);
  const { orderNumber, workflowId } = response.json<{ orderNumber: string; workflowId: string }>();
  return { orderNumber, workflowId };
}

/** Approves the order and sends every reserved component (the clerk confirms the reserved picks as they are). */
async function approveAndSend(workflowId: string) {
  const approval = await openFormTask<Task>(t.app, planner, workflowId, 'subcontract-approval');
  expect((await complete(approval.id, { approved: true }, planner)).statusCode).toBe(200);
  const pick = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
  const picks = (pick.payload.picks as SendPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
    lineNo,
    location,
    lotCode,
    quantity,
  }));
  expect((await complete(pick.id, { picks })).statusCode).toBe(200);
  return picks;
}

async function atSupplier(world: SubcontractWorld, sku: string) {
  const [row] = await rows<{ q: string }>(
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id where i.sku = ? and l.code = ? and b.status = 'at-supplier'`,
    [sku, `SUP-${world.supplierCode}`],
  );
  return num(row?.q);
}

async function onHand(sku: string, location: string, lot: string) {
  const [row] = await rows<{ q: string }>(
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id join lot on lot.id = b.lot_id
      where i.sku = ? and l.code = ? and lot.code = ? and b.status = 'available'`,
    [sku, location, lot],
  );
  return num(row?.q);
}

/** The order's journal lines per account: debit and credit sums. */
async function ledger(orderNumber: string) {
  const lines = await rows<{ account_code: string; debit: string; credit: string }>(
    `select l.account_code, sum(l.debit) as debit, sum(l.credit) as credit
       from journal_entry e join journal_line l on l.entry_id = e.id
      where e.source_type = 'subcontract-order' and (e.source_ref = ? or e.source_ref like ?)
      group by l.account_code order by l.account_code`,
    [orderNumber, `${orderNumber}/%`],
  );
  return Object.fromEntries(lines.map((l) => [l.account_code, { debit: num(l.debit), credit: num(l.credit) }]));
}

/** The order's journal entries in order, each as its lines `account debit/credit` (one entry per delivery). */
async function entries(orderNumber: string) {
  const lines = await rows<{ entry_id: number; account_code: string; debit: string; credit: string }>(
    `select e.id as entry_id, l.account_code, l.debit, l.credit
       from journal_entry e join journal_line l on l.entry_id = e.id
      where e.source_type = 'subcontract-order' and (e.source_ref = ? or e.source_ref like ?)
      order by e.id, l.account_code, l.debit desc, l.credit desc`,
    [orderNumber, `${orderNumber}/%`],
  );
  const byEntry = new Map<number, string[]>();
  for (const line of lines) {
    const side = num(line.debit) > 0 ? `Dr ${num(line.debit)}` : `Cr ${num(line.credit)}`;
    byEntry.set(line.entry_id, [...(byEntry.get(line.entry_id) ?? []), `${line.account_code} ${side}`]);
  }
  return [...byEntry.values()];
}

const totals = (orderNumber: string) =>
  rows<{ line_no: number; sent: string; consumed: string; scrapped: string; returned: string }>(
    `select c.line_no, c.sent_quantity as sent, c.consumed_quantity as consumed, c.scrapped_quantity as scrapped,
            c.returned_quantity as returned
       from subcontract_order_component c join subcontract_order o on o.id = c.order_id
      where o.order_number = ? order by c.line_no`,
    [orderNumber],
  ).then((list) =>
    list.map((c) => [c.line_no, num(c.sent), num(c.consumed), num(c.scrapped), num(c.returned)] as const),
  );

const orderStatus = async (orderNumber: string) =>
  (await rows<{ status: string }>('select status from subcontract_order where order_number = ?', [orderNumber]))[0]
    ?.status;

describe('the subcontract order process on real Temporal + PostgreSQL', () => {
  test('by BOM ratio: approve, send (FIFO lots, no entry, never allocatable), two partial deliveries at cost + fee, a delivery beyond tolerance or consuming more than is at the supplier refused (400 naming the field, nothing written), closed', async () => {
    const world = await subcontractWorld(t.orm);
    await publishSupplierRules(t.app, { admin, admin2 }, [
      { supplierCode: world.supplierCode, method: 'bom-ratio', overDeliveryPercent: 5 },
    ]);
    await receiveLots(t.orm, world.sku.bolt, [
      { lot: 'B-OLD', location: world.bins.a, quantity: 10, unitCost: 1 },
      { lot: 'B-NEW', location: world.bins.b, quantity: 20, unitCost: 1.5 },
    ]);
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 10, unitCost: 4 }]);
    const { orderNumber, workflowId } = await createOrder(world, 3);

    // 10 FG: bolts 10 x 2 x 1.1 = 22 (the old lot's 10, then 12 of the new), plates 10.
    const picks = await approveAndSend(workflowId);
    expect(picks).toEqual(
      expect.arrayContaining([
        { lineNo: 1, location: world.bins.a, lotCode: 'B-OLD', quantity: 10 },
        { lineNo: 1, location: world.bins.b, lotCode: 'B-NEW', quantity: 12 },
        { lineNo: 2, location: world.bins.a, lotCode: 'P-1', quantity: 10 },
      ]),
    );
    const first = await openFormTask<Task>(t.app, clerk, workflowId, 'supplier-receipt');
    expect(await atSupplier(world, world.sku.bolt)).toBe(22);
    expect(await atSupplier(world, world.sku.plate)).toBe(10);
    expect(await orderStatus(orderNumber)).toBe('at-supplier');
    // Sending is a move within 1300: no journal entry.
    expect(await ledger(orderNumber)).toEqual({});
    const state = (await processDetail(workflowId)).state;
    expect(state?.consumption).toMatchObject({ method: 'bom-ratio', overDeliveryPercent: 5 });
    expect(state?.consumption?.decisionId).toEqual(expect.any(Number));

    // The plates are all at the supplier: a sales order for one gets nothing.
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: clerk,
      payload: { customerCode: 'C-ACME', lines: [{ itemSku: world.sku.plate, quantity: 1 }] },
    });
    expect(placed.statusCode).toBe(201);
    const sales = placed.json<{ workflowId: string; orderNumber: string }>();
    await eventually(async () => {
      const listed = await t.app.inject({
        method: 'GET',
        url: `/api/rule-sets/decisions?workflowId=${encodeURIComponent(sales.workflowId)}`,
        headers: admin,
      });
      const items = listed.json<{ items: Array<{ ruleSetType: string }> }>().items;
      return items.some((d) => d.ruleSetType === 'allocation') ? true : undefined;
    });
    const [reserved] = await rows<{ n: string }>(
      `select coalesce(sum(b.reserved_quantity), 0) as n from stock_balance b join item i on i.id = b.item_id
        where i.sku = ?`,
      [world.sku.plate],
    );
    expect(num(reserved?.n)).toBe(0);
    await t.app.inject({
      method: 'POST',
      url: `/api/orders/${sales.orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'test done' },
    });

    // Delivery 1: 4 FG. Bolts 4 x 2 x 1.1 = 8.8 of the old layer at 1.00 = 8.80; plates 4 x 4.00 = 16.00;
    // fee 4 x 3.00 = 12.00: the finished goods come in at 36.80.
    expect(
      (
        await complete(first.id, {
          quantity: 4,
          lotCode: 'FG-1',
          consumed: [
            { lineNo: 1, quantity: 8.8 },
            { lineNo: 2, quantity: 4 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    const second = await nextTask(workflowId, 'supplier-receipt', [first.id]);
    expect(await onHand(world.sku.fg, world.bins.a, 'FG-1')).toBe(4);
    // One entry: Dr 1300 the goods 36.80 / Cr 1300 bolts 8.80, plates 16.00 / Cr 2300 exactly the fee 12.00.
    expect(await entries(orderNumber)).toEqual([['1300 Dr 36.8', '1300 Cr 16', '1300 Cr 8.8', '2300 Cr 12']]);
    expect(await ledger(orderNumber)).toEqual({
      '1300': { debit: 36.8, credit: 24.8 },
      '2300': { debit: 0, credit: 12 },
    });
    expect(await orderStatus(orderNumber)).toBe('partly-received');

    // Bad deliveries are refused before the task's completion is accepted: a 400 naming the payload's field, the task
    // still open, nothing written (no move, no entry, no delivery, the totals as they were).
    const moves = `select count(*) as n from stock_move where document_type = 'subcontract-order' and document_ref = ?`;
    const movesBefore = await countRows(t.orm, moves, [orderNumber]);
    const deliveryRows = `select count(*) as n from subcontract_delivery d join subcontract_order o on o.id = d.order_id
      where o.order_number = ?`;
    const totalsBefore = await totals(orderNumber);
    const refused = async (payload: Record<string, unknown>, field: string, says: string) => {
      const response = await complete(second.id, payload);
      expect([response.statusCode, response.json().error]).toEqual([
        400,
        expect.objectContaining({ code: 'TASK_PAYLOAD_INVALID', field }),
      ]);
      expect(String(response.json().error.message)).toContain(says);
      expect(await countRows(t.orm, moves, [orderNumber])).toBe(movesBefore);
      expect(await countRows(t.orm, deliveryRows, [orderNumber])).toBe(1);
      expect(await totals(orderNumber)).toEqual(totalsBefore);
      expect(await ledger(orderNumber)).toEqual({
        '1300': { debit: 36.8, credit: 24.8 },
        '2300': { debit: 0, credit: 12 },
      });
      const open = (await processDetail(workflowId)).tasks.find((task) => task.id === second.id);
      expect(open?.status).toBe('open');
    };
    // 6.6 more would make 10.6: beyond 10 + 5 % (10.5).
    await refused({ quantity: 6.6, lotCode: 'FG-2' }, 'payload.quantity', '10.5');
    // Consuming more than is at the supplier: 6 FG need 6 plates by BOM ratio, but with 1 of the 6 there returned only 5
    // are left (the plates are line 2, the second component).
    await refused(
      { quantity: 6, lotCode: 'FG-2', returned: [{ lineNo: 2, quantity: 1 }] },
      'payload.components[1]',
      'only 5 is still at the supplier',
    );
    // Reporting more scrapped than is there: 13.2 bolts at the supplier, 20 reported scrapped.
    await refused(
      { quantity: 1, lotCode: 'FG-2', scrapped: [{ lineNo: 1, quantity: 20 }] },
      'payload.components[0]',
      'than was sent (22)',
    );
    // Delivery 2: the last 6. Bolts 13.2: 1.2 x 1.00 + 12 x 1.50 = 19.20; plates 6 x 4.00 = 24.00; fee 18.00: 61.20.
    expect((await complete(second.id, { quantity: 6, lotCode: 'FG-2' })).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 60_000, 'the order closed');
    expect(await orderStatus(orderNumber)).toBe('closed');
    expect(await onHand(world.sku.fg, world.bins.a, 'FG-2')).toBe(6);
    // Two entries, one per delivery; over both 2300 holds exactly the fees (10 x 3.00), 1300 rose by exactly them.
    expect(await entries(orderNumber)).toEqual([
      ['1300 Dr 36.8', '1300 Cr 16', '1300 Cr 8.8', '2300 Cr 12'],
      ['1300 Dr 61.2', '1300 Cr 24', '1300 Cr 19.2', '2300 Cr 18'],
    ]);
    expect(await ledger(orderNumber)).toEqual({
      '1300': { debit: 98, credit: 68 },
      '2300': { debit: 0, credit: 30 },
    });
    expect(await totals(orderNumber)).toEqual([
      [1, 22, 22, 0, 0],
      [2, 10, 10, 0, 0],
    ]);
    const deliveries = await rows<{ delivery_no: number; fee_accrued: string; finished_quantity: string }>(
      `select d.delivery_no, d.fee_accrued, d.finished_quantity from subcontract_delivery d
         join subcontract_order o on o.id = d.order_id where o.order_number = ? order by d.delivery_no`,
      [orderNumber],
    );
    expect(deliveries.map((d) => [d.delivery_no, num(d.finished_quantity), num(d.fee_accrued)])).toEqual([
      [1, 4, 12],
      [2, 6, 18],
    ]);
    t.record('bom-ratio-two-deliveries-confirmed', workflowId);
  });

  test('as sent: the completing delivery consumes what is left after the returned bolt and the scrapped plate', async () => {
    const world = await subcontractWorld(t.orm);
    await publishSupplierRules(t.app, { admin, admin2 }, [
      { supplierCode: world.supplierCode, method: 'as-sent', overDeliveryPercent: 0 },
    ]);
    await receiveLots(t.orm, world.sku.bolt, [
      { lot: 'B-OLD', location: world.bins.a, quantity: 10, unitCost: 2 },
      { lot: 'B-NEW', location: world.bins.b, quantity: 20, unitCost: 1 },
    ]);
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 10, unitCost: 4 }]);
    const { orderNumber, workflowId } = await createOrder(world, 2.5);
    await approveAndSend(workflowId);

    // Delivery 1: 4 of 10 consumes 4/10 of what was sent: bolts 8.8 x 2.00 = 17.60, plates 4 x 4.00 = 16.00, fee 10.00.
    const first = await openFormTask<Task>(t.app, clerk, workflowId, 'supplier-receipt');
    expect((await complete(first.id, { quantity: 4, lotCode: 'FG-1' })).statusCode).toBe(200);
    const second = await nextTask(workflowId, 'supplier-receipt', [first.id]);
    expect(await ledger(orderNumber)).toEqual({
      '1300': { debit: 43.6, credit: 33.6 },
      '2300': { debit: 0, credit: 10 },
    });
    // Delivery 2 completes the order; the supplier returns 1 bolt and scrapped half a plate. Consumed: bolts
    // 22 - 8.8 - 1 = 12.2 (1.2 x 2.00 + 11 x 1.00 = 13.40), plates 10 - 4 - 0.5 = 5.5 (22.00); fee 15.00: 50.40.
    // By BOM ratio the 13.2 bolts would not be there.
    expect(
      (
        await complete(second.id, {
          quantity: 6,
          lotCode: 'FG-2',
          returned: [{ lineNo: 1, quantity: 1 }],
          scrapped: [{ lineNo: 2, quantity: 0.5 }],
        })
      ).statusCode,
    ).toBe(200);
    await instanceCompleted(t.orm, workflowId, 60_000, 'the order closed');
    expect(await totals(orderNumber)).toEqual([
      [1, 22, 21, 0, 1],
      [2, 10, 9.5, 0.5, 0],
    ]);
    // The returned bolt is back home, available (lot B-NEW: the site's older balance was consumed first).
    expect(await onHand(world.sku.bolt, world.bins.a, 'B-NEW')).toBe(1);
    expect(await atSupplier(world, world.sku.bolt)).toBe(0);
    // Delivery 2's one entry carries the reported scrap too: 0.5 plate x 4.00 = 2.00, Dr 5200 / Cr 1300.
    expect(await entries(orderNumber)).toEqual([
      ['1300 Dr 43.6', '1300 Cr 17.6', '1300 Cr 16', '2300 Cr 10'],
      ['1300 Dr 50.4', '1300 Cr 22', '1300 Cr 13.4', '1300 Cr 2', '2300 Cr 15', '5200 Dr 2'],
    ]);
    expect(await ledger(orderNumber)).toEqual({
      '1300': { debit: 94, credit: 71 },
      '2300': { debit: 0, credit: 25 },
      '5200': { debit: 2, credit: 0 },
    });
    expect(await orderStatus(orderNumber)).toBe('closed');
    t.record('as-sent-return-and-scrap', workflowId);
  });

  test('a cancel while the approval waits withdraws it and ends the process cancelled', async () => {
    const world = await subcontractWorld(t.orm);
    const { orderNumber, workflowId } = await createOrder(world, 1);
    await openFormTask<Task>(t.app, planner, workflowId, 'subcontract-approval');
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/subcontract-orders/${orderNumber}/cancel`,
      headers: planner,
      payload: { reason: 'not needed' },
    });
    expect(cancelled.statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 60_000, 'the process cancelled', 'cancelled');
    expect((await processDetail(workflowId)).state?.cancelReason).toBe('not needed');
    t.record('cancelled-awaiting-approval', workflowId);
  });
});
