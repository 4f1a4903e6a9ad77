import { pair, postJournal } from '../../db/accounting/journal';
import { query } from '../../db/sql';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

let t: TestApp;
let controller: { authorization: string };
let admin: { authorization: string };
let clerk: { authorization: string };
const run = `${Date.now() % 1_000_000}`;

beforeAll(async () => {
  t = await createTestApp();
  [controller, admin, clerk] = await Promise.all([
    login(t.app, 'controller'),
    login(t.app, 'admin'),
    login(t.app, 'clerk'),
  ]);
});
afterAll(() => t?.close());

type Account = {
  code: string;
  name: string;
  type: string;
  normalSide: string;
  subledgerControlled: boolean;
  active: boolean;
  hasPostings: boolean;
};
type Problem = { path: string; message: string; line?: number; column?: string };

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  headers = controller,
  payload?: unknown,
) => t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const csv = (url: string, body: string, headers = controller) =>
  t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'text/csv' }, payload: body });

async function auditFor(code: string): Promise<Array<{ action: string; actor: string }>> {
  return query(
    t.orm.em.fork(),
    `select action, actor from audit_log where entity_type = 'account' and entity_id = ? order by id`,
    [code],
  );
}

describe('the chart of accounts', () => {
  test('every role lists it: seeded and POSTINGS.md accounts with type, normal side and subledger control', async () => {
    const response = await call('GET', '/api/accounts?pageSize=200', clerk);
    expect(response.statusCode).toBe(200);
    const { items, total } = response.json<{ items: Account[]; total: number }>();
    const byCode = new Map(items.map((a) => [a.code, a]));
    expect(total).toBeGreaterThanOrEqual(23);
    expect(byCode.get('1300')).toMatchObject({ type: 'asset', normalSide: 'debit', subledgerControlled: true });
    expect(byCode.get('1000')).toMatchObject({ name: 'Bank', subledgerControlled: false });
    expect(byCode.get('6100')).toMatchObject({ type: 'expense', normalSide: 'credit' });
    expect(byCode.get('6210')).toMatchObject({ type: 'expense', normalSide: 'credit' });
    for (const code of ['1100', '1300', '1400', '2100', '2200', '2300']) {
      expect({ code, controlled: byCode.get(code)?.subledgerControlled }).toEqual({ code, controlled: true });
    }
    const expenses = await call('GET', '/api/accounts?type=expense&normalSide=credit&sort=-code', clerk);
    expect(expenses.json<{ items: Account[] }>().items.map((a) => a.code)).toEqual(
      expect.arrayContaining(['6210', '6100']),
    );
    const codes = expenses.json<{ items: Account[] }>().items.map((a) => a.code);
    expect(codes).toEqual([...codes].sort().reverse()); // sort=-code
    const badSort = await call('GET', '/api/accounts?sort=balance', clerk);
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().error.field).toBe('sort');
  });

  test('create validates every field, defaults the normal side from the type, refuses duplicates and clerks', async () => {
    const code = `7${run}`;
    const created = await call('POST', '/api/accounts', controller, { code, name: 'Energy pool', type: 'expense' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code, normalSide: 'debit', active: true, hasPostings: false });
    const contra = await call('POST', '/api/accounts', admin, {
      code: `8${run}`,
      name: 'Applied energy',
      type: 'expense',
      normalSide: 'credit',
    });
    expect(contra.json()).toMatchObject({ normalSide: 'credit' });

    const duplicate = await call('POST', '/api/accounts', controller, { code, name: 'Again', type: 'asset' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toMatchObject({ code: 'DUPLICATE', field: 'code' });

    const bad = await call('POST', '/api/accounts', controller, {
      code: 'no spaces',
      name: '',
      type: 'cost',
      normalSide: 'left',
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json<{ error: { details: Problem[] } }>().error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['code', 'name', 'type', 'normalSide']));

    expect((await call('POST', '/api/accounts', clerk, { code: `9${run}`, name: 'x', type: 'asset' })).statusCode).toBe(
      403,
    );
    expect(await auditFor(code)).toEqual([{ action: 'account.created', actor: 'controller' }]);
  });

  test('type and normal side freeze once the account has postings; it deactivates but is never deleted', async () => {
    const code = `6${run}`;
    await call('POST', '/api/accounts', controller, { code, name: 'Rent pool', type: 'expense' });
    // Without postings the type may still change.
    const retyped = await call('PATCH', `/api/accounts/${code}`, controller, { type: 'asset' });
    expect(retyped.json()).toMatchObject({ type: 'asset' });
    await call('PATCH', `/api/accounts/${code}`, controller, { type: 'expense' });

    await t.orm.em.fork().transactional((em) =>
      postJournal(em, {
        entryDate: new Date(),
        sourceType: 'test',
        sourceRef: `ACC${run}`,
        description: 'rent accrued',
        lines: pair(code, '2400', 12_500),
        idempotencyKey: `accounts-test:${run}`,
        createdBy: 'tester',
      }),
    );
    for (const [field, value] of [
      ['type', 'asset'],
      ['normalSide', 'credit'],
    ] as const) {
      const frozen = await call('PATCH', `/api/accounts/${code}`, controller, { [field]: value });
      expect({ field, status: frozen.statusCode, error: frozen.json().error }).toMatchObject({
        field,
        status: 409,
        error: { code: 'FIELD_FROZEN', field },
      });
    }
    const renamed = await call('PATCH', `/api/accounts/${code}`, controller, { name: 'Rent', type: 'expense' });
    expect(renamed.json()).toMatchObject({ name: 'Rent', type: 'expense', hasPostings: true });

    expect((await call('DELETE', `/api/accounts/${code}`, admin)).statusCode).toBe(404);
    const deactivated = await call('POST', `/api/accounts/${code}/deactivate`, admin);
    expect(deactivated.json()).toMatchObject({ active: false });
    const visible = await call('GET', `/api/accounts?q=${code}`, clerk);
    expect(visible.json().total).toBe(0);
    const all = await call('GET', `/api/accounts?q=${code}&active=all`, clerk);
    expect(all.json().items).toEqual([expect.objectContaining({ code, active: false })]);
    expect((await auditFor(code)).map((a) => a.action)).toEqual([
      'account.created',
      'account.changed',
      'account.changed',
      'account.changed',
      'account.deactivated',
    ]);
  });

  test('CSV import: a dry-run names every bad line and column, apply is all-or-nothing, export round-trips', async () => {
    const header = 'code,name,type,normalSide,subledgerControlled,active';
    const good = (n: number) => `I${run}${n},Imported ${n},expense,debit,false,true`;
    const bad = [
      header,
      good(1),
      `I${run}2,Imported 2,cost,debit,false,true`,
      good(3),
      `I${run}4,,revenue,sideways,no,yes`,
    ];
    const refused = await csv('/api/accounts/import?mode=apply', bad.join('\n'));
    expect(refused.statusCode).toBe(400);
    const details = refused.json<{ error: { code: string; details: Problem[] } }>().error.details;
    expect(refused.json().error.code).toBe('IMPORT_INVALID');
    expect(details.map((d) => [d.line, d.column])).toEqual(
      expect.arrayContaining([
        [3, 'type'],
        [5, 'name'],
        [5, 'normalSide'],
      ]),
    );
    const none = await call('GET', `/api/accounts?q=I${run}&active=all`);
    expect(none.json().total).toBe(0);

    const fixed = [header, good(1), good(2), good(3), `I${run}4,Imported 4,revenue,credit,no,yes`].join('\n');
    const dry = await csv('/api/accounts/import?mode=dry-run', fixed);
    expect(dry.json()).toMatchObject({ mode: 'dry-run', rows: 4, created: 4, applied: false });
    expect((await call('GET', `/api/accounts?q=I${run}`)).json().total).toBe(0);
    const applied = await csv('/api/accounts/import?mode=apply', fixed);
    expect(applied.json()).toMatchObject({ mode: 'apply', rows: 4, created: 4, applied: true });
    expect((await call('GET', `/api/accounts?q=I${run}`)).json().total).toBe(4);
    expect(await auditFor(`I${run}4`)).toEqual([{ action: 'account.created', actor: 'controller' }]);

    const exported = await call('GET', `/api/accounts/export.csv?q=I${run}`, clerk);
    expect(exported.headers['content-type']).toContain('text/csv');
    const lines = exported.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe(header);
    expect(lines).toContain(`I${run}4,Imported 4,revenue,credit,false,true`);
    const again = await csv('/api/accounts/import?mode=apply', exported.body);
    expect(again.json()).toMatchObject({ created: 0, updated: 4, applied: true });
  });
});

describe('company settings', () => {
  test('read by everyone; validated; the calendar is frozen once the books hold postings', async () => {
    const read = await call('GET', '/api/company-settings', clerk);
    expect(read.statusCode).toBe(200);
    const current = read.json<{ timeZone: string; fiscalYearStartMonth: number; calendarFrozen: boolean }>();
    expect(current).toMatchObject({ calendarFrozen: true, currency: 'EUR' });

    const bad = await call('PUT', '/api/company-settings', admin, { fiscalYearStartMonth: 13, timeZone: '' });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json<{ error: { details: Problem[] } }>().error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['fiscalYearStartMonth', 'timeZone']));
    const unknownZone = await call('PUT', '/api/company-settings', admin, {
      fiscalYearStartMonth: 1,
      timeZone: 'Mars/Olympus',
    });
    expect(unknownZone.statusCode).toBe(400);
    expect(unknownZone.json().error.field).toBe('timeZone');

    const frozen = await call('PUT', '/api/company-settings', controller, {
      fiscalYearStartMonth: current.fiscalYearStartMonth,
      timeZone: current.timeZone === 'UTC' ? 'Pacific/Auckland' : 'UTC',
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error).toMatchObject({ code: 'FIELD_FROZEN', field: 'timeZone' });
    const same = await call('PUT', '/api/company-settings', controller, {
      fiscalYearStartMonth: current.fiscalYearStartMonth,
      timeZone: current.timeZone,
    });
    expect(same.statusCode).toBe(200);
    expect((await call('PUT', '/api/company-settings', clerk, same.json())).statusCode).toBe(403);
  });
});

describe('trial balance over HTTP', () => {
  type Row = { code: string; opening: number; debitMovement: number; creditMovement: number; closing: number };
  type Report = {
    basis: string;
    from: string;
    to: string | null;
    accounts: Row[];
    totals: Record<string, number>;
    balanced: boolean;
  };
  const month = new Date().toISOString().slice(0, 7);

  test('for a period and cumulative: opening + movement = closing per account, and the books balance', async () => {
    const period = await call('GET', `/api/reports/trial-balance?basis=period&period=${month}`, clerk);
    expect(period.statusCode).toBe(200);
    const cumulative = await call('GET', `/api/reports/trial-balance?asOf=${month}-15`, clerk);
    for (const report of [period.json<Report>(), cumulative.json<Report>()]) {
      expect(report.balanced).toBe(true);
      for (const a of report.accounts) {
        expect(Math.round((a.opening + a.debitMovement - a.creditMovement) * 100)).toBe(Math.round(a.closing * 100));
      }
      expect(report.totals.debitMovement).toBe(report.totals.creditMovement);
    }
    expect(period.json<Report>()).toMatchObject({ basis: 'period', from: `${month}-01` });
    expect(cumulative.json<Report>()).toMatchObject({ basis: 'cumulative', to: `${month}-15` });
  });

  test('a period needs its dates, in order, and not mixed with asOf', async () => {
    const cases: Array<[string, string]> = [
      ['basis=period', 'from'],
      ['from=2026-03-01', 'to'],
      ['from=2026-03-10&to=2026-03-01', 'to'],
      ['basis=period&from=2026-03-01&to=2026-03-31&asOf=2026-03-31', 'asOf'],
      ['period=2026-03&asOf=2026-03-31', 'period'],
      ['asOf=2026-02-30', 'asOf'],
      ['asOf=0000-01-01', 'asOf'],
      ['period=0000-01', 'period'],
    ];
    for (const [params, field] of cases) {
      const response = await call('GET', `/api/reports/trial-balance?${params}`, clerk);
      const paths = (response.json<{ error: { details?: Problem[]; field?: string } }>().error.details ?? []).map(
        (d) => d.path,
      );
      expect({ params, status: response.statusCode, paths }).toEqual({
        params,
        status: 400,
        paths: expect.arrayContaining([field]),
      });
    }
  });
});
