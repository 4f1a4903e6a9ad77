import { num, query } from '../../db/sql';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';

jest.setTimeout(240_000);

/** The finished return is kept as a replay fixture (MW_RECORD_HISTORIES=1 writes it to test/replay/histories). */
const t = useTestApp({ histories: 'supplier-return' });
const clerk = t.headers('clerk');

interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown> & { lines: Array<Record<string, unknown> & { lineNo: number }> };
}

const complete = (taskId: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: clerk, payload: { payload } });
const postReturn = (payload: Record<string, unknown>, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/supplier-returns',
    headers: key ? { ...clerk, 'idempotency-key': key } : clerk,
    payload,
  });

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return query<T>(t.orm.em.fork(), sql, params);
}

/** An account's balance (debit − credit) over every entry, and the whole ledger's debit − credit (0 when it balances). */
async function balance(account: string): Promise<number> {
  const [row] = await rows<{ b: string }>(
    'select coalesce(sum(debit - credit), 0) as b from journal_line where account_code = ?',
    [account],
  );
  return num(row?.b);
}

async function onHand(sku: string, location: string, lot: string | null): Promise<number> {
  const [row] = await rows<{ q: string }>(
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id left join lot on lot.id = b.lot_id
      where i.sku = ? and l.code = ? and coalesce(lot.code, '') = coalesce(?, '')`,
    [sku, location, lot],
  );
  return num(row?.q);
}

async function receivedQuantity(orderNumber: string, lineNo: number): Promise<number> {
  const [row] = await rows<{ q: string }>(
    `select l.received_quantity as q from purchase_order_line l join purchase_order po on po.id = l.order_id
      where po.order_number = ? and l.line_no = ?`,
    [orderNumber, lineNo],
  );
  return num(row?.q);
}

/** A purchase order received in one delivery and put away into MAIN-B03: what a return starts from. */
async function receivedOrder(lot: string): Promise<string> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/purchase-orders',
    headers: clerk,
    payload: {
      supplierCode: 'S-NORD',
      warehouseCode: 'MAIN',
      lines: [
        { itemSku: 'FOOD-001', quantity: 10, unitCost: 4.25 },
        { itemSku: 'HW-001', quantity: 50, unitCost: 0.4 },
      ],
    },
  });
  expect(created.statusCode).toBe(201);
  const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
  const receipt = await openFormTask<Task>(t.app, clerk, workflowId, 'goods-receipt');
  const received = await complete(receipt.id, {
    lines: [
      { lineNo: 1, quantity: 8, lotCode: lot, manufacturedOn: '2026-10-01', expiresOn: '2027-09-30' },
      { lineNo: 2, quantity: 50 },
    ],
  });
  expect(received.statusCode).toBe(200);
  const putaway = await openFormTask<Task>(t.app, clerk, workflowId, 'putaway');
  const stored = await complete(putaway.id, {
    lines: [
      { lineNo: 1, toLocation: 'MAIN-B03' },
      { lineNo: 2, toLocation: 'MAIN-B04' },
    ],
  });
  expect(stored.statusCode).toBe(200);
  await eventually(async () => ((await onHand('FOOD-001', 'MAIN-B03', lot)) === 8 ? true : undefined));
  return orderNumber;
}

describe('supplier returns on real Temporal + PostgreSQL', () => {
  test('a received lot goes back at its layer cost, GRNI cleared exactly, and with replace the line reopens', async () => {
    const lot = `RET-${Date.now()}`;
    const orderNumber = await receivedOrder(lot);
    const returnsBefore = await countRows(t.orm, 'select count(*) as n from supplier_return');
    const startsBefore = await countRows(t.orm, 'select count(*) as n from process_start_outbox');

    // Bad input: a 400 naming the field, and nothing written.
    const bad: Array<[Record<string, unknown>, string]> = [
      [
        { purchaseOrderNumber: orderNumber, replace: true, lines: [{ lineNo: 1, lot, quantity: 9, reason: 'x' }] },
        'lines[0].quantity',
      ],
      [
        {
          purchaseOrderNumber: orderNumber,
          replace: true,
          lines: [{ lineNo: 1, lot: 'NOPE', quantity: 1, reason: 'x' }],
        },
        'lines[0].lot',
      ],
      [
        { purchaseOrderNumber: orderNumber, replace: true, lines: [{ lineNo: 7, quantity: 1, reason: 'x' }] },
        'lines[0].lineNo',
      ],
      [
        { purchaseOrderNumber: 'PO-999999', replace: false, lines: [{ lineNo: 1, quantity: 1, reason: 'x' }] },
        'purchaseOrderNumber',
      ],
      [
        { purchaseOrderNumber: orderNumber, replace: false, lines: [{ lineNo: 1, quantity: 1, reason: '' }] },
        'lines[0].reason',
      ],
    ];
    for (const [payload, field] of bad) {
      const response = await postReturn(payload);
      expect({ field, status: response.statusCode, got: response.json().error?.field }).toEqual({
        field,
        status: 400,
        got: field,
      });
    }
    // Two lines of one request together may not exceed what was received either.
    const split = await postReturn({
      purchaseOrderNumber: orderNumber,
      replace: false,
      lines: [
        { lineNo: 1, lot, quantity: 5, reason: 'damaged' },
        { lineNo: 1, lot, quantity: 4, reason: 'damaged' },
      ],
    });
    expect([split.statusCode, split.json().error?.field]).toEqual([400, 'lines[1].quantity']);
    expect(await countRows(t.orm, 'select count(*) as n from supplier_return')).toBe(returnsBefore);
    expect(await countRows(t.orm, 'select count(*) as n from process_start_outbox')).toBe(startsBefore);

    const inventoryBefore = await balance('1300');
    const grniBefore = await balance('2100');
    const body = {
      purchaseOrderNumber: orderNumber,
      replace: true,
      lines: [{ lineNo: 1, lot, quantity: 3, reason: 'damaged in transit' }],
    };
    const key = `return-${lot}`;
    const created = await postReturn(body, key);
    expect(created.statusCode).toBe(201);
    const { returnNumber, workflowId } = created.json<{ returnNumber: string; workflowId: string }>();
    expect(workflowId).toBe(`supplier-return:${returnNumber}`);
    // The same key and body answer the same return again; nothing new is stored.
    const again = await postReturn(body, key);
    expect([again.statusCode, again.json().returnNumber]).toEqual([201, returnNumber]);
    expect(await countRows(t.orm, 'select count(*) as n from supplier_return')).toBe(returnsBefore + 1);
    // Already promised to this return: only 5 more of the 8 can go back now.
    const tooMuch = await postReturn({ ...body, lines: [{ lineNo: 1, lot, quantity: 6, reason: 'x' }] });
    expect([tooMuch.statusCode, tooMuch.json().error?.field]).toEqual([400, 'lines[0].quantity']);

    const task = await openFormTask<Task>(t.app, clerk, workflowId, 'supplier-return');
    expect(task.payload.lines[0]).toMatchObject({
      lineNo: 1,
      orderLineNo: 1,
      itemSku: 'FOOD-001',
      lotCode: lot,
      quantity: 3,
      stock: [{ location: 'MAIN-B03', status: 'available', free: 8 }],
    });
    const short = await complete(task.id, { picks: [{ lineNo: 1, fromLocation: 'MAIN-B03', quantity: 2 }] });
    expect([short.statusCode, short.json().error?.field]).toEqual([400, 'payload.picks']);
    const picked = await complete(task.id, { picks: [{ lineNo: 1, fromLocation: 'MAIN-B03', quantity: 3 }] });
    expect(picked.statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId);
    t.record('returned-with-replacement', workflowId);

    // Stock down, the receipt's layer down by exactly its cost (3 x 4.25), Inventory and GRNI down by the same.
    expect(await onHand('FOOD-001', 'MAIN-B03', lot)).toBe(5);
    const [layer] = await rows<{ quantity_remaining: string; value_remaining: string }>(
      `select c.quantity_remaining, c.value_remaining from cost_layer c join stock_move m on m.id = c.source_move_id
        where m.move_type = 'receipt' and m.document_ref = ? and m.line_no = 1`,
      [orderNumber],
    );
    expect([num(layer?.quantity_remaining), num(layer?.value_remaining)]).toEqual([5, 21.25]);
    const journal = await rows<{ account_code: string; debit: string; credit: string }>(
      `select jl.account_code, jl.debit, jl.credit from journal_entry je join journal_line jl on jl.entry_id = je.id
        where je.source_type = 'supplier-return' and je.source_ref = ? order by jl.account_code`,
      [`${returnNumber}/1`],
    );
    expect(journal.map((line) => [line.account_code, num(line.debit), num(line.credit)])).toEqual([
      ['1300', 0, 12.75],
      ['2100', 12.75, 0],
    ]);
    expect(Math.round(((await balance('1300')) - inventoryBefore) * 100)).toBe(-1275);
    expect(Math.round(((await balance('2100')) - grniBefore) * 100)).toBe(1275);
    const [ledger] = await rows<{ d: string; c: string }>('select sum(debit) as d, sum(credit) as c from journal_line');
    expect(num(ledger?.d)).toBeCloseTo(num(ledger?.c), 2);

    // With replace the 3 reopened: 8 received, 3 back, so the line is open for 5 again.
    expect(await receivedQuantity(orderNumber, 1)).toBe(5);
    const order = await t.app.inject({ method: 'GET', url: `/api/purchase-orders/${orderNumber}`, headers: clerk });
    expect(order.json().lines[0]).toMatchObject({ lineNo: 1, receivedQuantity: 5, openQuantity: 5 });
    // The purchase receipt was told: its next goods-receipt task now takes the 5 (2 never sent + 3 to replace).
    const receiptWorkflowId = `purchase-receipt:${orderNumber}`;
    const nextReceipt = await openFormTask<Task>(t.app, clerk, receiptWorkflowId, 'goods-receipt');
    await eventually(
      async () => {
        const replacement = { lineNo: 1, quantity: 5, lotCode: `${lot}-R`, manufacturedOn: '2026-11-01' };
        const response = await complete(nextReceipt.id, { lines: [replacement] });
        return response.statusCode === 200 ? true : undefined;
      },
      30_000,
      'the reopened receipt',
    );
    await eventually(async () => ((await receivedQuantity(orderNumber, 1)) === 10 ? true : undefined));

    const detail = await t.app.inject({ method: 'GET', url: `/api/supplier-returns/${returnNumber}`, headers: clerk });
    expect(detail.json()).toMatchObject({
      returnNumber,
      purchaseOrderNumber: orderNumber,
      status: 'posted',
      replace: true,
      quantity: 3,
      value: 12.75,
      lines: [
        { lineNo: 1, lotCode: lot, quantity: 3, value: 12.75, grniAmount: 12.75, payableAmount: 0, varianceAmount: 0 },
      ],
    });
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/supplier-returns?purchaseOrderNumber=${orderNumber}`,
      headers: clerk,
    });
    expect(list.json().items.map((item: { returnNumber: string }) => item.returnNumber)).toEqual([returnNumber]);
  });
});
