import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { agingReport, type AgingSide } from '../reports/aging-report';
import { ApiError } from '../errors';
import { freshBooks, type FreshBooks } from '../../test/support/fresh-books';
import { bookCustomerInvoice, bookSupplierInvoice, isoDay } from '../../test/support/invoices';
import { enterPayment } from './payment-service';
import { importStatement } from './payment-import';

jest.setTimeout(120_000);

/** Books of their own, so the control accounts hold only what this file posts and must equal the subledgers exactly. */
let books: FreshBooks;
const today = new Date().toISOString().slice(0, 10);
const tx = <T>(work: (em: EntityManager) => Promise<T>) => books.orm.em.fork().transactional(work);
const aging = (side: AgingSide, asOf = today) => tx((em) => agingReport(em, { side, asOf, limit: 50, offset: 0 }));

beforeAll(async () => {
  books = await freshBooks('payments');
  await tx(async (em) => {
    await query(em, `insert into warehouse (code, name) values ('W1', 'Main')`);
    for (const code of ['C-ONE', 'C-TWO']) {
      await query(
        em,
        `insert into customer (code, name, min_shelf_life_days, credit_limit, segment, payment_terms_days, ship_to_address, active, created_at)
         values (?, ?, 0, 1000, 'standard', 30, '1 Street', true, now())`,
        [code, `Customer ${code}`],
      );
    }
    await query(
      em,
      `insert into supplier (code, name, trusted, payment_terms_days, active, created_at) values ('S-ONE', 'Supplier One', false, 30, true, now())`,
    );
    await bookCustomerInvoice(em, {
      number: 'CI-1',
      customer: 'C-ONE',
      amount: 100,
      issuedOn: isoDay(today, -100),
      dueOn: isoDay(today, -95),
    });
    await bookCustomerInvoice(em, {
      number: 'CI-2',
      customer: 'C-ONE',
      amount: 250,
      issuedOn: isoDay(today, -50),
      dueOn: isoDay(today, -20),
    });
    await bookCustomerInvoice(em, {
      number: 'CI-3',
      customer: 'C-TWO',
      amount: 80,
      issuedOn: isoDay(today, -5),
      dueOn: isoDay(today, 25),
    });
    await bookSupplierInvoice(em, {
      number: 'SI-1',
      supplier: 'S-ONE',
      gross: 300,
      invoiceDate: isoDay(today, -70),
      dueDate: isoDay(today, -65),
    });
    await bookSupplierInvoice(em, {
      number: 'SI-2',
      supplier: 'S-ONE',
      gross: 120,
      invoiceDate: isoDay(today, -10),
      dueDate: isoDay(today, 20),
    });
  });
});
afterAll(() => books?.drop());

async function balance(account: string): Promise<number> {
  const [row] = await query<{ b: string }>(
    books.orm.em.fork(),
    'select coalesce(sum(debit - credit), 0) as b from journal_line where account_code = ?',
    [account],
  );
  return num(row?.b);
}

test('supplier payments apply to posted invoices (Dr 2200 / Cr 1000); overpaying one is refused naming the field', async () => {
  const payment = await tx((em) =>
    enterPayment(
      em,
      { kind: 'supplier-payment', partner: 'S-ONE', amount: 350, paidOn: today },
      { actor: 'tester', source: 'entered' },
    ),
  );
  const paid = await query<{ invoice_number: string; paid_amount: string }>(
    books.orm.em.fork(),
    'select invoice_number, paid_amount from supplier_invoice order by invoice_number',
  );
  expect(paid.map((r) => [r.invoice_number, num(r.paid_amount)])).toEqual([
    ['SI-1', 300],
    ['SI-2', 50],
  ]);
  const lines = await query<{ account_code: string; debit: string; credit: string }>(
    books.orm.em.fork(),
    'select account_code, debit, credit from journal_line where entry_id = ? order by account_code',
    [payment.journalEntryId],
  );
  expect(lines.map((l) => [l.account_code, num(l.debit), num(l.credit)])).toEqual([
    ['1000', 0, 350],
    ['2200', 350, 0],
  ]);
  const over = tx((em) =>
    enterPayment(
      em,
      {
        kind: 'supplier-payment',
        partner: 'S-ONE',
        amount: 71,
        paidOn: today,
        allocations: [{ invoiceNumber: 'SI-2', amount: 71 }],
      },
      { actor: 'tester', source: 'entered' },
    ),
  );
  await expect(over).rejects.toMatchObject({ field: 'allocations.0.amount' });
  await expect(over).rejects.toBeInstanceOf(ApiError);
});

test('a statement whose second row names an unknown invoice writes nothing and names line 3, column invoiceNumber', async () => {
  const before = await balance('1000');
  const csv = [
    'kind,partner,amount,paidOn,reference,invoiceNumber',
    `customer-receipt,C-ONE,40,${today},B-1,CI-1`,
    `customer-receipt,C-TWO,10,${today},B-2,CI-404`,
  ].join('\n');
  const failed = tx((em) => importStatement(em, csv, { actor: 'tester' }));
  await expect(failed).rejects.toMatchObject({
    code: 'IMPORT_INVALID',
    details: [expect.objectContaining({ line: 3, column: 'invoiceNumber' })],
  });
  expect(await balance('1000')).toBe(before);
  const [ci1] = await query<{ paid_amount: string }>(
    books.orm.em.fork(),
    `select paid_amount from customer_invoice where invoice_number = 'CI-1'`,
  );
  expect(num(ci1?.paid_amount)).toBe(0);
});

test('receivables and payables aging reconcile with 1100 and 2200, before and after customer payments', async () => {
  const ar = await aging('receivables');
  // By hand: C-ONE CI-1 95 days past due (over 90) 100, CI-2 20 days (1–30) 250; C-TWO CI-3 not due, 80.
  expect(
    ar.items.map((r) => [r.partner, r.current, r.days1to30, r.days31to60, r.days61to90, r.over90, r.total]),
  ).toEqual([
    ['C-ONE', 0, 250, 0, 0, 100, 350],
    ['C-TWO', 80, 0, 0, 0, 0, 80],
  ]);
  expect(ar.ledger).toEqual({ account: '1100', balance: 430 });
  expect(ar.difference).toBe(0);

  await tx((em) =>
    importStatement(
      em,
      [
        'kind,partner,amount,paidOn,reference,invoiceNumber',
        `customer-receipt,C-ONE,120,${today},B-3,`,
        `customer-receipt,C-TWO,80,${today},B-4,CI-3`,
      ].join('\n'),
      { actor: 'tester' },
    ),
  );
  const after = await aging('receivables');
  // 120 paid CI-1's 100 (oldest) and 20 of CI-2; C-TWO paid in full drops out.
  expect(after.items.map((r) => [r.partner, r.days1to30, r.over90, r.total])).toEqual([['C-ONE', 230, 0, 230]]);
  expect(after.ledger.balance).toBe(230);
  expect(after.difference).toBe(0);
  expect(await balance('1100')).toBe(230);

  const ap = await aging('payables');
  // SI-1 (65 days past due) paid; SI-2 not yet due: 120 - 50 = 70 open.
  expect(ap.items.map((r) => [r.partner, r.current, r.days61to90, r.total])).toEqual([['S-ONE', 70, 0, 70]]);
  expect(ap.ledger).toEqual({ account: '2200', balance: 70 });
  expect(ap.difference).toBe(0);
  // Yesterday: nothing paid yet; SI-1's 300 was 64 days past due.
  const yesterday = await aging('payables', isoDay(today, -1));
  expect(yesterday.items.map((r) => [r.current, r.days61to90, r.total])).toEqual([[120, 300, 420]]);
  expect(yesterday.difference).toBe(0);
});
