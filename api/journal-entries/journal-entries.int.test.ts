import type { MikroORM } from '@mikro-orm/postgresql';
import { pair, postJournal } from '../../db/accounting/journal';
import { seedDemoData } from '../../db/seeds/seed';
import { num, query } from '../../db/sql';
import { freshBooks, type FreshBooks } from '../../test/support/fresh-books';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';
import { closePeriod } from '../periods/period-service';

jest.setTimeout(180_000);

/**
 * Manual journal entries on books of their own (a fresh database): the test soft-locks and closes months, which
 * the shared database's other test files must never see.
 */
let books: FreshBooks;
let t: TestApp;
let controller: { authorization: string };
let admin: { authorization: string };
let clerk: { authorization: string };
let auditor: { authorization: string };
let counter = 0;

beforeAll(async () => {
  books = await freshBooks('journal_entries');
  await books.orm.em.fork().transactional((em) => seedDemoData(em));
  t = await createTestApp({ databaseUrl: books.orm.config.getClientUrl() });
  controller = await login(t.app, 'controller');
  admin = await login(t.app, 'admin');
  clerk = await login(t.app, 'clerk');
  auditor = await login(t.app, 'auditor');
});

afterAll(async () => {
  await t?.close();
  await books?.drop();
});

const accrual = (overrides: Record<string, unknown> = {}) => ({
  entryDate: '2026-10-31',
  reference: `PAY-${++counter}`,
  reason: 'October payroll accrued before the payroll run',
  lines: [
    { account: '6200', debit: 1234.56, memo: 'direct labour October' },
    { account: '2400', credit: 1234.56, memo: 'accrued payroll' },
  ],
  ...overrides,
});

const post = (payload: unknown, headers = controller, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/journal-entries',
    headers: key ? { ...headers, 'idempotency-key': key } : headers,
    payload: payload as object,
  });

const periodAct = (code: string, act: string, reason = 'month end') =>
  t.app.inject({ method: 'POST', url: `/api/periods/${code}/${act}`, headers: controller, payload: { reason } });
/**
 * A month closed by the books' administration: the API's close runs the period-close process (checklist, proof, a
 * second controller), which is not what these tests are about.
 */
const closeMonth = (code: string) => closePeriod(t.orm, { code, actor: 'controller', reason: 'month end' });

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await query<{ n: string }>(t.orm.em.fork(), sql, params);
  return num(row?.n);
}

const manualEntries = () => count(`select count(*) as n from journal_entry where source_type like 'manual%'`);

async function documentPosting(orm: MikroORM, day: string): Promise<void> {
  counter += 1;
  await orm.em.fork().transactional((em) =>
    postJournal(em, {
      entryDate: new Date(`${day}T12:00:00Z`),
      sourceType: 'test',
      sourceRef: `DOC${counter}`,
      description: 'a document posting',
      lines: pair('5100', '3000', 100),
      idempotencyKey: `je-test:${counter}`,
      createdBy: 'tester',
    }),
  );
}

describe('posting a manual entry', () => {
  test('a controller books an accrual: posted, listed with its lines and memos, audited with who and why', async () => {
    const response = await post(accrual({ reference: 'PAY-OCT' }));
    expect(response.statusCode).toBe(201);
    const entry = response.json();
    expect(entry).toMatchObject({
      entryDate: '2026-10-31',
      period: '2026-10',
      reference: 'PAY-OCT',
      reason: 'October payroll accrued before the payroll run',
      adjustment: false,
      total: 1234.56,
      createdBy: 'controller',
      lines: [
        { account: '6200', debit: 1234.56, credit: 0, memo: 'direct labour October' },
        { account: '2400', accountName: 'Accrued expenses', debit: 0, credit: 1234.56, memo: 'accrued payroll' },
      ],
    });
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/journal-entries?period=2026-10&reference=PAY-OCT',
      headers: auditor,
    });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: entry.id, reference: 'PAY-OCT' }] });
    const detail = await t.app.inject({ method: 'GET', url: `/api/journal-entries/${entry.id}`, headers: auditor });
    expect(detail.json()).toEqual(entry);
    const missing = await t.app.inject({ method: 'GET', url: '/api/journal-entries/999999', headers: auditor });
    expect(missing.statusCode).toBe(404);
    const audit = await query<{ actor: string; action: string; details: { reason: string } }>(
      t.orm.em.fork(),
      `select actor, action, details from audit_log where entity_type = 'journal_entry' and entity_id = ?`,
      [String(entry.id)],
    );
    expect(audit).toEqual([
      {
        actor: 'controller',
        action: 'journal-entry.posted',
        details: expect.objectContaining({ reason: 'October payroll accrued before the payroll run' }),
      },
    ]);
  });

  test('a retried POST with the same Idempotency-Key books once; the key on other content is refused', async () => {
    const body = accrual();
    const before = await manualEntries();
    const first = await post(body, controller, `je-key-${counter}`);
    const retry = await post(body, controller, `je-key-${counter}`);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    expect(await manualEntries()).toBe(before + 1);
    const reused = await post({ ...body, reason: 'something else' }, controller, `je-key-${counter}`);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  test('refusals name the line and field, and nothing is written', async () => {
    const before = await manualEntries();
    const cases: Array<[string, unknown, number, string, string]> = [
      [
        'unbalanced',
        accrual({
          lines: [
            { account: '6200', debit: 10 },
            { account: '2400', credit: 9.99 },
          ],
        }),
        400,
        'UNBALANCED_ENTRY',
        'lines',
      ],
      [
        'unknown account',
        accrual({
          lines: [
            { account: '6200', debit: 10 },
            { account: '9999', credit: 10 },
          ],
        }),
        400,
        'UNKNOWN_ACCOUNT',
        'lines[1].account',
      ],
      ['zero lines', accrual({ lines: [] }), 400, 'VALIDATION_FAILED', 'lines'],
      [
        'both sides on a line',
        accrual({
          lines: [
            { account: '6200', debit: 10, credit: 10 },
            { account: '2400', credit: 0 },
          ],
        }),
        400,
        'VALIDATION_FAILED',
        'lines[0].debit',
      ],
      ['no reason', accrual({ reason: ' ' }), 400, 'VALIDATION_FAILED', 'reason'],
      ['bad date', accrual({ entryDate: '2026-13-01' }), 400, 'VALIDATION_FAILED', 'entryDate'],
    ];
    for (const [what, body, status, code, field] of cases) {
      const response = await post(body);
      expect({
        what,
        status: response.statusCode,
        code: response.json().error.code,
        field: response.json().error.field,
      }).toEqual({ what, status, code, field });
    }
    // Every account a subledger controls: receivables, inventory, WIP, GRNI, payables, accrued subcontract fees.
    for (const account of ['1100', '1300', '1400', '2100', '2200', '2300']) {
      const response = await post(
        accrual({
          lines: [
            { account: '6000', debit: 5 },
            { account, credit: 5 },
          ],
        }),
      );
      expect({ account, status: response.statusCode, error: response.json().error }).toMatchObject({
        account,
        status: 400,
        error: { code: 'ACCOUNT_NOT_POSTABLE', field: 'lines[1].account', message: expect.stringContaining(account) },
      });
    }
    expect((await post(accrual(), clerk)).statusCode).toBe(403);
    expect((await post(accrual(), auditor)).statusCode).toBe(403);
    expect(await manualEntries()).toBe(before);
  });

  test('a posting may not open a period beyond the horizon (a company setting)', async () => {
    /** Sets the horizon through the settings API as a controller would; its answer (status, horizon or refused field). */
    const horizon = async (months: number) => {
      const current = (await t.app.inject({ method: 'GET', url: '/api/company-settings', headers: controller })).json<{
        fiscalYearStartMonth: number;
        timeZone: string;
      }>();
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/company-settings',
        headers: controller,
        payload: {
          fiscalYearStartMonth: current.fiscalYearStartMonth,
          timeZone: current.timeZone,
          postingHorizonMonths: months,
        },
      });
      const body = put.json<{ postingHorizonMonths?: number; error?: { field?: string } }>();
      return { statusCode: put.statusCode, postingHorizonMonths: body.postingHorizonMonths, field: body.error?.field };
    };
    const far = await post(accrual({ entryDate: '2031-01-15' }));
    expect(far.statusCode).toBe(409);
    expect(far.json().error).toMatchObject({ code: 'PERIOD_BEYOND_HORIZON', field: 'entryDate' });
    expect(await count(`select count(*) as n from accounting_period where code = '2031-01'`)).toBe(0);
    expect(await horizon(0)).toMatchObject({ statusCode: 400, field: 'postingHorizonMonths' });
    expect(await horizon(120)).toMatchObject({ statusCode: 200, postingHorizonMonths: 120 });
    expect((await post(accrual({ entryDate: '2031-01-15' }))).statusCode).toBe(201);
    expect(await horizon(12)).toMatchObject({ statusCode: 200, postingHorizonMonths: 12 });
    const next = new Date();
    next.setUTCMonth(next.getUTCMonth() + 14, 1);
    const beyond = await post(accrual({ entryDate: next.toISOString().slice(0, 10) }));
    expect(beyond.json().error?.code).toBe('PERIOD_BEYOND_HORIZON');
  });
});

describe("soft lock, close and the close's exceptions", () => {
  test('a soft-locked month refuses documents and ordinary entries, takes a controller adjustment, then closes', async () => {
    // Months close in order: close every month before September the seed or earlier tests opened.
    const earlier = await query<{ code: string }>(
      t.orm.em.fork(),
      `select code from accounting_period where code < '2026-09' and status = 'open' order by code`,
    );
    for (const { code } of earlier) await closeMonth(code);
    expect((await post(accrual({ entryDate: '2026-09-30' }))).statusCode).toBe(201); // opens September

    const locked = await periodAct('2026-09', 'soft-lock', 'September close started');
    expect(locked.json()).toMatchObject({ code: '2026-09', status: 'soft-locked' });
    expect((await periodAct('2026-09', 'soft-lock')).statusCode).toBe(200); // idempotent

    const before = await manualEntries();
    const refused = await post(accrual({ entryDate: '2026-09-15' }));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'PERIOD_SOFT_LOCKED', field: 'entryDate' });
    expect(refused.json().error.message).toMatch(/2026-09 is being closed/);
    await expect(documentPosting(books.orm, '2026-09-20')).rejects.toMatchObject({ code: 'PERIOD_SOFT_LOCKED' });
    expect((await post(accrual({ entryDate: '2026-09-15', adjustment: true }), admin)).statusCode).toBe(403);
    expect(await manualEntries()).toBe(before);

    const adjustment = await post(accrual({ entryDate: '2026-09-15', adjustment: true, reason: 'energy true-up' }));
    expect(adjustment.statusCode).toBe(201);
    expect(adjustment.json()).toMatchObject({ adjustment: true, period: '2026-09' });
    const [audit] = await query<{ action: string; actor: string }>(
      t.orm.em.fork(),
      `select action, actor from audit_log where entity_type = 'journal_entry' and entity_id = ?`,
      [String(adjustment.json().id)],
    );
    expect(audit).toEqual({ action: 'journal-entry.adjustment-posted', actor: 'controller' });

    expect(await closeMonth('2026-09')).toMatchObject({ status: 'closed' });
    const closed = await post(accrual({ entryDate: '2026-09-15', adjustment: true }));
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error).toMatchObject({ code: 'PERIOD_CLOSED', field: 'entryDate' });
    const lift = await periodAct('2026-09', 'lift-soft-lock');
    expect(lift.json().error.code).toBe('PERIOD_ALREADY_CLOSED');
  });

  test('lifting the soft lock (close abandoned) lets documents land again, audited', async () => {
    await documentPosting(books.orm, '2026-10-05');
    expect((await periodAct('2026-10', 'soft-lock')).statusCode).toBe(200);
    await expect(documentPosting(books.orm, '2026-10-06')).rejects.toMatchObject({ code: 'PERIOD_SOFT_LOCKED' });
    expect((await periodAct('2026-10', 'lift-soft-lock', 'close abandoned')).json()).toMatchObject({ status: 'open' });
    await documentPosting(books.orm, '2026-10-06');
    const actions = await query<{ action: string }>(
      t.orm.em.fork(),
      `select action from audit_log where entity_type = 'accounting_period' and entity_id = '2026-10' order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(['period.soft-locked', 'period.soft-lock-lifted']);
  });
});

describe('importing entries from CSV', () => {
  const HEADER = 'entryRef,date,account,debit,credit,memo';
  const upload = (csv: string, reason = 'November actuals from the payroll system') =>
    t.app.inject({
      method: 'POST',
      url: `/api/journal-entries/import?reason=${encodeURIComponent(reason)}`,
      headers: { ...controller, 'content-type': 'text/csv' },
      payload: csv,
    });

  test('a good file books every entry in one go', async () => {
    const csv = [
      HEADER,
      'NOV-PAY,2026-11-30,6200,5000,,payroll',
      'NOV-PAY,2026-11-30,2400,,5000,',
      'NOV-RENT,2026-11-01,6000,1200.50,,rent',
      'NOV-RENT,2026-11-01,2400,,1200.50,',
    ].join('\n');
    const response = await upload(csv);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ entries: 2 });
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/journal-entries?reference=NOV-&sort=reference',
      headers: controller,
    });
    expect(list.json().items.map((e: { reference: string; reason: string }) => [e.reference, e.reason])).toEqual([
      ['NOV-PAY', 'November actuals from the payroll system'],
      ['NOV-RENT', 'November actuals from the payroll system'],
    ]);
    const exported = await t.app.inject({
      method: 'GET',
      url: '/api/journal-entries/export.csv?reference=NOV-&sort=reference',
      headers: controller,
    });
    expect(exported.body.split('\r\n').slice(0, 3)).toEqual([
      'entryRef,date,account,debit,credit,memo',
      'NOV-PAY,2026-11-30,6200,5000.00,,payroll',
      'NOV-PAY,2026-11-30,2400,,5000.00,',
    ]);
  });

  test('bad rows are each named by line and column, and nothing is written', async () => {
    const before = await manualEntries();
    const csv = [
      HEADER,
      'X1,2026-11-10,6000,100,,ok',
      "X1,2026-11-10,1300,,100,inventory is the subledger's",
      'X2,2026-11-11,6000,50,,',
      'X2,2026-11-11,2400,,49,',
      'X3,2026-11-12,9999,abc,,',
    ].join('\n');
    const response = await upload(csv);
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.details.map((d: { line: number; column: string }) => [d.line, d.column])).toEqual([
      [3, 'account'],
      [4, 'debit'],
      [6, 'debit'],
      [6, 'debit'],
      [6, 'account'],
    ]);
    expect(await manualEntries()).toBe(before);
  });

  test('an entry dated in a closed month is reported on its row; the good entries are not written either', async () => {
    const before = await manualEntries();
    const csv = [
      HEADER,
      'OK1,2026-11-10,6000,10,,',
      'OK1,2026-11-10,2400,,10,',
      'OLD,2026-09-10,6000,10,,',
      'OLD,2026-09-10,2400,,10,',
    ].join('\n');
    const response = await upload(csv);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ line: 4, column: 'date', message: expect.stringContaining('2026-09 is closed') }),
    ]);
    expect(await manualEntries()).toBe(before);
  });
});
