import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { pair, postJournal } from '../../db/accounting/journal';
import { openWindowStart } from '../../db/accounting/periods';
import { postMove } from '../../db/inventory/post-move';
import { trialBalance } from '../../db/repositories/trial-balance-repository';
import { seedDemoData } from '../../db/seeds/seed';
import { query } from '../../db/sql';
import { freshBooks, type FreshBooks } from '../../test/support/fresh-books';
import { closePeriod, reopenPeriod } from '../periods/period-service';
import { updateCompanySettings } from './company-settings-service';

jest.setTimeout(180_000);

let counter = 0;
const utc = (iso: string) => new Date(iso);
const tx = <T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>) => orm.em.fork().transactional(work);

/** A two-line entry (adjustments against opening equity) dated `at`; returns its period code. */
async function journal(orm: MikroORM, at: Date, cents = 1_000): Promise<string> {
  counter += 1;
  const id = await tx(orm, (em) =>
    postJournal(em, {
      entryDate: at,
      sourceType: 'test',
      sourceRef: `CAL${counter}`,
      description: 'calendar test',
      lines: pair('5100', '3000', cents),
      idempotencyKey: `calendar-test:${counter}`,
      createdBy: 'tester',
    }),
  );
  const [row] = await query<{ period_code: string }>(
    orm.em.fork(),
    'select period_code from journal_entry where id = ?',
    [id],
  );
  return String(row?.period_code);
}

async function period(orm: MikroORM, code: string) {
  const [row] = await query<{ starts_on: string; ends_on: string; status: string }>(
    orm.em.fork(),
    `select to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on, status
       from accounting_period where code = ?`,
    [code],
  );
  return row;
}

const act = (code: string) => ({ code, actor: 'controller' });

describe('the company time zone decides the period', () => {
  let books: FreshBooks;
  beforeAll(async () => {
    books = await freshBooks('auckland');
    await updateCompanySettings(books.orm, { fiscalYearStartMonth: 1, timeZone: 'Pacific/Auckland' }, 'admin');
    await tx(books.orm, (em) => seedDemoData(em, utc('2026-06-15T00:00:00Z')));
  });
  afterAll(() => books?.drop());

  test('a stock move at 2026-01-31T12:00Z falls in February in Auckland, dated by the local month', async () => {
    const [item] = await query<{ sku: string }>(
      books.orm.em.fork(),
      'select sku from item where not lot_tracked order by sku limit 1',
    );
    const posted = await tx(books.orm, (em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: String(item?.sku),
        toLocation: 'MAIN-A01',
        quantity: 2,
        unitCost: 3,
        effectiveAt: utc('2026-01-31T12:00:00Z'),
        documentType: 'test',
        documentRef: 'TZ1',
        userName: 'tester',
        idempotencyKey: 'calendar-test:tz-move',
      }),
    );
    const [entry] = await query<{ period_code: string }>(
      books.orm.em.fork(),
      'select period_code from journal_entry where id = ?',
      [posted.journalEntryId],
    );
    expect(entry?.period_code).toBe('2026-02');
    expect(await period(books.orm, '2026-02')).toEqual({
      starts_on: '2026-02-01',
      ends_on: '2026-02-28',
      status: 'open',
    });
  });

  test('journal postings resolve the same way on either side of local midnight', async () => {
    expect(await journal(books.orm, utc('2026-01-31T10:59:00Z'))).toBe('2026-01'); // 23:59 local
    expect(await journal(books.orm, utc('2026-01-31T11:00:00Z'))).toBe('2026-02'); // 00:00 local
    expect(await journal(books.orm, utc('2026-03-31T11:30:00Z'))).toBe('2026-04'); // 00:30 on 1 April local
    expect(await period(books.orm, '2026-04')).toMatchObject({ starts_on: '2026-04-01', ends_on: '2026-04-30' });
  });

  test('the calendar is frozen once postings exist; saving the same values is fine', async () => {
    await expect(
      updateCompanySettings(books.orm, { fiscalYearStartMonth: 1, timeZone: 'UTC' }, 'admin'),
    ).rejects.toMatchObject({ code: 'FIELD_FROZEN', field: 'timeZone' });
    await expect(
      updateCompanySettings(books.orm, { fiscalYearStartMonth: 7, timeZone: 'Pacific/Auckland' }, 'admin'),
    ).rejects.toMatchObject({ code: 'FIELD_FROZEN', field: 'fiscalYearStartMonth' });
    await expect(
      updateCompanySettings(books.orm, { fiscalYearStartMonth: 1, timeZone: 'Pacific/Auckland' }, 'admin'),
    ).resolves.toMatchObject({ timeZone: 'Pacific/Auckland' });
    const audit = await query<{ action: string; actor: string; details: { after: { timeZone: string } } }>(
      books.orm.em.fork(),
      `select action, actor, details from audit_log where entity_type = 'company_settings' order by id`,
    );
    expect(audit).toEqual([
      {
        action: 'company-settings.changed',
        actor: 'admin',
        details: expect.objectContaining({ after: expect.objectContaining({ timeZone: 'Pacific/Auckland' }) }),
      },
    ]); // saving the same values again records nothing
  });

  test('the re-valuation window starts at local midnight of the first open month after the close', async () => {
    // Close everything up to and including March, in order, through the service.
    const open = await query<{ code: string }>(
      books.orm.em.fork(),
      `select code from accounting_period where code <= '2026-03' and status = 'open' order by code`,
    );
    for (const { code } of open) await closePeriod(books.orm, act(code));
    // 1 April 2026 00:00 in Auckland (NZDT, UTC+13) is 31 March 11:00 UTC.
    expect((await openWindowStart(books.orm.em.fork())).toISOString()).toBe('2026-03-31T11:00:00.000Z');
    for (const { code } of [...open].reverse()) await reopenPeriod(books.orm, act(code));
  });
});

describe('periods cannot be skipped, closed or reopened out of order (UTC books, fiscal year from April)', () => {
  let books: FreshBooks;
  beforeAll(async () => {
    books = await freshBooks('periods');
    await updateCompanySettings(books.orm, { fiscalYearStartMonth: 4, timeZone: 'UTC' }, 'admin');
  });
  afterAll(() => books?.drop());

  test('with UTC the same instant falls in January', async () => {
    expect(await journal(books.orm, utc('2026-01-31T12:00:00Z'), 500)).toBe('2026-01');
    expect(await period(books.orm, '2026-01')).toEqual({
      starts_on: '2026-01-01',
      ends_on: '2026-01-31',
      status: 'open',
    });
  });

  test('a month never opened before a closed month refuses postings; after the close it opens', async () => {
    expect(await journal(books.orm, utc('2026-03-10T09:00:00Z'), 700)).toBe('2026-03');
    expect(await journal(books.orm, utc('2026-05-10T09:00:00Z'), 900)).toBe('2026-05');
    await closePeriod(books.orm, act('2026-01'));
    await closePeriod(books.orm, act('2026-03'));

    const entries = async () =>
      (await query<{ n: string }>(books.orm.em.fork(), 'select count(*) as n from journal_entry'))[0]?.n;
    const before = await entries();
    const skipped = journal(books.orm, utc('2026-02-15T12:00:00Z'));
    await expect(skipped).rejects.toMatchObject({ code: 'PERIOD_BEFORE_CLOSED', field: 'effectiveAt' });
    await expect(skipped).rejects.toThrow(
      /2026-02 was never opened and lies before the closed period 2026-03.*2026-02-15T12:00:00.000Z/,
    );
    expect(await period(books.orm, '2026-02')).toBeUndefined();
    expect(await entries()).toBe(before);

    expect(await journal(books.orm, utc('2026-04-10T12:00:00Z'), 300)).toBe('2026-04'); // after the close: opens
    await expect(journal(books.orm, utc('2026-03-20T12:00:00Z'))).rejects.toMatchObject({ code: 'PERIOD_CLOSED' });
  });

  test('months close in order and reopen latest first', async () => {
    await expect(closePeriod(books.orm, act('2026-05'))).rejects.toMatchObject({
      code: 'PERIOD_OUT_OF_ORDER',
      field: 'code',
      message: expect.stringContaining('2026-04 is still open'),
    });
    expect((await period(books.orm, '2026-05'))?.status).toBe('open');
    await expect(reopenPeriod(books.orm, act('2026-01'))).rejects.toMatchObject({
      code: 'PERIOD_OUT_OF_ORDER',
      message: expect.stringContaining('2026-03 is closed'),
    });
    await closePeriod(books.orm, act('2026-04'));
    await closePeriod(books.orm, act('2026-05'));
    for (const code of ['2026-05', '2026-04', '2026-03']) await reopenPeriod(books.orm, act(code));
    expect((await period(books.orm, '2026-01'))?.status).toBe('closed');
  });

  test('an open month left behind a closed one (legacy data) refuses postings too', async () => {
    await query(books.orm.em.fork(), `update accounting_period set status = 'closed' where code = '2026-05'`);
    await expect(journal(books.orm, utc('2026-04-11T12:00:00Z'))).rejects.toMatchObject({
      code: 'PERIOD_BEFORE_CLOSED',
      message: expect.stringContaining('2026-04 is open but lies before the closed period 2026-05'),
    });
    await query(books.orm.em.fork(), `update accounting_period set status = 'open' where code = '2026-05'`);
  });

  test('trial balance: opening + movement = closing, for a period and cumulative from the fiscal year start', async () => {
    const march = await trialBalance(books.orm.em.fork(), { basis: 'period', from: '2026-03-01', to: '2026-03-31' });
    const account = (report: typeof march, code: string) => report.accounts.find((a) => a.code === code);
    expect(march).toMatchObject({ basis: 'period', from: '2026-03-01', to: '2026-03-31', balanced: true });
    expect(account(march, '5100')).toMatchObject({
      type: 'expense',
      normalSide: 'debit',
      opening: 5,
      debitMovement: 7,
      creditMovement: 0,
      closing: 12,
    });
    expect(account(march, '3000')).toMatchObject({
      normalSide: 'credit',
      opening: -5,
      creditMovement: 7,
      closing: -12,
    });
    expect(account(march, '6100')).toMatchObject({ type: 'expense', normalSide: 'credit', closing: 0 });

    // Cumulative as of 30 April: the fiscal year starts in April, so January and March are the opening.
    const april = await trialBalance(books.orm.em.fork(), { basis: 'cumulative', to: '2026-04-30' });
    expect(april).toMatchObject({ basis: 'cumulative', from: '2026-04-01', to: '2026-04-30', balanced: true });
    expect(account(april, '5100')).toMatchObject({
      opening: 12,
      debitMovement: 3,
      closing: 15,
      debit: 15,
      balance: 15,
    });

    for (const report of [march, april]) {
      for (const a of report.accounts) {
        expect(Math.round((a.opening + a.debitMovement - a.creditMovement) * 100)).toBe(Math.round(a.closing * 100));
      }
      expect(report.totals).toMatchObject({ opening: 0, closing: 0 });
      expect(report.totals.debitMovement).toBe(report.totals.creditMovement);
    }
    const all = await trialBalance(books.orm.em.fork(), { basis: 'cumulative', to: null });
    expect(account(all, '5100')).toMatchObject({ closing: 24, debit: 24 });
  });
});
