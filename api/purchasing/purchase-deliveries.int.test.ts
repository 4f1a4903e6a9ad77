import { num, query } from '../../db/sql';
import { countRows, eventually, intEnv, login, useTestApp } from '../../test/support/int-env';
import { quantityReopenedSignal } from '../../workflows/purchase-receipt/purchase-receipt.contract';
import { purchaseReceiptStart } from '../../workflows/purchase-receipt/purchase-receipt.start';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';

jest.setTimeout(240_000);

/** The finished run is kept as a replay fixture (MW_RECORD_HISTORIES=1 writes it to test/replay/histories). */
const t = useTestApp({ histories: 'purchase-receipt' });
const clerk = t.headers('clerk');

interface OpenTask {
  id: string;
  formKind: string;
  status: string;
  payload: Record<string, unknown> & { lines: Array<Record<string, unknown> & { lineNo: number }> };
}
interface Detail {
  status: string;
  closedReason: string | null;
  lines: Array<{
    lineNo: number;
    orderedQuantity: number;
    receivedQuantity: number;
    openQuantity: number;
    dueDate: string;
    unitCost: number;
  }>;
  deliveries: Array<{ deliveryNo: number; receivedAt: string; lines: Array<{ lineNo: number; quantity: number }> }>;
}

const complete = (taskId: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: clerk, payload: { payload } });
const detail = async (orderNumber: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/purchase-orders/${orderNumber}`, headers: clerk })).json<Detail>();
const open = async (orderNumber: string) => (await detail(orderNumber)).lines.map((line) => line.openQuantity);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** The next open task of a form kind whose id differs from the one just completed. */
async function nextTask(workflowId: string, formKind: string, notId?: string): Promise<OpenTask> {
  return eventually(
    async () => {
      const task = await openFormTask<OpenTask>(t.app, clerk, workflowId, formKind);
      return task.id === notId ? undefined : task;
    },
    60_000,
    `the next ${formKind} task`,
  );
}

/** Puts the delivery's every line away into MAIN-B04 and waits for the next step. */
async function putAway(workflowId: string, previous?: string): Promise<string> {
  const task = await nextTask(workflowId, 'putaway', previous);
  const response = await complete(task.id, {
    lines: task.payload.lines.map((line) => ({ lineNo: line.lineNo, toLocation: 'MAIN-B04' })),
  });
  expect(response.statusCode).toBe(200);
  return task.id;
}

/** What supplier returns do (contract-A): lower received_quantity in their transaction, then signal-with-start. */
async function supplierReturned(orderNumber: string, quantity: number): Promise<void> {
  await query(
    t.orm.em.fork(),
    `update purchase_order_line set received_quantity = received_quantity - ?
      where order_id = (select id from purchase_order where order_number = ?) and line_no = 1`,
    [quantity, orderNumber],
  );
  await query(
    t.orm.em.fork(),
    `update purchase_order set status = 'open' where order_number = ? and status in ('received', 'put-away')`,
    [orderNumber],
  );
  const start = purchaseReceiptStart(orderNumber, 'clerk', intEnv().taskQueue);
  await t.temporal.workflow.signalWithStart('purchaseReceipt', {
    workflowId: start.workflowId,
    taskQueue: start.taskQueue,
    args: start.args,
    signal: quantityReopenedSignal,
    signalArgs: [{ lines: [{ lineNo: 1, quantity }] }],
  });
}

describe('purchase orders as suppliers deliver (real Temporal + PostgreSQL)', () => {
  test('three deliveries (one dated late, one over within tolerance), then closed short; beyond tolerance is refused', async () => {
    const due = daysAgo(5).toISOString().slice(0, 10);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: 'S-STEEL',
        warehouseCode: 'MAIN',
        lines: [
          // No unitCost: the price comes from the item-supplier record.
          { itemSku: 'HW-001', quantity: 100, dueDate: due },
          { itemSku: 'HW-002', quantity: 10, unitCost: 0.05 },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const [price] = await query<{ price: string; lead: number | null }>(
      t.orm.em.fork(),
      `select s.price, coalesce(s.lead_time_days, i.lead_time_days, 0) as lead from item_supplier s
         join item i on i.id = s.item_id join supplier p on p.id = s.supplier_id where i.sku = 'HW-002' and p.code = 'S-STEEL'`,
    );
    const placed = await detail(orderNumber);
    expect(placed.status).toBe('open');
    expect(placed.lines[0]).toMatchObject({ orderedQuantity: 100, openQuantity: 100, dueDate: due });
    const [hw1Price] = await query<{ price: string }>(
      t.orm.em.fork(),
      `select s.price from item_supplier s join item i on i.id = s.item_id join supplier p on p.id = s.supplier_id
        where i.sku = 'HW-001' and p.code = 'S-STEEL'`,
    );
    expect(placed.lines[0]?.unitCost).toBe(num(hw1Price?.price));
    // The due date defaults to today plus the lead time on record.
    const expectedDue = new Date(Date.now() + num(price?.lead ?? 0) * 86_400_000).toISOString().slice(0, 10);
    expect(placed.lines[1]?.dueDate).toBe(expectedDue);

    // Delivery 1, dated late: it arrived two days ago (after the due date) and is recorded now.
    const first = await nextTask(workflowId, 'goods-receipt');
    expect(first.payload.lines[0]).toMatchObject({ openQuantity: 100, maxQuantity: 110, dueDate: due });
    const arrived = daysAgo(2).toISOString();
    expect((await complete(first.id, { receivedAt: arrived, lines: [{ lineNo: 1, quantity: 40 }] })).statusCode).toBe(
      200,
    );
    const put1 = await putAway(workflowId);
    expect(await eventually(async () => ((await detail(orderNumber)).deliveries.length === 1 ? true : undefined))).toBe(
      true,
    );
    expect(await open(orderNumber)).toEqual([60, 10]);
    expect((await detail(orderNumber)).status).toBe('partly-received');

    // Delivery 2: beyond the tolerance (40 + 71 > 110) is refused naming the field, and nothing is written.
    const second = await nextTask(workflowId, 'goods-receipt', first.id);
    expect(second.payload.lines[0]).toMatchObject({ receivedQuantity: 40, openQuantity: 60, maxQuantity: 70 });
    const movesBefore = await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ?`, [
      orderNumber,
    ]);
    const refused = await complete(second.id, { lines: [{ lineNo: 1, quantity: 71 }] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('payload.lines[0].quantity');
    expect(await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ?`, [orderNumber])).toBe(
      movesBefore,
    );
    expect(await open(orderNumber)).toEqual([60, 10]);
    expect((await detail(orderNumber)).deliveries).toHaveLength(1);

    // Over within tolerance: 65 of the 60 open (105 of 100), and part of line 2.
    const over = await complete(second.id, {
      lines: [
        { lineNo: 1, quantity: 65 },
        { lineNo: 2, quantity: 4 },
      ],
    });
    expect(over.statusCode).toBe(200);
    const put2 = await putAway(workflowId, put1);
    await eventually(async () => ((await detail(orderNumber)).deliveries.length === 2 ? true : undefined));
    expect(await open(orderNumber)).toEqual([0, 6]);
    expect((await detail(orderNumber)).lines[0]?.receivedQuantity).toBe(105);

    // Delivery 3: two more of line 2; line 1 may not take more than its tolerance leaves (5).
    const third = await nextTask(workflowId, 'goods-receipt', second.id);
    expect(third.payload.lines[0]).toMatchObject({ openQuantity: 0, maxQuantity: 5 });
    expect((await complete(third.id, { lines: [{ lineNo: 2, quantity: 2 }] })).statusCode).toBe(200);
    await putAway(workflowId, put2);
    await eventually(async () => ((await detail(orderNumber)).deliveries.length === 3 ? true : undefined));
    expect(await open(orderNumber)).toEqual([0, 4]);

    // The supplier will not deliver the rest: closed short with a reason; the open receipt task is withdrawn.
    const fourth = await nextTask(workflowId, 'goods-receipt', third.id);
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/purchase-orders/${orderNumber}/close`,
      headers: clerk,
      payload: { reason: ' ' },
    });
    expect([noReason.statusCode, noReason.json().error.field]).toEqual([400, 'reason']);
    const close = await t.app.inject({
      method: 'POST',
      url: `/api/purchase-orders/${orderNumber}/close`,
      headers: clerk,
      payload: { reason: 'Supplier discontinued HW-002' },
    });
    expect(close.statusCode).toBe(202);
    await instanceCompleted(t.orm, workflowId);
    const closed = await detail(orderNumber);
    expect(closed).toMatchObject({ status: 'closed-short', closedReason: 'Supplier discontinued HW-002' });
    expect(closed.lines.map((line) => [line.receivedQuantity, line.openQuantity])).toEqual([
      [105, 0],
      [6, 0],
    ]);
    expect(closed.deliveries.map((d) => [d.deliveryNo, d.lines.map((line) => [line.lineNo, line.quantity])])).toEqual([
      [1, [[1, 40]]],
      [
        2,
        [
          [1, 65],
          [2, 4],
        ],
      ],
      [3, [[2, 2]]],
    ]);
    // Delivery 1 is dated when the goods arrived, and so are its moves.
    expect(closed.deliveries[0]?.receivedAt).toBe(arrived);
    const [dated] = await query<{ effective_at: string }>(
      t.orm.em.fork(),
      'select effective_at from stock_move where idempotency_key = ?',
      [`${workflowId}:receipt:d1:1`],
    );
    expect(new Date(dated?.effective_at ?? '').toISOString()).toBe(arrived);
    const [withdrawn] = await query<{ status: string }>(t.orm.em.fork(), 'select status from human_task where id = ?', [
      fourth.id,
    ]);
    expect(withdrawn?.status).not.toBe('open');
    expect(
      await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ? and move_type = 'receipt'`, [
        orderNumber,
      ]),
    ).toBe(4);
    const list = await t.app.inject({ method: 'GET', url: `/api/purchase-orders?q=${orderNumber}`, headers: clerk });
    expect(list.json().items[0]).toMatchObject({ orderNumber, status: 'closed-short', openQuantity: 0 });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/purchase-orders/${orderNumber}/close`,
      headers: clerk,
      payload: { reason: 'twice' },
    });
    expect(again.statusCode).toBe(409);
    t.record('three-deliveries-closed-short', workflowId);
  });

  test('a supplier return reopens open quantity: the open task takes more, and a finished receipt starts again', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: 'S-STEEL',
        warehouseCode: 'MAIN',
        lines: [{ itemSku: 'HW-001', quantity: 10, unitCost: 1 }],
      },
    });
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const first = await nextTask(workflowId, 'goods-receipt');
    expect((await complete(first.id, { lines: [{ lineNo: 1, quantity: 6 }] })).statusCode).toBe(200);
    const put1 = await putAway(workflowId);
    const second = await nextTask(workflowId, 'goods-receipt', first.id);
    expect(second.payload.lines[0]).toMatchObject({ openQuantity: 4, maxQuantity: 5 });

    const reopen = (quantity: number) => supplierReturned(orderNumber, quantity);
    // Running: 2 returned, so the open task now takes up to 4 + 2 + 1 (tolerance).
    await reopen(2);
    await eventually(
      async () => {
        const response = await complete(second.id, { lines: [{ lineNo: 1, quantity: 7 }] });
        return response.statusCode === 200 ? true : undefined;
      },
      30_000,
      'the widened receipt',
    );
    const put2 = await putAway(workflowId, put1);
    await instanceCompleted(t.orm, workflowId);
    expect((await detail(orderNumber)).lines[0]).toMatchObject({ receivedQuantity: 11, openQuantity: 0 });
    expect((await detail(orderNumber)).status).toBe('received');

    // Completed: 5 returned for replacement; a new run opens delivery 3 for them. The projection says completed just
    // before Temporal closes the run: a signal in between reached the closing run and was lost (CI), so wait for it.
    await t.temporal.workflow.getHandle(workflowId).result();
    await reopen(5);
    const third = await nextTask(workflowId, 'goods-receipt', second.id);
    expect(third.payload).toMatchObject({ deliveryNo: 3 });
    expect(third.payload.lines[0]).toMatchObject({ receivedQuantity: 6, openQuantity: 4 });
    expect((await complete(third.id, { lines: [{ lineNo: 1, quantity: 4 }] })).statusCode).toBe(200);
    await putAway(workflowId, put2);
    await eventually(async () => ((await detail(orderNumber)).status === 'received' ? true : undefined));
    expect((await detail(orderNumber)).deliveries.map((d) => [d.deliveryNo, d.lines[0]?.quantity])).toEqual([
      [1, 6],
      [2, 7],
      [3, 4],
    ]);
  });

  test('a return signalled after the last delivery, while the run still waits on its scrap task, is received by it', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: 'S-NORD',
        warehouseCode: 'MAIN',
        lines: [{ itemSku: 'PHAR-001', quantity: 6, unitCost: 2 }],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const first = await nextTask(workflowId, 'goods-receipt');
    // Inside the pharma rule's 14-day scrap window: after the putaway the run waits on a scrap task, every line received.
    const expiresOn = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const lotCode = `PH-LATE-${Date.now()}`;
    expect((await complete(first.id, { lines: [{ lineNo: 1, quantity: 6, lotCode, expiresOn }] })).statusCode).toBe(
      200,
    );
    const put1 = await putAway(workflowId);
    const scrap = await nextTask(workflowId, 'expiry-scrap');
    expect((await detail(orderNumber)).lines[0]).toMatchObject({ receivedQuantity: 6, openQuantity: 0 });

    // The delivery loop has finished; the signal reaches this same run (it is still open), which must not drop it.
    await supplierReturned(orderNumber, 3);
    expect((await complete(scrap.id, { scrap: false })).statusCode).toBe(200);
    const second = await nextTask(workflowId, 'goods-receipt', first.id);
    expect(second.payload).toMatchObject({ deliveryNo: 2 });
    expect(second.payload.lines[0]).toMatchObject({ receivedQuantity: 3, openQuantity: 3 });
    expect(
      (
        await complete(second.id, {
          lines: [{ lineNo: 1, quantity: 3, lotCode: `${lotCode}-2`, expiresOn: '2029-12-31' }],
        })
      ).statusCode,
    ).toBe(200);
    await putAway(workflowId, put1);
    await instanceCompleted(t.orm, workflowId);
    expect((await detail(orderNumber)).deliveries.map((d) => [d.deliveryNo, d.lines[0]?.quantity])).toEqual([
      [1, 6],
      [2, 3],
    ]);
    t.record('late-reopen-after-last-delivery', workflowId);
  });

  test('the over-delivery tolerance is a company setting admins change (never frozen by postings)', async () => {
    const admin = await login(t.app, 'admin');
    const read = await t.app.inject({ method: 'GET', url: '/api/company-settings', headers: admin });
    const current = read.json<{
      fiscalYearStartMonth: number;
      timeZone: string;
      overDeliveryTolerancePercent: number;
    }>();
    expect(current.overDeliveryTolerancePercent).toBe(10);
    const put = (overDeliveryTolerancePercent: number) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/company-settings',
        headers: admin,
        payload: {
          fiscalYearStartMonth: current.fiscalYearStartMonth,
          timeZone: current.timeZone,
          overDeliveryTolerancePercent,
        },
      });
    const bad = await put(-1);
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'overDeliveryTolerancePercent']);
    expect((await put(2.5)).json()).toMatchObject({ overDeliveryTolerancePercent: 2.5 });
    const list = await t.app.inject({ method: 'GET', url: '/api/purchase-orders?pageSize=1', headers: clerk });
    const { orderNumber } = list.json<{ items: Array<{ orderNumber: string }> }>().items[0] ?? { orderNumber: '' };
    expect((await detail(orderNumber)) as unknown).toMatchObject({ overDeliveryTolerancePercent: 2.5 });
    expect((await put(10)).statusCode).toBe(200);
  });
});
