import { countRows, useTestApp } from '../../test/support/int-env';
import { parseCsv, writeCsv } from '../master-data/csv';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase().slice(-6);

const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const rateRows = (code: string) =>
  countRows(
    t.orm,
    'select count(*) as n from work_centre_rate r join work_centre w on w.id = r.work_centre_id where w.code = ?',
    [code],
  );

describe('work centres', () => {
  test('create, list sorted and searched, the rate valid today on the row, deactivate hides it', async () => {
    const codes = [`WB-${run}`, `WA-${run}`];
    for (const [i, code] of codes.entries()) {
      const created = await send('POST', '/api/work-centres', { code, name: `Assembly ${run} ${i}` });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toEqual({
        code,
        name: `Assembly ${run} ${i}`,
        active: true,
        labourRate: null,
        overheadRate: null,
        rateEffectiveFrom: null,
      });
    }
    expect((await send('POST', '/api/work-centres', { code: codes[0], name: 'Again' })).json().error).toMatchObject({
      code: 'DUPLICATE',
      field: 'code',
    });

    const [wb, wa] = codes as [string, string];
    // Past, today and future rows: the list shows the one valid today.
    for (const [from, labour, overhead] of [
      [isoDay(-30), 40, 10],
      [isoDay(0), 42.5, null],
      [isoDay(30), 99, 99],
    ] as const) {
      const added = await send('POST', `/api/work-centres/${wb}/rates`, {
        effectiveFrom: from,
        labourRate: labour,
        overheadRate: overhead,
      });
      expect(added.statusCode).toBe(201);
    }

    const asc = await send('GET', `/api/work-centres?q=${run}&sort=code`, undefined, clerk);
    expect(asc.statusCode).toBe(200);
    expect(asc.json().items.map((w: { code: string }) => w.code)).toEqual([wa, wb]);
    expect(asc.json().items[1]).toMatchObject({ labourRate: 42.5, overheadRate: null, rateEffectiveFrom: isoDay(0) });
    const desc = await send('GET', `/api/work-centres?q=${run}&sort=-code`);
    expect(desc.json().items.map((w: { code: string }) => w.code)).toEqual([wb, wa]);
    expect((await send('GET', `/api/work-centres?sort=labourRate`)).json().error).toMatchObject({ field: 'sort' });

    expect((await send('POST', `/api/work-centres/${wa}/deactivate`)).json().active).toBe(false);
    expect((await send('GET', `/api/work-centres?q=${run}`)).json().items.map((w: { code: string }) => w.code)).toEqual(
      [wb],
    );
    expect((await send('POST', `/api/work-centres/${wa}/reactivate`)).json().active).toBe(true);
    expect((await send('PATCH', `/api/work-centres/${wa}`, { name: 'Paint line' })).json().name).toBe('Paint line');
    expect((await send('POST', '/api/work-centres', { code: `WX-${run}`, name: 'x' }, clerk)).statusCode).toBe(403);
  });

  test('rates are effective-dated: the row valid on a date is picked, duplicates and negatives refused', async () => {
    const code = `WR-${run}`;
    expect((await send('POST', '/api/work-centres', { code, name: 'Lathe' })).statusCode).toBe(201);
    const add = (body: object) => send('POST', `/api/work-centres/${code}/rates`, body);
    expect((await add({ effectiveFrom: '2026-01-01', labourRate: 30, overheadRate: 12.25 })).statusCode).toBe(201);
    expect((await add({ effectiveFrom: '2026-07-01', labourRate: 33, overheadRate: null })).statusCode).toBe(201);

    const before = await rateRows(code);
    const again = await add({ effectiveFrom: '2026-07-01', labourRate: 35, overheadRate: null });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'DUPLICATE', field: 'effectiveFrom' });
    expect(again.json().error.message).toContain('2026-07-01');
    const negative = await add({ effectiveFrom: '2026-09-01', labourRate: -1, overheadRate: null });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'labourRate' });
    const negativeOverhead = await add({ effectiveFrom: '2026-09-01', labourRate: 1, overheadRate: -0.5 });
    expect(negativeOverhead.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'overheadRate' });
    expect(await rateRows(code)).toBe(before);
    const noOverhead = await add({ effectiveFrom: '2025-01-01', labourRate: 28 });
    expect(noOverhead.json()).toMatchObject({ effectiveFrom: '2025-01-01', labourRate: 28, overheadRate: null });

    const history = (await send('GET', `/api/work-centres/${code}/rates`, undefined, clerk)).json().items;
    expect(history.map((r: { effectiveFrom: string }) => r.effectiveFrom)).toEqual([
      '2026-07-01',
      '2026-01-01',
      '2025-01-01',
    ]);
    expect(history[1]).toMatchObject({ labourRate: 30, overheadRate: 12.25, createdBy: 'admin' });

    // Both rows are in the past: the later one is today's rate.
    const row = (await send('GET', `/api/work-centres/${code}`)).json();
    expect(row).toMatchObject({ labourRate: 33, overheadRate: null, rateEffectiveFrom: '2026-07-01' });
    expect((await send('GET', `/api/work-centres/NOPE-${run}/rates`)).statusCode).toBe(404);
  });

  test('CSV export shows the rates; re-importing it changes nothing; an import creates work centres', async () => {
    const code = `WC-${run}`;
    await send('POST', '/api/work-centres', { code, name: 'Welding' });
    await send('POST', `/api/work-centres/${code}/rates`, {
      effectiveFrom: '2026-02-01',
      labourRate: 50,
      overheadRate: 5,
    });
    const exported = await send('GET', `/api/work-centres/export.csv?q=${code}`);
    expect(exported.statusCode).toBe(200);
    const records = parseCsv(exported.body).map((r) => r.fields);
    expect(records[0]).toEqual(['code', 'name', 'active', 'labourRate', 'overheadRate', 'rateEffectiveFrom']);
    expect(records[1]).toEqual([code, 'Welding', 'true', '50', '5', '2026-02-01']);

    const importCsv = (csv: string, mode: 'dry-run' | 'apply') =>
      t.app.inject({
        method: 'POST',
        url: `/api/work-centres/import?mode=${mode}`,
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: csv,
      });
    const back = await importCsv(writeCsv(records), 'apply');
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ created: 0, updated: 1, applied: true });
    expect(await rateRows(code)).toBe(1);

    const fresh = `WI-${run}`;
    const created = await importCsv(
      writeCsv([
        ['code', 'name'],
        [fresh, 'Imported bench'],
      ]),
      'apply',
    );
    expect(created.json()).toMatchObject({ created: 1, applied: true });
    expect((await send('GET', `/api/work-centres/${fresh}`)).json()).toMatchObject({ name: 'Imported bench' });
  });
});
