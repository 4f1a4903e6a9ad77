import { createPeriodCloseActivities } from '../../activities/period-close/period-close-activities';
import { closeFiscalYear } from '../../db/accounting/period-close-year-end';
import { num, query } from '../../db/sql';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  approveClose,
  closeUntilApproval as closeUntilApprovalOf,
  entryLines as entryLinesOf,
  useCloseBooks,
  AWAITING_APPROVAL,
} from '../../test/support/close-books';

jest.setTimeout(300_000);

/**
 * Step 6's fiscal year end (issue 17): on books of their own (a fresh database, a task queue and worker of its own)
 * with a fiscal year from July to June (fiscal_year_start_month 7, set on the fresh database before anything is
 * posted in 2017), May 2017 closes with the year-end step skipped, June 2017 (the year's last month) closes its
 * profit-and-loss accounts to retained earnings 3100, a reopen and a late sale close only the late sale, and July 2017
 * (the next year's first month) starts from P&L accounts at zero. Every figure is computed by hand in the comments.
 */
const close = useCloseBooks('period_close_year_end', {
  users: ['controller', 'controller2', 'clerk'],
  prepare: (em: EntityManager) =>
    // The fiscal year runs July to June: set before anything is posted in 2017.
    query(
      em,
      `insert into company_settings (id, fiscal_year_start_month, time_zone) values (1, 7, 'UTC')
       on conflict (id) do update set fiscal_year_start_month = 7, time_zone = 'UTC'`,
    ).then(() => undefined),
});
let counter = 0;
const suffix = `${process.pid}`.slice(-4);
const { send } = close;

/** A journal entry through the journal-entry API: Dr `debit`, Cr `credit`. */
async function post(day: string, debit: string, credit: string, amount: number) {
  const response = await send('POST', '/api/journal-entries', 'controller', {
    entryDate: day,
    reference: `PCY-${suffix}-${++counter}`,
    reason: 'year-end test',
    lines: [
      { account: debit, debit: amount, memo: 'dr' },
      { account: credit, credit: amount, memo: 'cr' },
    ],
  });
  expect(response.statusCode).toBe(201);
}

interface YearEnd {
  periodCode: string;
  yearEnd: boolean;
  fiscalYear: string;
  idempotencyKey: string | null;
  entryId: number | null;
  entryDate: string | null;
  netResult: number;
  accountsClosed: Array<{ account: string; name: string; type: string; balance: number }>;
  note: string | null;
}

interface CloseState {
  status: string;
  steps: Array<{ step: string; status: string; problems: string[] }>;
  yearEnd: YearEnd | null;
  proof: { holds: boolean; problems: string[]; closingDebit: number; closingCredit: number } | null;
  approvalTaskId: string | null;
}

/** Starts the close of `code` and waits for its approval task. */
const closeUntilApproval = (code: string) => closeUntilApprovalOf<CloseState>(close, code);

const approve = (code: string, state: CloseState) => approveClose(close, code, state.approvalTaskId);

const entryLines = (entryId: number) => entryLinesOf(close, entryId);

/** The stored closing balances of `code` as account -> net debit, for the given accounts (absent: no row). */
async function closing(code: string, accounts: string[]): Promise<Record<string, number>> {
  const rows = await query<{ account_code: string; net: string }>(
    close.orm.em.fork(),
    `select account_code, debit - credit as net from period_closing_balance
      where period_code = ? and valid and account_code in (${accounts.map(() => '?').join(', ')})`,
    [code, ...accounts],
  );
  return Object.fromEntries(rows.map((row) => [row.account_code, num(row.net)]));
}

/** Net debit of every P&L account (revenue, expense) in the stored closing balances of `code`, non-zero only. */
async function profitAndLossInClosing(code: string): Promise<Record<string, number>> {
  const rows = await query<{ account_code: string; net: string }>(
    close.orm.em.fork(),
    `select b.account_code, b.debit - b.credit as net from period_closing_balance b
       join account a on a.code = b.account_code
      where b.period_code = ? and b.valid and a.type in ('revenue', 'expense') and b.debit <> b.credit`,
    [code],
  );
  return Object.fromEntries(rows.map((row) => [row.account_code, num(row.net)]));
}

const PNL = ['4000', '5200', '5400', '6000'];

test('a month that is not the fiscal year end shows the year-end step skipped and posts nothing', async () => {
  // May 2017 (fiscal year 2016-07..2017-06): a sale of 1000.00 (Dr bank 1000 / Cr revenue 4000) and scrap of 300.25.
  await post('2017-05-10', '1000', '4000', 1000);
  await post('2017-05-12', '5200', '2400', 300.25);
  const awaiting = await closeUntilApproval('2017-05');
  expect(awaiting.steps.map((s) => [s.step, s.status])).toEqual(AWAITING_APPROVAL);
  expect(awaiting.steps.find((s) => s.step === 'year-end')!.problems).toEqual([
    "not the fiscal year's last month: the fiscal year 2016-07..2017-06 ends with 2017-06",
  ]);
  expect(awaiting.yearEnd).toMatchObject({
    periodCode: '2017-05',
    yearEnd: false,
    fiscalYear: '2016-07..2017-06',
    entryId: null,
    netResult: 0,
    accountsClosed: [],
  });
  const [entries] = await query<{ n: string }>(
    close.orm.em.fork(),
    `select count(*) as n from journal_entry where idempotency_key like 'period-close:2017-05:%:year-end'`,
  );
  expect(num(entries!.n)).toBe(0);
  // The P&L accounts carry their balances into June.
  expect(await closing('2017-05', PNL)).toEqual({ '4000': -1000, '5200': 300.25 });
  expect(awaiting.proof?.holds).toBe(true);
  await approve('2017-05', awaiting);
  close.record('year-end-skipped', 'period-close:2017-05:1');
});

test('the fiscal year end closes the P&L accounts to retained earnings, once per attempt; the next year starts at zero', async () => {
  // June 2017, the year's last month: a sale of 2500.50, a price variance of 120.10 and overhead of 50.00 that no
  // production order carries (the absorption leaves it in its pool, so the year end closes it).
  await post('2017-06-05', '1000', '4000', 2500.5);
  await post('2017-06-06', '5400', '2400', 120.1);
  await post('2017-06-07', '6000', '2400', 50);
  const awaiting = await closeUntilApproval('2017-06');
  expect(awaiting.steps.map((s) => [s.step, s.status])).toEqual(AWAITING_APPROVAL);
  // Revenue 1000.00 + 2500.50 = 3500.50; expense 300.25 + 120.10 + 50.00 = 470.35; net 3030.15 credited to 3100.
  const yearEnd = awaiting.yearEnd!;
  expect(yearEnd).toMatchObject({
    periodCode: '2017-06',
    yearEnd: true,
    fiscalYear: '2016-07..2017-06',
    idempotencyKey: 'period-close:2017-06:1:year-end',
    entryId: expect.any(Number),
    entryDate: '2017-06-30T23:59:59.000Z',
    netResult: 3030.15,
    note: null,
  });
  expect(yearEnd.accountsClosed.map((a) => [a.account, a.type, a.balance])).toEqual([
    ['4000', 'revenue', -3500.5],
    ['5200', 'expense', 300.25],
    ['5400', 'expense', 120.1],
    ['6000', 'expense', 50],
  ]);
  expect(await entryLines(yearEnd.entryId!)).toEqual({
    '4000': 3500.5,
    '5200': -300.25,
    '5400': -120.1,
    '6000': -50,
    '3100': -3030.15,
  });
  const [entry] = await query<{ period_code: string; entry_date: string; source_type: string }>(
    close.orm.em.fork(),
    `select period_code, to_char(entry_date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as entry_date, source_type
       from journal_entry where id = ?`,
    [yearEnd.entryId],
  );
  expect(entry).toEqual({ period_code: '2017-06', entry_date: '2017-06-30T23:59:59', source_type: 'period-close' });
  // The stored closing balances: every P&L account at zero, the year's result in 3100, debits equal credits.
  expect(await profitAndLossInClosing('2017-06')).toEqual({});
  expect(await closing('2017-06', ['3100'])).toEqual({ '3100': -3030.15 });
  expect(awaiting.proof).toMatchObject({ holds: true, problems: [] });
  expect(awaiting.proof!.closingDebit).toBe(awaiting.proof!.closingCredit);

  // Running the step again (as a retry would, or the books' function under the same key) posts nothing twice.
  const again = await createPeriodCloseActivities({ orm: close.books.orm }).closeFiscalYearEnd({
    periodCode: '2017-06',
    workflowId: 'period-close:2017-06:1',
    attempt: 1,
    startedBy: 'controller',
  });
  expect(again).toEqual(yearEnd);
  const direct = await close.books.orm.em
    .fork()
    .transactional((em) =>
      closeFiscalYear(em, { code: '2017-06', workflowId: 'period-close:2017-06:1', attempt: 1, createdBy: 'x' }),
    );
  expect(direct).toEqual(yearEnd);
  const [entries] = await query<{ n: string }>(
    close.orm.em.fork(),
    `select count(*) as n from journal_entry where idempotency_key like 'period-close:2017-06:%:year-end'`,
  );
  expect(num(entries!.n)).toBe(1);
  await approve('2017-06', awaiting);
  close.record('year-end-closed', 'period-close:2017-06:1');

  // Reopened for a late sale of 5.00: attempt 2 closes only what the P&L accounts hold now.
  expect((await send('POST', '/api/periods/2017-06/reopen', 'controller', { reason: 'late sale' })).statusCode).toBe(
    200,
  );
  await post('2017-06-28', '1000', '4000', 5);
  const second = await closeUntilApproval('2017-06');
  expect(second.yearEnd).toMatchObject({
    idempotencyKey: 'period-close:2017-06:2:year-end',
    netResult: 5,
    accountsClosed: [expect.objectContaining({ account: '4000', balance: -5 })],
  });
  expect(await entryLines(second.yearEnd!.entryId!)).toEqual({ '4000': 5, '3100': -5 });
  expect(await profitAndLossInClosing('2017-06')).toEqual({});
  expect(await closing('2017-06', ['3100'])).toEqual({ '3100': -3035.15 });
  expect(second.proof?.holds).toBe(true);
  await approve('2017-06', second);

  // July 2017 opens the next fiscal year with the P&L accounts at zero: its closing holds only July's sale of 7.00.
  await post('2017-07-03', '1000', '4000', 7);
  const july = await closeUntilApproval('2017-07');
  expect(july.yearEnd).toMatchObject({ yearEnd: false, fiscalYear: '2017-07..2018-06', entryId: null });
  expect(await profitAndLossInClosing('2017-07')).toEqual({ '4000': -7 });
  expect(await closing('2017-07', ['3100'])).toEqual({ '3100': -3035.15 });
  expect(july.proof?.holds).toBe(true);
  await approve('2017-07', july);
});
