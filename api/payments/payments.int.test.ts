import { num, query } from '../../db/sql';
import { bookCustomerInvoice, isoDay } from '../../test/support/invoices';
import { useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const controller = t.headers('controller');
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = `${process.pid % 10_000}${Date.now() % 100_000}`;
const today = new Date().toISOString().slice(0, 10);

type Payment = {
  paymentNumber: string;
  amount: number;
  journalEntryId: number;
  allocations: Array<{ invoiceNumber: string; amount: number; paidAmount: number; openAmount: number }>;
};
type Problem = { path: string; message: string; line?: number; column?: string };

const post = (url: string, payload: object, headers: Record<string, string> = controller) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const statement = (body: string, mode = 'apply') =>
  t.app.inject({
    method: 'POST',
    url: `/api/payments/import?mode=${mode}`,
    headers: { ...controller, 'content-type': 'text/csv' },
    payload: body,
  });

async function customer(code: string): Promise<string> {
  const created = await post(
    '/api/customers',
    {
      code,
      name: `Payer ${code}`,
      creditLimit: 100_000,
      paymentTermsDays: 30,
      shipToAddresses: [{ code: 'MAIN', address: '1 Pay St' }],
    },
    admin,
  );
  expect(created.statusCode).toBe(201);
  return code;
}

async function paidAmounts(numbers: string[]): Promise<Record<string, number>> {
  const rows = await query<{ invoice_number: string; paid_amount: string }>(
    t.orm.em.fork(),
    'select invoice_number, paid_amount from customer_invoice where invoice_number in (?)',
    [numbers],
  );
  return Object.fromEntries(rows.map((row) => [row.invoice_number, num(row.paid_amount)]));
}

async function entryLines(journalEntryId: number) {
  return query<{ account_code: string; debit: string; credit: string }>(
    t.orm.em.fork(),
    'select account_code, debit, credit from journal_line where entry_id = ? order by account_code',
    [journalEntryId],
  );
}

async function paymentsOf(code: string): Promise<number> {
  const [row] = await query<{ n: string }>(
    t.orm.em.fork(),
    'select count(*) as n from payment p join customer c on c.id = p.customer_id where c.code = ?',
    [code],
  );
  return num(row?.n);
}

/** Three invoices of a new customer: 100 due 40 days ago, 200 due 10 days ago, 50 due in 20 days. */
async function threeInvoices(code: string) {
  const [a, b, c] = ['A', 'B', 'C'].map((x) => `INV-${x}${run}-${code.slice(-3)}`);
  await t.orm.em.fork().transactional(async (em) => {
    await bookCustomerInvoice(em, {
      number: a!,
      customer: code,
      amount: 100,
      issuedOn: isoDay(today, -70),
      dueOn: isoDay(today, -40),
    });
    await bookCustomerInvoice(em, {
      number: b!,
      customer: code,
      amount: 200,
      issuedOn: isoDay(today, -40),
      dueOn: isoDay(today, -10),
    });
    await bookCustomerInvoice(em, {
      number: c!,
      customer: code,
      amount: 50,
      issuedOn: isoDay(today, -10),
      dueOn: isoDay(today, 20),
    });
  });
  return [a!, b!, c!] as const;
}

describe('customer payments', () => {
  test('a receipt applied partly to two invoices: paid amounts, Dr 1000 / Cr 1100, and a retry posts nothing twice', async () => {
    const code = await customer(`PAY-${run}-1`);
    const [a, b, c] = await threeInvoices(code);
    const body = {
      kind: 'customer-receipt',
      partner: code,
      amount: 150,
      paidOn: today,
      reference: 'STMT-1',
      allocations: [
        { invoiceNumber: a, amount: 60 },
        { invoiceNumber: b, amount: 90 },
      ],
    };
    const headers = { ...controller, 'idempotency-key': `pay-${run}-1` };
    const first = await post('/api/payments', body, headers);
    expect(first.statusCode).toBe(201);
    const payment = first.json<Payment>();
    expect(payment.allocations).toEqual([
      { invoiceNumber: a, amount: 60, paidAmount: 60, openAmount: 40 },
      { invoiceNumber: b, amount: 90, paidAmount: 90, openAmount: 110 },
    ]);
    expect(await paidAmounts([a, b, c])).toEqual({ [a]: 60, [b]: 90, [c]: 0 });
    expect(await entryLines(payment.journalEntryId)).toEqual([
      { account_code: '1000', debit: '150.00', credit: '0.00' },
      { account_code: '1100', debit: '0.00', credit: '150.00' },
    ]);

    const retry = await post('/api/payments', body, headers);
    expect(retry.statusCode).toBe(201);
    expect(retry.json<Payment>().paymentNumber).toBe(payment.paymentNumber);
    expect(await paymentsOf(code)).toBe(1);
    expect(await paidAmounts([a, b])).toEqual({ [a]: 60, [b]: 90 });
    const reused = await post('/api/payments', { ...body, amount: 151 }, headers);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });

    // Without allocations: the oldest due first (A's remaining 40, then 10 of B).
    const oldest = await post('/api/payments', { kind: 'customer-receipt', partner: code, amount: 50, paidOn: today });
    expect(oldest.statusCode).toBe(201);
    expect(oldest.json<Payment>().allocations.map((x) => [x.invoiceNumber, x.amount])).toEqual([
      [a, 40],
      [b, 10],
    ]);
    expect(await paidAmounts([a, b, c])).toEqual({ [a]: 100, [b]: 100, [c]: 0 });
  });

  test('overpaying an invoice or the open total is a 400 naming the field, and nothing is written', async () => {
    const code = await customer(`PAY-${run}-2`);
    const [a, , c] = await threeInvoices(code);
    const over = await post('/api/payments', {
      kind: 'customer-receipt',
      partner: code,
      amount: 80,
      paidOn: today,
      allocations: [
        { invoiceNumber: a, amount: 20 },
        { invoiceNumber: c, amount: 60 },
      ],
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'allocations.1.amount' });
    expect(over.json().error.message).toContain('only 50.00 is open');
    const tooMuch = await post('/api/payments', {
      kind: 'customer-receipt',
      partner: code,
      amount: 350.01,
      paidOn: today,
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error).toMatchObject({ field: 'amount' });
    const mismatch = await post('/api/payments', {
      kind: 'customer-receipt',
      partner: code,
      amount: 30,
      paidOn: today,
      allocations: [{ invoiceNumber: a, amount: 20 }],
    });
    expect(mismatch.json().error).toMatchObject({ field: 'allocations' });
    const future = await post('/api/payments', {
      kind: 'customer-receipt',
      partner: code,
      amount: 5,
      paidOn: isoDay(today, 3),
    });
    expect(future.json().error).toMatchObject({ field: 'paidOn' });
    const unknown = await post('/api/payments', {
      kind: 'customer-receipt',
      partner: `NOPE-${run}`,
      amount: 5,
      paidOn: today,
    });
    expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_CUSTOMER', field: 'partner' });
    const forbidden = await post(
      '/api/payments',
      { kind: 'customer-receipt', partner: code, amount: 5, paidOn: today },
      clerk,
    );
    expect(forbidden.statusCode).toBe(403);
    expect(await paymentsOf(code)).toBe(0);
    expect(await paidAmounts([a, c])).toEqual({ [a]: 0, [c]: 0 });
  });

  test('a bank statement with a bad row imports nothing and names the row and field; a good one applies every row', async () => {
    const code = await customer(`PAY-${run}-3`);
    const [a, b, c] = await threeInvoices(code);
    const header = 'kind,partner,amount,paidOn,reference,invoiceNumber';
    const bad = [
      header,
      `customer-receipt,${code},30,${today},S-1,${b}`,
      `customer-receipt,${code},abc,${today},S-2,`,
      `customer-receipt,${code},60,${today},S-3,${c}`,
    ].join('\n');
    const refused = await statement(bad);
    expect(refused.statusCode).toBe(400);
    const details = refused.json<{ error: { code: string; details: Problem[] } }>().error;
    expect(details.code).toBe('IMPORT_INVALID');
    expect(details.details).toEqual([
      expect.objectContaining({ line: 3, column: 'amount', path: 'line 3, column amount' }),
      expect.objectContaining({ line: 4, column: 'amount', message: expect.stringContaining('overpays') }),
    ]);
    expect(await paymentsOf(code)).toBe(0);
    expect(await paidAmounts([a, b, c])).toEqual({ [a]: 0, [b]: 0, [c]: 0 });

    const good = [
      header,
      `customer-receipt,${code},30,${today},S-1,${b}`,
      `customer-receipt,${code},120,${today},S-2,`,
    ].join('\n');
    const dry = await statement(good, 'dry-run');
    expect(dry.json()).toMatchObject({ mode: 'dry-run', rows: 2, applied: false });
    expect(await paymentsOf(code)).toBe(0);
    const applied = await statement(good);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ mode: 'apply', rows: 2, applied: true });
    // Row 3 (no invoice named) pays the oldest first: A's 100, then 20 of B (which row 2 already paid 30 of).
    expect(await paidAmounts([a, b, c])).toEqual({ [a]: 100, [b]: 50, [c]: 0 });
  });

  test('receivables aging buckets as computed by hand, and the payment moves an invoice out of them', async () => {
    const code = await customer(`PAY-${run}-4`);
    const [a, b] = await threeInvoices(code);
    const more = `INV-D${run}`;
    await t.orm.em.fork().transactional((em) =>
      bookCustomerInvoice(em, {
        number: more,
        customer: code,
        amount: 70,
        issuedOn: isoDay(today, -150),
        dueOn: isoDay(today, -120),
      }),
    );
    const aging = async (asOf: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/reports/receivables-aging?partner=${code}&asOf=${asOf}`,
          headers: controller,
        })
      ).json();
    // Today: A 40 days past due (31–60), B 10 (1–30), C not due (current), D 120 (over 90).
    expect((await aging(today)).items).toEqual([
      {
        partner: code,
        partnerName: `Payer ${code}`,
        invoices: 4,
        current: 50,
        days1to30: 200,
        days31to60: 100,
        days61to90: 0,
        over90: 70,
        total: 420,
      },
    ]);
    const paid = await post('/api/payments', {
      kind: 'customer-receipt',
      partner: code,
      amount: 125,
      paidOn: today,
      allocations: [
        { invoiceNumber: a, amount: 100 },
        { invoiceNumber: b, amount: 25 },
      ],
    });
    expect(paid.statusCode).toBe(201);
    expect((await aging(today)).items[0]).toMatchObject({ invoices: 3, days1to30: 175, days31to60: 0, total: 295 });
    // Yesterday the payment had not happened; C was issued 10 days ago, so 25 days ago it did not exist yet.
    expect((await aging(isoDay(today, -1))).items[0]).toMatchObject({ days31to60: 100, days1to30: 200, total: 420 });
    expect((await aging(isoDay(today, -25))).items[0]).toMatchObject({
      current: 200,
      days31to60: 0,
      days1to30: 100,
      over90: 70,
      total: 370,
    });
  });
});

describe('tax rates', () => {
  test('master data: the zero default and a standard rate; the default can be neither unset nor deactivated', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/tax-rates', headers: clerk });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: Array<{ code: string; rate: number; isDefault: boolean }> }>().items;
    expect(items).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'ZERO', rate: 0, isDefault: true })]),
    );
    expect(items.find((r) => r.code === 'STD')).toMatchObject({ rate: 20, isDefault: false });
    const created = await post('/api/tax-rates', { code: `T${run}`, name: 'Test rate', rate: 12.5 });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ rate: 12.5, isDefault: false, used: false });
    const bad = await post('/api/tax-rates', { code: `U${run}`, name: 'Too much', rate: 120 });
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'rate' });
    const unset = await t.app.inject({
      method: 'PATCH',
      url: '/api/tax-rates/ZERO',
      headers: controller,
      payload: { isDefault: false },
    });
    expect(unset.statusCode).toBe(400);
    expect(unset.json().error).toMatchObject({ field: 'isDefault' });
    const off = await post('/api/tax-rates/ZERO/deactivate', {});
    expect(off.statusCode).toBe(400);
  });

  test('an item carries a tax code (null: the default rate); an unknown code is a 400 naming taxCode', async () => {
    const sku = `TAXED-${run}`;
    const created = await post(
      '/api/items',
      { sku, name: 'Taxed', uom: 'pcs', category: 'test', taxCode: 'STD' },
      admin,
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ taxCode: 'STD' });
    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: `/api/items/${sku}`, headers: admin, payload });
    expect((await patch({ taxCode: null })).json()).toMatchObject({ taxCode: null });
    const unknown = await patch({ taxCode: 'NOPE' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ field: 'taxCode' });
  });
});
