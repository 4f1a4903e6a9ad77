import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { plainItem } from '../../test/support/stock';

jest.setTimeout(240_000);

// Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories).
const t = useTestApp({ histories: 'supplier-invoice' });
const clerk = t.headers('clerk');
const controller = t.headers('controller');
const run = `${Date.now()}`.slice(-7);
let itemCounter = 0;

interface Task {
  id: string;
  payload: Record<string, unknown>;
}

async function newItem(): Promise<string> {
  itemCounter += 1;
  return plainItem(t.orm, `SI-${run}-${itemCounter}`, { name: `Invoice test item ${itemCounter}` });
}

/** A purchase order of S-NORD into MAIN, received (one delivery) through its real goods-receipt task. */
async function receivedOrder(lines: Array<{ itemSku: string; quantity: number; unitCost: number; receive: number }>) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/purchase-orders',
    headers: clerk,
    payload: { supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines: lines.map(({ receive: _r, ...line }) => line) },
  });
  expect(created.statusCode).toBe(201);
  const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
  const task = await openFormTask<Task>(t.app, clerk, workflowId, 'goods-receipt');
  const received = await t.app.inject({
    method: 'POST',
    url: `/api/tasks/${task.id}/complete`,
    headers: clerk,
    payload: { payload: { lines: lines.map((line, index) => ({ lineNo: index + 1, quantity: line.receive })) } },
  });
  expect(received.statusCode).toBe(200);
  // The task is done at once; the receipt posts right after it, in the workflow's next activity.
  const expected = lines.reduce((sum, line) => sum + line.receive, 0);
  await eventually(
    async () => {
      const [row] = await rows<{ received: string }>(
        `select coalesce(sum(l.received_quantity), 0) as received from purchase_order_line l
           join purchase_order po on po.id = l.order_id where po.order_number = ?`,
        [orderNumber],
      );
      return num(row?.received) === expected ? true : undefined;
    },
    60_000,
    `the receipt of ${orderNumber}`,
  );
  return { orderNumber, workflowId };
}

function enterInvoice(payload: Record<string, unknown>, headers: Record<string, string> = clerk) {
  return t.app.inject({ method: 'POST', url: '/api/supplier-invoices', headers, payload });
}

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return query<T>(t.orm.em.fork(), sql, params);
}

/** The invoice's journal entry as account -> signed amount (debit positive). */
async function invoiceEntry(invoiceNumber: string): Promise<Record<string, number>> {
  const lines = await rows<{ account_code: string; amount: string }>(
    `select jl.account_code, sum(jl.debit - jl.credit) as amount
       from supplier_invoice si join journal_line jl on jl.entry_id = si.journal_entry_id
      where si.invoice_number = ? group by jl.account_code`,
    [invoiceNumber],
  );
  return Object.fromEntries(lines.map((l) => [l.account_code, num(l.amount)]));
}

/** GRNI left for the order: its receipts' credits minus what its posted invoices cleared. */
async function grniOf(orderNumber: string): Promise<number> {
  const [row] = await rows<{ balance: string }>(
    `select coalesce(sum(jl.credit - jl.debit), 0) as balance from journal_line jl join journal_entry je on je.id = jl.entry_id
      where jl.account_code = '2100'
        and ((je.source_type = 'purchase-order' and je.source_ref like ?)
          or je.id in (select si.journal_entry_id from supplier_invoice si join purchase_order po on po.id = si.purchase_order_id
                        where po.order_number = ?))`,
    [`${orderNumber}/%`, orderNumber],
  );
  return num(row?.balance);
}

async function invoiceStatus(invoiceNumber: string): Promise<string | undefined> {
  const [row] = await rows<{ status: string }>('select status from supplier_invoice where invoice_number = ?', [
    invoiceNumber,
  ]);
  return row?.status;
}

const today = new Date().toISOString().slice(0, 10);

describe('supplier invoices with three-way match on real Temporal + PostgreSQL', () => {
  test('an invoice within tolerance posts at once and clears GRNI exactly; bad input writes nothing', async () => {
    const sku = await newItem();
    const { orderNumber } = await receivedOrder([{ itemSku: sku, quantity: 10, unitCost: 4, receive: 10 }]);
    expect(await grniOf(orderNumber)).toBe(40);
    const invoiceNumber = `INV-${run}-1`;
    const body = {
      supplierCode: 'S-NORD',
      invoiceNumber,
      orderNumber,
      invoiceDate: today,
      lines: [{ lineNo: 1, quantity: 10, unitPrice: 4.05, taxRate: 19 }],
    };

    const refused: Array<[Record<string, unknown>, number, string]> = [
      [{ ...body, lines: [{ lineNo: 1, quantity: 11, unitPrice: 4, taxRate: 19 }] }, 400, 'lines[0].quantity'],
      [{ ...body, lines: [{ lineNo: 7, quantity: 1, unitPrice: 4, taxRate: 19 }] }, 400, 'lines[0].lineNo'],
      [{ ...body, supplierCode: 'S-STEEL' }, 400, 'orderNumber'],
      [{ ...body, lines: [] }, 400, 'lines'],
      [
        { ...body, lines: [{ lineNo: 1, quantity: 10, unitPrice: 999_999_999, taxRate: 0 }] },
        400,
        'lines[0].unitPrice',
      ],
    ];
    for (const [payload, status, field] of refused) {
      const response = await enterInvoice(payload);
      expect({ status: response.statusCode, field: response.json().error?.field }).toEqual({ status, field });
    }
    expect(await invoiceStatus(invoiceNumber)).toBeUndefined();

    const headers = { ...clerk, 'idempotency-key': `si-${run}-1` };
    const created = await enterInvoice(body, headers);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ netTotal: 40.5, taxTotal: 7.7, grossTotal: 48.2 });
    const workflowId = created.json<{ workflowId: string }>().workflowId;
    expect(workflowId).toBe(`supplier-invoice:S-NORD-${invoiceNumber}`);
    // A retry with the key answers the same invoice; the number again without it is a duplicate.
    const retried = await enterInvoice(body, headers);
    expect({ status: retried.statusCode, body: retried.json() }).toEqual({ status: 201, body: created.json() });
    const duplicate = await enterInvoice(body);
    expect({ status: duplicate.statusCode, field: duplicate.json().error?.field }).toEqual({
      status: 409,
      field: 'invoiceNumber',
    });

    await instanceCompleted(t.orm, workflowId);
    t.record('within-tolerance-posts', workflowId);
    expect(await invoiceStatus(invoiceNumber)).toBe('posted');
    // 10 x 4.00 cleared from GRNI, tax 19 % of 40.50, payable gross; the 0.50 difference re-values the stock on hand.
    expect(await invoiceEntry(invoiceNumber)).toEqual({ '2100': 40, '1510': 7.7, '2200': -48.2, '1300': 0.5 });
    expect(await grniOf(orderNumber)).toBe(0);
    const [layer] = await rows<{ value_remaining: string }>(
      `select cl.value_remaining from cost_layer cl join item i on i.id = cl.item_id where i.sku = ?`,
      [sku],
    );
    expect(num(layer?.value_remaining)).toBe(40.5);
    const [decision] = await rows<{ n: string }>(
      `select count(*) as n from rule_decision where workflow_id = ? and rule_set_type = 'invoice-match'`,
      [workflowId],
    );
    expect(num(decision?.n)).toBe(1);

    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/supplier-invoices/S-NORD/${invoiceNumber}`,
      headers: clerk,
    });
    expect(detail.json()).toMatchObject({
      status: 'posted',
      matches: [{ lineNo: 1, quantity: 10, receiptUnitCost: 4 }],
    });
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/supplier-invoices?q=${invoiceNumber}`,
      headers: clerk,
    });
    expect(list.json().items).toEqual([expect.objectContaining({ invoiceNumber, status: 'posted', grossTotal: 48.2 })]);
  });

  test('an invoice outside tolerance waits for a controller, who sees order, receipts and invoice, then posts', async () => {
    const sku = await newItem();
    const { orderNumber } = await receivedOrder([{ itemSku: sku, quantity: 5, unitCost: 10, receive: 5 }]);
    const invoiceNumber = `INV-${run}-2`;
    const created = await enterInvoice({
      supplierCode: 'S-NORD',
      invoiceNumber,
      orderNumber,
      invoiceDate: today,
      lines: [{ lineNo: 1, quantity: 5, unitPrice: 11, taxRate: 0 }],
    });
    expect(created.statusCode).toBe(201);
    const workflowId = created.json<{ workflowId: string }>().workflowId;
    const task = await openFormTask<Task>(t.app, controller, workflowId, 'invoice-match-approval');
    expect(await invoiceStatus(invoiceNumber)).toBe('awaiting-approval');
    expect(await invoiceEntry(invoiceNumber)).toEqual({});
    expect(task.payload).toMatchObject({
      within: false,
      order: { orderNumber, supplierCode: 'S-NORD' },
      invoice: { invoiceNumber, netTotal: 55, grossTotal: 55 },
      receipts: [{ orderLineNo: 1, itemSku: sku, quantity: 5, unitCost: 10, invoicedQuantity: 0 }],
      lines: [
        {
          lineNo: 1,
          orderedQuantity: 5,
          orderUnitPrice: 10,
          receivedQuantity: 5,
          receiptUnitPrice: 10,
          invoicedQuantity: 5,
          invoiceUnitPrice: 11,
          priceVariance: 5,
          priceWithin: false,
          quantityWithin: true,
          tolerance: { priceTolerancePercent: 2, priceToleranceAmount: 50 },
        },
      ],
    });
    const complete = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/tasks/${task.id}/complete`,
        headers: controller,
        payload: { payload },
      });
    const noReason = await complete({ decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect((await complete({ decision: 'approve', comment: 'agreed surcharge' })).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId);
    t.record('mismatch-approved-posts', workflowId);
    expect(await invoiceStatus(invoiceNumber)).toBe('posted');
    expect(await invoiceEntry(invoiceNumber)).toEqual({ '2100': 50, '2200': -55, '1300': 5 });
    expect(await grniOf(orderNumber)).toBe(0);
  });

  test('a rejected invoice posts nothing and frees its quantity for the corrected one', async () => {
    const sku = await newItem();
    const { orderNumber } = await receivedOrder([{ itemSku: sku, quantity: 2, unitCost: 100, receive: 2 }]);
    const invoiceNumber = `INV-${run}-3`;
    const created = await enterInvoice({
      supplierCode: 'S-NORD',
      invoiceNumber,
      orderNumber,
      invoiceDate: today,
      lines: [{ lineNo: 1, quantity: 2, unitPrice: 150, taxRate: 19 }],
    });
    const workflowId = created.json<{ workflowId: string }>().workflowId;
    const task = await openFormTask<Task>(t.app, controller, workflowId, 'invoice-match-approval');
    const rejected = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: controller,
      payload: { payload: { decision: 'reject', comment: 'price not agreed' } },
    });
    expect(rejected.statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId);
    t.record('mismatch-rejected', workflowId);
    expect(await invoiceStatus(invoiceNumber)).toBe('rejected');
    expect(await grniOf(orderNumber)).toBe(200);
    const corrected = await enterInvoice({
      supplierCode: 'S-NORD',
      invoiceNumber: `${invoiceNumber}-C`,
      orderNumber,
      invoiceDate: today,
      lines: [{ lineNo: 1, quantity: 2, unitPrice: 100, taxRate: 19 }],
    });
    expect(corrected.statusCode).toBe(201);
    await instanceCompleted(t.orm, corrected.json<{ workflowId: string }>().workflowId);
    expect(await grniOf(orderNumber)).toBe(0);
  });

  test('an invoice for an order already closed short posts', async () => {
    const sku = await newItem();
    const { orderNumber, workflowId } = await receivedOrder([{ itemSku: sku, quantity: 10, unitCost: 3, receive: 6 }]);
    const putaway = await openFormTask<Task & { payload: { locations: string[] } }>(
      t.app,
      clerk,
      workflowId,
      'putaway',
    );
    const putAway = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${putaway.id}/complete`,
      headers: clerk,
      payload: { payload: { lines: [{ lineNo: 1, toLocation: putaway.payload.locations[0] }] } },
    });
    expect(putAway.statusCode).toBe(200);
    const closing = await t.app.inject({
      method: 'POST',
      url: `/api/purchase-orders/${orderNumber}/close`,
      headers: clerk,
      payload: { reason: 'supplier cannot deliver the rest' },
    });
    expect(closing.statusCode).toBe(202);
    await eventually(
      async () => {
        const [order] = await rows<{ status: string }>('select status from purchase_order where order_number = ?', [
          orderNumber,
        ]);
        return order?.status === 'closed-short' ? true : undefined;
      },
      60_000,
      'the order closed short',
    );
    const invoiceNumber = `INV-${run}-4`;
    const created = await enterInvoice({
      supplierCode: 'S-NORD',
      invoiceNumber,
      orderNumber,
      invoiceDate: today,
      lines: [{ lineNo: 1, quantity: 6, unitPrice: 3, taxRate: 7 }],
    });
    expect(created.statusCode).toBe(201);
    await instanceCompleted(t.orm, created.json<{ workflowId: string }>().workflowId);
    expect(await invoiceEntry(invoiceNumber)).toEqual({ '2100': 18, '1510': 1.26, '2200': -19.26 });
    expect(await grniOf(orderNumber)).toBe(0);
  });

  test('a price difference is split between the stock still on hand and the stock already issued', async () => {
    const sku = await newItem();
    const { orderNumber } = await receivedOrder([{ itemSku: sku, quantity: 10, unitCost: 5, receive: 10 }]);
    // 4 shipped (booked to 5000 COGS) and 2 issued to consumption (5300) from the dock; 4 stay on hand.
    await t.orm.em.fork().transactional(async (em) => {
      const base = { itemSku: sku, fromLocation: 'MAIN-DOCK', documentType: 'test', userName: 'tester' } as const;
      await postMove(em, {
        ...base,
        moveType: 'shipment',
        quantity: 4,
        documentRef: `ship-${run}`,
        idempotencyKey: `si-ship-${run}`,
      });
      await postMove(em, {
        ...base,
        moveType: 'issue',
        quantity: 2,
        documentRef: `issue-${run}`,
        idempotencyKey: `si-issue-${run}`,
      });
    });
    const invoiceNumber = `INV-${run}-5`;
    const created = await enterInvoice({
      supplierCode: 'S-NORD',
      invoiceNumber,
      orderNumber,
      invoiceDate: today,
      lines: [{ lineNo: 1, quantity: 10, unitPrice: 5.08, taxRate: 0 }],
    });
    await instanceCompleted(t.orm, created.json<{ workflowId: string }>().workflowId);
    // By hand: (5.08 - 5.00) x 10 = 0.80; on hand 4/10 -> 0.32, shipped 4/10 -> 0.32, consumed 2/10 -> 0.16.
    expect(await invoiceEntry(invoiceNumber)).toEqual({
      '2100': 50,
      '2200': -50.8,
      '1300': 0.32,
      '5000': 0.32,
      '5300': 0.16,
    });
    const [layer] = await rows<{ quantity_remaining: string; value_remaining: string }>(
      `select cl.quantity_remaining, cl.value_remaining from cost_layer cl join item i on i.id = cl.item_id where i.sku = ?`,
      [sku],
    );
    expect({ qty: num(layer?.quantity_remaining), value: num(layer?.value_remaining) }).toEqual({
      qty: 4,
      value: 20.32,
    });
    const [valuation] = await rows<{ value: string }>(
      `select v.value from item_valuation v join item i on i.id = v.item_id where i.sku = ?`,
      [sku],
    );
    expect(num(valuation?.value)).toBe(20.32);
  });
});
