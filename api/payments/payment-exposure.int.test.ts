import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { orderDriver, packAll, pickAll, SHIP } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(240_000);

/** Real Temporal + PostgreSQL: the fulfillment invoices with tax, and a payment lowers the next credit check's exposure. */
const t = useTestApp();
const clerk = t.headers('clerk');
const controller = t.headers('controller');
const admin = t.headers('admin');
const run = `${process.pid % 10_000}${Date.now() % 100_000}`;
const today = new Date().toISOString().slice(0, 10);
let driver: ReturnType<typeof orderDriver>;

beforeAll(() => {
  driver = orderDriver(t.app, clerk);
});

async function creditSeen(workflowId: string): Promise<number> {
  return eventually(
    async () => (await driver.detail(workflowId)).state?.credit?.exposureAfter,
    60_000,
    'the credit decision',
  );
}

test('an order ships and invoices with tax lines; a customer payment lowers the exposure the next credit check sees', async () => {
  const code = `EXP-${run}`;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/customers',
    headers: admin,
    payload: {
      code,
      name: 'Exposure Ltd',
      creditLimit: 5000,
      paymentTermsDays: 30,
      shipToAddresses: [{ code: 'MAIN', address: '1 Way' }],
    },
  });
  expect(created.statusCode).toBe(201);
  const sku = await itemWithStock(t.orm, `EXP-${run}`, [{ location: 'MAIN-B01', lot: `EXP-${run}`, quantity: 20 }], 10);
  await query(t.orm.em.fork(), `update item set tax_rate_code = 'STD' where sku = ?`, [sku]);

  // Order 1: 4 x 10 = 40 net, 20 % tax = 8, receivable 48.
  const first = await driver.place(code, [{ itemSku: sku, quantity: 4 }]);
  expect(await creditSeen(first.workflowId)).toBe(40);
  const pick = await driver.task(first.workflowId, 'pick');
  expect((await driver.complete(pick.id, { picks: pickAll(pick) })).statusCode).toBe(200);
  const pack = await driver.task(first.workflowId, 'pack');
  expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
  const ship = await driver.task(first.workflowId, 'ship');
  await driver.packCheck(ship);
  expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);
  const invoice = await eventually(
    async () => {
      const [row] = await query<Record<string, string>>(
        t.orm.em.fork(),
        'select id, invoice_number, amount, net_amount, tax_amount, journal_entry_id from customer_invoice where order_number = ?',
        [first.orderNumber],
      );
      return row;
    },
    90_000,
    'the invoice',
  );
  expect([num(invoice.amount), num(invoice.net_amount), num(invoice.tax_amount)]).toEqual([48, 40, 8]);
  const taxLines = await query<Record<string, string>>(
    t.orm.em.fork(),
    'select tax_rate_code, rate, net_amount, tax_amount from customer_invoice_tax_line where invoice_id = ?',
    [invoice.id],
  );
  expect(taxLines.map((l) => [l.tax_rate_code, num(l.rate), num(l.net_amount), num(l.tax_amount)])).toEqual([
    ['STD', 20, 40, 8],
  ]);
  const lines = await query<{ account_code: string; debit: string; credit: string }>(
    t.orm.em.fork(),
    'select account_code, debit, credit from journal_line where entry_id = ? order by account_code',
    [invoice.journal_entry_id],
  );
  expect(lines.map((l) => [l.account_code, num(l.debit), num(l.credit)])).toEqual([
    ['1100', 48, 0],
    ['2500', 0, 8],
    ['4000', 0, 40],
  ]);

  // Order 2 sees the open receivable: 48 + its own 10.
  const second = await driver.place(code, [{ itemSku: sku, quantity: 1 }]);
  expect(await creditSeen(second.workflowId)).toBe(58);

  const paid = await t.app.inject({
    method: 'POST',
    url: '/api/payments',
    headers: controller,
    payload: { kind: 'customer-receipt', partner: code, amount: 30, paidOn: today },
  });
  expect(paid.statusCode).toBe(201);

  // Order 3: receivable 48 - 30 = 18, order 2 still open (10), its own 10.
  const third = await driver.place(code, [{ itemSku: sku, quantity: 1 }]);
  expect(await creditSeen(third.workflowId)).toBe(38);
  for (const order of [second, third]) {
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${order.orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'test done' },
    });
    expect(cancelled.statusCode).toBeLessThan(300);
  }
});
