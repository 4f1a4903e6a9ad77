import { num, query } from '../../db/sql';
import { countRows, createTestApp, eventually, login, useTestApp } from '../../test/support/int-env';
import { booksOf, orderDriver, packAll, pickAll, SHIP } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(240_000);

/** Finished runs worth keeping are recorded as replay fixtures (MW_RECORD_HISTORIES=1 writes them). */
const t = useTestApp({ histories: 'order-fulfillment' });
const clerk = t.headers('clerk');
const record = (name: string, workflowId: string) => t.record(name, workflowId);
let driver: ReturnType<typeof orderDriver>;
let serial = 0;
const sku = (name: string) => `FLOW-${name}-${process.pid}-${++serial}`;

beforeAll(() => {
  driver = orderDriver(t.app, clerk);
});

/** How an instance may end: the projection says whether the order shipped, was cancelled or credit-rejected. */
const ENDED = new Set(['completed', 'cancelled', 'rejected', 'failed']);

async function finished(workflowId: string) {
  return eventually(
    async () => {
      const detail = await driver.detail(workflowId);
      return ENDED.has(detail.instance.status) && detail.state ? detail.state : undefined;
    },
    90_000,
    'the order to finish',
  );
}

async function orderStatus(orderNumber: string): Promise<string> {
  const [row] = await query<{ status: string }>(
    t.orm.em.fork(),
    'select status from sales_order where order_number = ?',
    [orderNumber],
  );
  return String(row?.status);
}

async function pickPackShip(workflowId: string) {
  const pick = await driver.task(workflowId, 'pick');
  expect((await driver.complete(pick.id, { picks: pickAll(pick) })).statusCode).toBe(200);
  const pack = await driver.task(workflowId, 'pack');
  expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
  const ship = await driver.task(workflowId, 'ship');
  await driver.packCheck(ship);
  expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);
}

describe('order fulfillment flows on real Temporal + PostgreSQL', () => {
  test('short pick: the missing stock is blocked at its bin and re-allocated from another one, then it all ships', async () => {
    const item = await itemWithStock(t.orm, sku('SHORT'), [
      { location: 'MAIN-B01', lot: `${serial}-A`, quantity: 5 },
      { location: 'MAIN-B02', lot: `${serial}-B`, quantity: 5 },
    ]);
    const { orderNumber, workflowId } = await driver.place('C-BOLT', [{ itemSku: item, quantity: 4 }]);
    const first = await driver.task(workflowId, 'pick');
    expect(pickAll(first)).toEqual([{ lineNo: 1, locationCode: 'MAIN-B01', lotCode: `${serial - 0}-A`, quantity: 4 }]);
    expect(first.payload.walk).toEqual([expect.objectContaining({ stop: 1, locationCode: 'MAIN-B01', quantity: 4 })]);
    // Only 1 was found in MAIN-B01.
    const short = await driver.complete(first.id, { picks: [{ ...pickAll(first)[0], quantity: 1 }] });
    expect(short.statusCode).toBe(200);
    const second = await eventually(
      async () =>
        (await driver.detail(workflowId)).tasks.find(
          (task) => task.taskType === 'pick' && task.status === 'open' && task.id !== first.id,
        ),
      60_000,
      're-allocation',
    );
    expect(pickAll(second)).toEqual([{ lineNo: 1, locationCode: 'MAIN-B02', lotCode: `${serial}-B`, quantity: 3 }]);
    expect((await driver.complete(second.id, { picks: pickAll(second) })).statusCode).toBe(200);
    const pack = await driver.task(workflowId, 'pack');
    expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
    const ship = await driver.task(workflowId, 'ship');
    await driver.packCheck(ship);
    expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);
    const state = await finished(workflowId);
    record('short-pick-reallocated', workflowId);
    expect(state.step).toBe('completed');
    expect(state.shipments).toHaveLength(1);
    expect(state.shipments[0]?.result.shippedByLine).toEqual({ 1: 4 });
    expect(await orderStatus(orderNumber)).toBe('shipped');
    const books = await booksOf(t.orm, item);
    expect(books.balances).toEqual([
      { location: 'MAIN-B01', lot: `${serial}-A`, status: 'blocked', quantity: 4, reserved: 0 },
      { location: 'MAIN-B02', lot: `${serial}-B`, status: 'available', quantity: 2, reserved: 0 },
    ]);
  });

  test('short pick with no stock elsewhere: the rest is backordered, a purchase receipt wakes it and it ships', async () => {
    const item = await itemWithStock(t.orm, sku('BACK'), [{ location: 'MAIN-B01', lot: `${serial}-A`, quantity: 3 }]);
    const { orderNumber, workflowId } = await driver.place('C-BOLT', [{ itemSku: item, quantity: 5 }]);
    await pickPackShip(workflowId);
    const waiting = await driver.step(workflowId, 'backordered');
    expect(waiting.openByLine).toEqual({ 1: 2 });
    expect(await orderStatus(orderNumber)).toBe('backordered');

    await receiveByPurchaseOrder(item, 4);
    await pickPackShip(workflowId);
    const state = await finished(workflowId);
    record('backorder-woken-by-receipt', workflowId);
    expect(state.shipments.map((s) => s.result.shippedByLine)).toEqual([{ 1: 3 }, { 1: 2 }]);
    expect(state.shipments.map((s) => s.invoice?.amount)).toEqual([30, 20]);
    expect(await orderStatus(orderNumber)).toBe('shipped');
  });

  test.each(['awaiting-pick', 'awaiting-pack', 'awaiting-ship', 'backordered'])(
    'cancel at %s: stock and ledger end exactly as before the order',
    async (step) => {
      const item = await itemWithStock(t.orm, sku('CANCEL'), [
        { location: 'MAIN-B01', lot: `${serial}-A`, quantity: 3 },
      ]);
      const before = await booksOf(t.orm, item);
      const quantity = step === 'backordered' ? 5 : 2;
      const { orderNumber, workflowId } = await driver.place('C-BOLT', [{ itemSku: item, quantity }]);
      if (step === 'backordered') {
        await pickPackShip(workflowId);
      } else if (step !== 'awaiting-pick') {
        const pick = await driver.task(workflowId, 'pick');
        await driver.complete(pick.id, { picks: pickAll(pick) });
        if (step === 'awaiting-ship') {
          const pack = await driver.task(workflowId, 'pack');
          await driver.complete(pack.id, packAll(pack));
        }
      }
      await driver.step(workflowId, step);
      const cancelled = await t.app.inject({
        method: 'POST',
        url: `/api/orders/${orderNumber}/cancel`,
        headers: clerk,
        payload: { reason: 'customer changed their mind' },
      });
      expect(cancelled.statusCode).toBe(200);
      const state = await finished(workflowId);
      record(`cancelled-at-${step}`, workflowId);
      expect(state.step).toBe('cancelled');
      if (step === 'backordered') {
        expect(await orderStatus(orderNumber)).toBe('partially-shipped');
        return;
      }
      expect(await orderStatus(orderNumber)).toBe('cancelled');
      expect(await booksOf(t.orm, item)).toEqual(before);
      const open = await countRows(
        t.orm,
        `select count(*) as n from human_task where workflow_id = ? and status = 'open'`,
        [workflowId],
      );
      expect(open).toBe(0);
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/orders/${orderNumber}/cancel`,
        headers: clerk,
        payload: { reason: 'twice' },
      });
      expect(again.statusCode).toBe(409);
    },
  );

  test('a shipped order cannot be cancelled; changes after picking are refused; bad pack and pick payloads are 400', async () => {
    const item = await itemWithStock(t.orm, sku('BAD'), [{ location: 'MAIN-B01', lot: `${serial}-A`, quantity: 4 }]);
    const { orderNumber, workflowId } = await driver.place('C-BOLT', [{ itemSku: item, quantity: 2 }]);
    const pick = await driver.task(workflowId, 'pick');
    const notAllocated = await driver.complete(pick.id, {
      picks: [{ lineNo: 1, locationCode: 'MAIN-B02', lotCode: 'NOPE', quantity: 1 }],
    });
    expect(notAllocated.statusCode).toBe(400);
    expect(notAllocated.json().error.message).toMatch(/was not allocated/);
    const badChange = await t.app.inject({
      method: 'PATCH',
      url: `/api/orders/${orderNumber}/lines`,
      headers: clerk,
      payload: { lines: [{ lineNo: 9, quantity: 1 }] },
    });
    expect(badChange.statusCode).toBe(400);
    expect(badChange.json().error.field).toBe('lines[0].lineNo');
    expect((await driver.complete(pick.id, { picks: pickAll(pick) })).statusCode).toBe(200);
    const pack = await driver.task(workflowId, 'pack');
    const tooMuch = await driver.complete(pack.id, {
      packages: [{ packageNo: 'P1', weightKg: 1, contents: [{ lineNo: 1, quantity: 3 }] }],
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.message).toMatch(/cannot ship more than picked/);
    const lateChange = await t.app.inject({
      method: 'PATCH',
      url: `/api/orders/${orderNumber}/lines`,
      headers: clerk,
      payload: { lines: [{ lineNo: 1, quantity: 1 }] },
    });
    expect(lateChange.statusCode).toBe(409);
    expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
    const ship = await driver.task(workflowId, 'ship');
    await driver.packCheck(ship);
    expect((await driver.complete(ship.id, { carrier: 'DHL' })).statusCode).toBe(400);
    expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);
    await finished(workflowId);
    record('rejected-inputs-then-shipped', workflowId);
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'too late' },
    });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().error.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(await orderStatus(orderNumber)).toBe('shipped');
  });

  test('a quantity change before picking withdraws the pick task and re-allocates', async () => {
    const item = await itemWithStock(t.orm, sku('CHANGE'), [{ location: 'MAIN-B01', lot: `${serial}-A`, quantity: 6 }]);
    const { orderNumber, workflowId } = await driver.place('C-BOLT', [{ itemSku: item, quantity: 2 }]);
    const first = await driver.task(workflowId, 'pick');
    const change = await t.app.inject({
      method: 'PATCH',
      url: `/api/orders/${orderNumber}/lines`,
      headers: clerk,
      payload: { lines: [{ lineNo: 1, quantity: 5 }] },
    });
    expect(change.statusCode).toBe(200);
    const second = await eventually(
      async () =>
        (await driver.detail(workflowId)).tasks.find(
          (task) => task.taskType === 'pick' && task.status === 'open' && task.id !== first.id,
        ),
      60_000,
      'the new pick task',
    );
    expect(pickAll(second).reduce((sum, pick) => sum + pick.quantity, 0)).toBe(5);
    const withdrawn = await driver.complete(first.id, { picks: pickAll(first) });
    expect(withdrawn.statusCode).toBe(409);
    expect((await driver.complete(second.id, { picks: pickAll(second) })).statusCode).toBe(200);
    const pack = await driver.task(workflowId, 'pack');
    await driver.complete(pack.id, packAll(pack));
    const ship = await driver.task(workflowId, 'ship');
    await driver.packCheck(ship);
    await driver.complete(ship.id, SHIP);
    const state = await finished(workflowId);
    record('quantity-changed-before-pick', workflowId);
    expect(state.shipments[0]?.result.shippedByLine).toEqual({ 1: 5 });
  });

  test('credit hold: a controller approves and the order ships; an ignored hold times out and closes the order', async () => {
    const controller = await login(t.app, 'controller');
    const item = await itemWithStock(t.orm, sku('CREDIT'), [{ location: 'MAIN-B01', lot: `${serial}-A`, quantity: 9 }]);
    // Grid Electrical has an overdue invoice in the demo data: the credit rules hold its orders.
    const held = await driver.place('C-GRID', [{ itemSku: item, quantity: 1 }]);
    const approval = await driver.task(held.workflowId, 'credit-approval', controller);
    expect(approval.payload).toMatchObject({ action: 'hold', rule: 'overdue-receivables-hold' });
    expect(await orderStatus(held.orderNumber)).toBe('credit-hold');
    const asClerk = await driver.complete(approval.id, { decision: 'approve' });
    expect(asClerk.statusCode).toBe(403);
    const approved = await driver.complete(approval.id, { decision: 'approve', comment: 'paid by wire' }, controller);
    expect(approved.statusCode).toBe(200);
    await pickPackShip(held.workflowId);
    const state = await finished(held.workflowId);
    record('credit-hold-approved', held.workflowId);
    expect(state.credit?.resolution).toEqual({ outcome: 'approved', by: 'controller', comment: 'paid by wire' });
    expect(await orderStatus(held.orderNumber)).toBe('shipped');

    const quick = await createTestApp({ creditApprovalMinutes: 0.05 }); // 3 s
    try {
      const created = await quick.app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: clerk,
        payload: { customerCode: 'C-GRID', lines: [{ itemSku: item, quantity: 1 }] },
      });
      const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
      const timedOut = await finished(workflowId);
      record('credit-hold-timed-out', workflowId);
      expect(timedOut.step).toBe('credit-rejected');
      expect((await driver.detail(workflowId)).instance.status).toBe('rejected');
      expect(timedOut.credit?.resolution?.outcome).toBe('timed-out');
      expect(await orderStatus(orderNumber)).toBe('cancelled');
      const reserved = await countRows(t.orm, `select count(*) as n from reservation where owner_workflow_id = ?`, [
        workflowId,
      ]);
      expect(reserved).toBe(0);
    } finally {
      await quick.close();
    }
  });
});

describe('order merge and split', () => {
  test('merge: the target takes the source lines and ships them; the source is cancelled; both are audited', async () => {
    const a = await itemWithStock(t.orm, sku('MERGE'), [{ location: 'MAIN-B01', lot: `${serial}-A`, quantity: 9 }]);
    const b = await itemWithStock(t.orm, sku('MERGE'), [{ location: 'MAIN-B02', lot: `${serial}-B`, quantity: 9 }]);
    const target = await driver.place('C-BOLT', [{ itemSku: a, quantity: 2 }]);
    const source = await driver.place('C-BOLT', [{ itemSku: b, quantity: 3 }]);
    await driver.task(target.workflowId, 'pick');
    await driver.task(source.workflowId, 'pick');
    const other = await driver.place('C-ECO', [{ itemSku: b, quantity: 1 }]);
    const wrongCustomer = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${target.orderNumber}/merge`,
      headers: clerk,
      payload: { source: other.orderNumber },
    });
    expect(wrongCustomer.statusCode).toBe(400);
    expect(wrongCustomer.json().error.field).toBe('source');

    const merged = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${target.orderNumber}/merge`,
      headers: clerk,
      payload: { source: source.orderNumber },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toEqual({ orderNumber: target.orderNumber, mergedFrom: source.orderNumber, addedLines: 1 });
    expect((await finished(source.workflowId)).step).toBe('cancelled');
    expect((await driver.detail(source.workflowId)).instance.status).toBe('cancelled');
    const pick = await eventually(
      async () => {
        const open = (await driver.detail(target.workflowId)).tasks.find(
          (x) => x.taskType === 'pick' && x.status === 'open',
        );
        return open && (open.payload.lines ?? []).length === 2 ? open : undefined;
      },
      60_000,
      'a pick task with both lines',
    );
    expect(pickAll(pick).map((p) => [p.lineNo, p.quantity])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    await driver.complete(pick.id, { picks: pickAll(pick) });
    const pack = await driver.task(target.workflowId, 'pack');
    await driver.complete(pack.id, packAll(pack));
    const ship = await driver.task(target.workflowId, 'ship');
    await driver.packCheck(ship);
    await driver.complete(ship.id, SHIP);
    const state = await finished(target.workflowId);
    expect(state.shipments[0]?.result.shippedByLine).toEqual({ 1: 2, 2: 3 });
    expect(await orderStatus(source.orderNumber)).toBe('cancelled');
    expect(
      await countRows(t.orm, `select count(*) as n from audit_log where entity_id = ? and action = 'order.merged'`, [
        target.orderNumber,
      ]),
    ).toBe(1);
    const cancelOther = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${other.orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'test clean-up' },
    });
    expect(cancelOther.statusCode).toBe(200);
  });

  test('split: part of a line moves to a new order with its own fulfillment; the original re-allocates the rest', async () => {
    const item = await itemWithStock(t.orm, sku('SPLIT'), [{ location: 'MAIN-B01', lot: `${serial}-A`, quantity: 9 }]);
    const original = await driver.place('C-BOLT', [{ itemSku: item, quantity: 5 }]);
    await driver.task(original.workflowId, 'pick');
    const tooMuch = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${original.orderNumber}/split`,
      headers: clerk,
      payload: { lines: [{ lineNo: 1, quantity: 6 }] },
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.field).toBe('lines[0].quantity');
    const split = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${original.orderNumber}/split`,
      headers: clerk,
      payload: { lines: [{ lineNo: 1, quantity: 2 }] },
    });
    expect(split.statusCode).toBe(200);
    const { newWorkflowId } = split.json<{ newWorkflowId: string }>();
    const rest = await eventually(
      async () => {
        const open = (await driver.detail(original.workflowId)).tasks.find(
          (x) => x.taskType === 'pick' && x.status === 'open',
        );
        return open && pickAll(open).reduce((sum, p) => sum + p.quantity, 0) === 3 ? open : undefined;
      },
      60_000,
      'the original re-allocated to 3',
    );
    await driver.complete(rest.id, { picks: pickAll(rest) });
    const pack = await driver.task(original.workflowId, 'pack');
    await driver.complete(pack.id, packAll(pack));
    const ship = await driver.task(original.workflowId, 'ship');
    await driver.packCheck(ship);
    await driver.complete(ship.id, SHIP);
    await pickPackShip(newWorkflowId);
    expect((await finished(original.workflowId)).shipments[0]?.result.shippedByLine).toEqual({ 1: 3 });
    expect((await finished(newWorkflowId)).shipments[0]?.result.shippedByLine).toEqual({ 1: 2 });
  });
});

/** Stock arrives the way real stock does: a purchase order, its receipt workflow, a goods receipt and a putaway. */
async function receiveByPurchaseOrder(itemSku: string, quantity: number): Promise<void> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/purchase-orders',
    headers: clerk,
    payload: { supplierCode: 'S-STEEL', warehouseCode: 'MAIN', lines: [{ itemSku, quantity, unitCost: 4 }] },
  });
  if (response.statusCode !== 201) throw new Error(`purchase order: ${response.statusCode} ${response.body}`);
  const { workflowId } = response.json<{ workflowId: string }>();
  const receipt = await driver.task(workflowId, 'goods-receipt');
  const received = await driver.complete(receipt.id, {
    lines: [{ lineNo: 1, quantity, lotCode: `PO-${itemSku}`, manufacturedOn: '2026-11-01', expiresOn: '2027-11-01' }],
  });
  if (received.statusCode !== 200) throw new Error(`receipt: ${received.statusCode} ${received.body}`);
  const putaway = await driver.task(workflowId, 'putaway');
  const stored = await driver.complete(putaway.id, { lines: [{ lineNo: 1, toLocation: 'MAIN-B02' }] });
  if (stored.statusCode !== 200) throw new Error(`putaway: ${stored.statusCode} ${stored.body}`);
  await eventually(
    async () => {
      const [row] = await query<{ n: string }>(
        t.orm.em.fork(),
        `select count(*) as n from process_instance where workflow_id = ? and status = 'completed'`,
        [workflowId],
      );
      return num(row?.n) === 1 ? true : undefined;
    },
    60_000,
    'the receipt to complete',
  );
}
