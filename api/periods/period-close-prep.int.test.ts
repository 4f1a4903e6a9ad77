import { pair, postJournal } from '../../db/accounting/journal';
import { seedDemoData } from '../../db/seeds/seed';
import { query } from '../../db/sql';
import { freshBooks, type FreshBooks } from '../../test/support/fresh-books';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';
import { closePeriod } from './period-service';

jest.setTimeout(180_000);

/** Periods in order, soft lock and the audited reopen, on books of their own (closes would constrain other files). */
let books: FreshBooks;
let t: TestApp;
let controller: { authorization: string };
let admin: { authorization: string };
let counter = 0;

beforeAll(async () => {
  books = await freshBooks('period_prep');
  await books.orm.em.fork().transactional((em) => seedDemoData(em));
  t = await createTestApp({ databaseUrl: books.orm.config.getClientUrl() });
  controller = await login(t.app, 'controller');
  admin = await login(t.app, 'admin');
  // The months this file works in, opened by a posting each; every earlier month the seed opened is closed first.
  for (const day of ['2026-05-10', '2026-06-10', '2026-07-10', '2026-08-10']) await posting(day);
  const earlier = await query<{ code: string }>(
    books.orm.em.fork(),
    `select code from accounting_period where code < '2026-05' and status = 'open' order by code`,
  );
  for (const { code } of earlier) await closeMonth(code);
});

afterAll(async () => {
  await t?.close();
  await books?.drop();
});

async function posting(day: string): Promise<void> {
  counter += 1;
  await books.orm.em.fork().transactional((em) =>
    postJournal(em, {
      entryDate: new Date(`${day}T12:00:00Z`),
      sourceType: 'test',
      sourceRef: `PP${counter}`,
      description: 'period test',
      lines: pair('5100', '3000', 100),
      idempotencyKey: `period-prep:${counter}`,
      createdBy: 'tester',
    }),
  );
}

const act = (code: string, action: string, payload: object = { reason: 'month end' }, headers = controller) =>
  t.app.inject({ method: 'POST', url: `/api/periods/${code}/${action}`, headers, payload });
/**
 * A month closed by the books' administration: the API's close runs the period-close process (checklist, proof, a
 * second controller; period-close*.int.test.ts), while this file is about the periods' order and locks.
 */
const closeMonth = (code: string) => closePeriod(t.orm, { code, actor: 'controller', reason: 'month end' });

test('a month cannot close while an earlier one is open or soft-locked', async () => {
  expect((await act('2026-05', 'soft-lock')).json()).toMatchObject({ status: 'soft-locked' });
  const list = await t.app.inject({ method: 'GET', url: '/api/periods', headers: admin });
  expect(list.json().items).toEqual(
    expect.arrayContaining([expect.objectContaining({ code: '2026-05', status: 'soft-locked' })]),
  );
  const early = await act('2026-06', 'close');
  expect(early.statusCode).toBe(409);
  expect(early.json().error).toMatchObject({
    code: 'PERIOD_OUT_OF_ORDER',
    message: expect.stringContaining('2026-05'),
  });
  expect(await closeMonth('2026-05')).toMatchObject({ status: 'closed' });
  expect(await closeMonth('2026-06')).toMatchObject({ status: 'closed' });
  expect((await act('1999-01', 'soft-lock')).statusCode).toBe(404);
  expect((await act('2026-06', 'soft-lock')).json().error.code).toBe('PERIOD_ALREADY_CLOSED');
  expect((await act('2026-07', 'soft-lock', {}, admin)).statusCode).toBe(403); // the close's lock is a controller's
});

test('reopen: a controller with a reason, only the latest closed month, audited, closing balances invalidated', async () => {
  const em = books.orm.em.fork();
  for (const code of ['2026-05', '2026-06']) {
    await query(
      em,
      `insert into period_closing_balance (period_code, account_code, debit, credit, valid, computed_at)
       values (?, '5100', 1, 0, true, now()), (?, '3000', 0, 1, true, now())`,
      [code, code],
    );
  }
  const reasonless = await act('2026-06', 'reopen', {});
  expect(reasonless.statusCode).toBe(400);
  expect(reasonless.json().error.field).toBe('reason');
  expect((await act('2026-06', 'reopen', { reason: 'late invoice' }, admin)).statusCode).toBe(403);
  const notLatest = await act('2026-05', 'reopen', { reason: 'late invoice' });
  expect(notLatest.statusCode).toBe(409);
  expect(notLatest.json().error).toMatchObject({
    code: 'PERIOD_OUT_OF_ORDER',
    message: expect.stringContaining('2026-06'),
  });

  const reopened = await act('2026-06', 'reopen', { reason: 'late energy invoice' });
  expect(reopened.json()).toMatchObject({ code: '2026-06', status: 'open', closedBy: null });
  const balances = await query<{ period_code: string; valid: boolean }>(
    em,
    `select period_code, bool_and(valid) as valid from period_closing_balance group by period_code order by period_code`,
  );
  expect(balances).toEqual([
    { period_code: '2026-05', valid: true },
    { period_code: '2026-06', valid: false },
  ]);
  const [audit] = await query<{ actor: string; details: Record<string, unknown> }>(
    em,
    `select actor, details from audit_log where entity_type = 'accounting_period' and entity_id = '2026-06'
        and action = 'period.reopened'`,
  );
  expect(audit).toEqual({
    actor: 'controller',
    details: expect.objectContaining({
      reason: 'late energy invoice',
      closedBy: 'controller',
      invalidatedClosingBalances: ['2026-06'],
    }),
  });
  await posting('2026-06-20'); // open again: documents land
});
