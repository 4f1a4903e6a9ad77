import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { plainItem } from '../../test/support/stock';

jest.setTimeout(240_000);

const t = useTestApp();
const clerk = t.headers('clerk');
const controller = t.headers('controller');
const run = `${Date.now()}`.slice(-7);

interface Task {
  id: string;
  payload: Record<string, unknown>;
}

interface GrniBody {
  items: Array<Record<string, unknown> & { orderNumber: string; lineNo: number; openValue: number }>;
  totals: { openValue: number };
  ledger: { account: string; balance: number };
  difference: number;
}

const complete = (taskId: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: clerk, payload: { payload } });

async function grni(orderNumber?: string): Promise<GrniBody> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/reports/grni${orderNumber ? `?orderNumber=${orderNumber}` : ''}`,
    headers: controller,
  });
  expect(response.statusCode).toBe(200);
  return response.json<GrniBody>();
}

async function receivedQuantity(orderNumber: string): Promise<number> {
  const [row] = await query<{ q: string }>(
    t.orm.em.fork(),
    `select coalesce(sum(l.received_quantity), 0) as q from purchase_order_line l
       join purchase_order po on po.id = l.order_id where po.order_number = ?`,
    [orderNumber],
  );
  return num(row?.q);
}

/** A purchase order of S-NORD, 10 x 4.00 received in one delivery through its real tasks and put away. */
async function receivedOrder(sku: string): Promise<string> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/purchase-orders',
    headers: clerk,
    payload: { supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines: [{ itemSku: sku, quantity: 10, unitCost: 4 }] },
  });
  expect(created.statusCode).toBe(201);
  const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
  const receipt = await openFormTask<Task>(t.app, clerk, workflowId, 'goods-receipt');
  expect((await complete(receipt.id, { lines: [{ lineNo: 1, quantity: 10 }] })).statusCode).toBe(200);
  const putaway = await openFormTask<Task & { payload: { locations: string[] } }>(t.app, clerk, workflowId, 'putaway');
  const stored = await complete(putaway.id, { lines: [{ lineNo: 1, toLocation: putaway.payload.locations[0] }] });
  expect(stored.statusCode).toBe(200);
  await eventually(async () => ((await receivedQuantity(orderNumber)) === 10 ? true : undefined));
  return orderNumber;
}

describe('GRNI report on real Temporal + PostgreSQL', () => {
  test('received, part invoiced, part returned: the line shows what is open and the ledger moves by the same', async () => {
    const sku = await plainItem(t.orm, `GRNI-${run}`, { name: 'GRNI report item' });
    const before = await grni();
    expect(before.ledger.account).toBe('2100');

    const orderNumber = await receivedOrder(sku);
    const received = await grni(orderNumber);
    expect(received.items).toEqual([
      expect.objectContaining({ orderNumber, lineNo: 1, itemSku: sku, receivedQuantity: 10, receivedValue: 40 }),
    ]);
    expect(received.items[0]).toMatchObject({ openQuantity: 10, openValue: 40 });

    // Invoice 4 of the 10 at the order price: clears 4 x 4.00 = 16 from GRNI.
    const invoiced = await t.app.inject({
      method: 'POST',
      url: '/api/supplier-invoices',
      headers: clerk,
      payload: {
        supplierCode: 'S-NORD',
        invoiceNumber: `GRNI-${run}`,
        orderNumber,
        invoiceDate: new Date().toISOString().slice(0, 10),
        lines: [{ lineNo: 1, quantity: 4, unitPrice: 4, taxRate: 0 }],
      },
    });
    expect(invoiced.statusCode).toBe(201);
    await instanceCompleted(t.orm, invoiced.json<{ workflowId: string }>().workflowId);

    // Return 3 not yet invoiced (6 are): they take 3 x 4.00 = 12 back from GRNI.
    const returned = await t.app.inject({
      method: 'POST',
      url: '/api/supplier-returns',
      headers: clerk,
      payload: {
        purchaseOrderNumber: orderNumber,
        replace: false,
        lines: [{ lineNo: 1, quantity: 3, reason: 'bent' }],
      },
    });
    expect(returned.statusCode).toBe(201);
    const returnWorkflow = returned.json<{ workflowId: string }>().workflowId;
    const task = await openFormTask<Task & { payload: { lines: Array<{ stock: Array<{ location: string }> }> } }>(
      t.app,
      clerk,
      returnWorkflow,
      'supplier-return',
    );
    const fromLocation = task.payload.lines[0]?.stock[0]?.location;
    expect((await complete(task.id, { picks: [{ lineNo: 1, fromLocation, quantity: 3 }] })).statusCode).toBe(200);
    await instanceCompleted(t.orm, returnWorkflow);

    // By hand: received 40, invoiced 16, returned 12 -> 12 open for the 3 still neither invoiced nor returned.
    const after = await grni(orderNumber);
    expect(after.items).toEqual([
      {
        orderNumber,
        supplierCode: 'S-NORD',
        lineNo: 1,
        itemSku: sku,
        receivedQuantity: 10,
        receivedValue: 40,
        invoicedQuantity: 4,
        invoicedValue: 16,
        returnedQuantity: 3,
        returnedValue: 12,
        openQuantity: 3,
        openValue: 12,
      },
    ]);
    expect(after.totals.openValue).toBe(12);
    // The ledger moved by exactly this order's open GRNI, so the reconciliation did not move.
    const whole = await grni();
    expect(Math.round((whole.ledger.balance - before.ledger.balance) * 100) / 100).toBe(12);
    expect(whole.difference).toBe(before.difference);
    expect(after.difference).toBe(before.difference);

    // The purchase-order detail shows the invoice per line next to its deliveries.
    const order = await t.app.inject({ method: 'GET', url: `/api/purchase-orders/${orderNumber}`, headers: clerk });
    expect(order.json().lines[0].invoices).toEqual([
      { invoiceNumber: `GRNI-${run}`, status: 'posted', quantity: 4, unitPrice: 4 },
    ]);

    // Readers only: a clerk may not read the report.
    const forbidden = await t.app.inject({ method: 'GET', url: '/api/reports/grni', headers: clerk });
    expect(forbidden.statusCode).toBe(403);
  });
});
