import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { buildApp } from '../app';
import { createTemporalClient } from '../temporal';
import { openOrm } from '../../db/orm';
import { seedDemoData } from '../../db/seeds/seed';
import { num, query } from '../../db/sql';
import { storeClosingBalances } from '../../db/accounting/period-close';
import { invalidateClosingBalancesFrom, markClosed, markOpen } from '../../db/repositories/period-repository';
import { freshBooks, type FreshBooks } from '../../test/support/fresh-books';
import { intEnv, login } from '../../test/support/int-env';

jest.setTimeout(120_000);

/**
 * The month's trial balance from the close's stored closing balances (issue 17, reports), on books of their own (a
 * fresh database: closing a month there constrains no other test file). The months are 2019's, before anything the
 * seed posts, so every figure is the test's own and hand-computed.
 */
let books: FreshBooks;
let orm: MikroORM;
let temporal: Client;
let app: FastifyInstance;
const headers: Record<string, { authorization: string }> = {};
let counter = 0;

beforeAll(async () => {
  const env = intEnv();
  books = await freshBooks('trial_balance');
  await books.orm.em.fork().transactional((em) => seedDemoData(em));
  orm = await openOrm(books.orm.config.getClientUrl());
  temporal = await createTemporalClient(env.temporalAddress, env.namespace);
  app = await buildApp({
    orm,
    temporal,
    taskQueue: `trial-balance-${process.pid}-${Date.now()}`,
    temporalUiUrl: 'http://127.0.0.1:8233',
    sessionTtlHours: 1,
    pickTaskSlaMinutes: 60,
    logLevel: process.env.MW_TEST_API_LOG ?? 'silent',
  });
  await app.ready();
  for (const user of ['controller', 'auditor', 'clerk']) headers[user] = await login(app, user);
});

afterAll(async () => {
  await app?.close();
  await temporal?.connection.close();
  await orm?.close();
  await books?.drop();
});

const get = (url: string, user = 'controller') => app.inject({ method: 'GET', url, headers: headers[user] });

/** Payroll accrued (Dr 6200, Cr 2400) through the journal-entry API. */
async function accrue(day: string, amount: number) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/journal-entries',
    headers: headers.controller,
    payload: {
      entryDate: day,
      reference: `TB-${process.pid}-${++counter}`,
      reason: 'payroll accrued',
      lines: [
        { account: '6200', debit: amount, memo: 'direct labour' },
        { account: '2400', credit: amount, memo: 'accrued payroll' },
      ],
    },
  });
  expect(response.statusCode).toBeLessThan(300);
}

interface Row {
  code: string;
  opening: number;
  debit: number;
  credit: number;
  closing: number;
}
interface Report {
  period: string;
  openingFrom: string | null;
  closingStored: boolean;
  accounts: Row[];
  totals: Record<string, number>;
  balanced: boolean;
}

async function report(period: string): Promise<Report> {
  const response = await get(`/api/reports/trial-balance/closing?period=${period}`);
  expect(response.statusCode).toBe(200);
  return response.json();
}
const account = (r: Report, code: string) => r.accounts.find((a) => a.code === code);

/** A plain SUM ... GROUP BY over every line through the month: what each closing must equal. */
async function plainClosing(period: string): Promise<Map<string, number>> {
  const rows = await query<{ account_code: string; net: string }>(
    orm.em.fork(),
    `select jl.account_code, sum(jl.debit - jl.credit) as net
       from journal_line jl join journal_entry je on je.id = jl.entry_id
      where je.period_code <= ? group by jl.account_code`,
    [period],
  );
  return new Map(rows.map((row) => [row.account_code, num(row.net)]));
}

test('opening chains from the closed month, the month adds its lines, totals balance, equal to a plain sum', async () => {
  await accrue('2019-01-10', 1000);
  await accrue('2019-01-20', 250.5);
  await accrue('2019-02-05', 300.25);

  // January closed through the SQL helpers: its closing balances stored, the month hard-locked.
  await orm.em.fork().transactional(async (em) => {
    await storeClosingBalances(em, '2019-01');
    await markClosed(em, '2019-01', 'controller');
  });

  const january = await report('2019-01');
  expect(january).toMatchObject({ openingFrom: null, closingStored: true, balanced: true });
  expect(account(january, '6200')).toMatchObject({ opening: 0, debit: 1250.5, credit: 0, closing: 1250.5 });
  expect(account(january, '2400')).toMatchObject({ opening: 0, debit: 0, credit: 1250.5, closing: -1250.5 });

  const february = await report('2019-02');
  expect(february).toMatchObject({ openingFrom: '2019-01', closingStored: false, balanced: true });
  expect(account(february, '6200')).toMatchObject({ opening: 1250.5, debit: 300.25, credit: 0, closing: 1550.75 });
  expect(account(february, '2400')).toMatchObject({ opening: -1250.5, debit: 0, credit: 300.25, closing: -1550.75 });
  expect(february.totals).toMatchObject({ openingDebit: 1250.5, openingCredit: 1250.5, debit: 300.25, credit: 300.25 });
  expect(february.totals.closingDebit).toBe(february.totals.closingCredit);

  // February's opening is January's stored closing; every closing equals the plain sum over all lines.
  const stored = await query<{ account_code: string; net: string }>(
    orm.em.fork(),
    `select account_code, debit - credit as net from period_closing_balance where period_code = '2019-01' and valid`,
  );
  for (const row of stored) expect(account(february, row.account_code)?.opening).toBe(num(row.net));
  const plain = await plainClosing('2019-02');
  expect(february.accounts.filter((a) => a.closing !== 0).length).toBe(
    [...plain.values()].filter((n) => n !== 0).length,
  );
  for (const row of february.accounts) expect(row.closing).toBe(plain.get(row.code) ?? 0);

  // CSV: the same figures.
  const csv = await get('/api/reports/trial-balance/closing/export.csv?period=2019-02', 'auditor');
  expect(csv.statusCode).toBe(200);
  expect(csv.headers['content-type']).toContain('text/csv');
  expect(csv.body.split('\r\n')[0]).toBe('Account,Name,Type,Opening (Dr - Cr),Debit,Credit,Closing (Dr - Cr)');
  expect(csv.body).toMatch(/\r\n6200,[^\r\n]*,1250\.50,300\.25,0\.00,1550\.75\r\n/);

  // A reopen invalidates January's balances: February's opening then comes from the history, with the same figures.
  await orm.em.fork().transactional(async (em) => {
    await invalidateClosingBalancesFrom(em, '2019-01');
    await markOpen(em, '2019-01');
  });
  const reopened = await report('2019-02');
  expect(reopened.openingFrom).toBeNull();
  expect(account(reopened, '6200')).toMatchObject({ opening: 1250.5, closing: 1550.75 });
  expect((await report('2019-01')).closingStored).toBe(false);
});

test('a malformed or unknown period is refused naming period; only controller, auditor and admin read it', async () => {
  for (const period of ['2019-13', 'january', '2099-01']) {
    const response = await get(`/api/reports/trial-balance/closing?period=${period}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'period' });
  }
  expect((await get('/api/reports/trial-balance/closing?period=2019-01', 'clerk')).statusCode).toBe(403);
  expect((await get('/api/reports/trial-balance/closing?period=2019-01', 'auditor')).statusCode).toBe(200);
});
