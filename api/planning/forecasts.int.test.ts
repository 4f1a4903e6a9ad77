import { AuditEntry } from '../../db/entities';
import { eventually, useTestApp } from '../../test/support/int-env';
import { plainItem } from '../../test/support/stock';
import type { MrpItemGrid } from './mrp-run-read-schemas';
import type { ForecastRecord } from './forecast-schemas';

jest.setTimeout(180_000);

const t = useTestApp();
const planner = t.headers('planner');
const auditor = t.headers('auditor');
const clerk = t.headers('clerk');

const S = `${Date.now() % 1_000_000}`;
const sku = { a: `FCA-${S}`, b: `FCB-${S}`, planned: `FCP-${S}` };
const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
type Refusal = { error: { code: string; message: string; field?: string } };
type Page = { items: ForecastRecord[]; total: number };

const post = (payload: Record<string, unknown>, headers = planner) =>
  t.app.inject({ method: 'POST', url: '/api/forecasts', headers, payload });
const list = (query: string, headers = planner) =>
  t.app.inject({ method: 'GET', url: `/api/forecasts?${query}`, headers });

beforeAll(async () => {
  await plainItem(t.orm, sku.a, { name: `Forecast bolt ${S}` });
  await plainItem(t.orm, sku.b, { name: `Forecast nut ${S}` });
  await plainItem(t.orm, sku.planned, { name: `Forecast washer ${S}` });
});

describe('forecasts', () => {
  test('bad input names the field; the same item and day twice is a 409 naming forecastDate', async () => {
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{ itemSku: sku.a, forecastDate: isoDay(5), quantity: 0 }, 'quantity', 400],
      [{ itemSku: sku.a, forecastDate: '2027-02-30', quantity: 1 }, 'forecastDate', 400],
      [{ itemSku: `NOPE-${S}`, forecastDate: isoDay(5), quantity: 1 }, 'itemSku', 400],
      [{ itemSku: sku.a, forecastDate: isoDay(5), quantity: 1, note: 'x'.repeat(201) }, 'note', 400],
    ];
    for (const [payload, field, status] of cases) {
      const refused = await post(payload);
      expect([refused.statusCode, refused.json<Refusal>().error.field]).toEqual([status, field]);
    }
    expect((await post({ itemSku: sku.a, forecastDate: isoDay(5), quantity: 1 }, clerk)).statusCode).toBe(403);

    const created = await post({ itemSku: sku.a, forecastDate: isoDay(5), quantity: 12, note: 'trade fair' });
    expect(created.statusCode).toBe(201);
    expect(created.json<ForecastRecord>()).toMatchObject({ itemSku: sku.a, quantity: 12, createdBy: 'planner' });
    const twice = await post({ itemSku: sku.a, forecastDate: isoDay(5), quantity: 3 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json<Refusal>().error).toMatchObject({ code: 'DUPLICATE', field: 'forecastDate' });
    expect(twice.json<Refusal>().error.message).toContain(isoDay(5));
  });

  test('change and delete are audited; an unknown id is a 404 naming id; auditors read but do not write', async () => {
    const { id } = (await post({ itemSku: sku.b, forecastDate: isoDay(9), quantity: 4 })).json<ForecastRecord>();
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/forecasts/${id}`,
      headers: planner,
      payload: { quantity: 6, note: 'promotion' },
    });
    expect(patched.json<ForecastRecord>()).toMatchObject({ id, quantity: 6, note: 'promotion' });
    const one = await t.app.inject({ method: 'GET', url: `/api/forecasts/${id}`, headers: auditor });
    expect(one.json<ForecastRecord>()).toMatchObject({ id, itemSku: sku.b, quantity: 6, note: 'promotion' });
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/forecasts/${id}`,
      headers: planner,
      payload: { quantity: -1 },
    });
    expect([bad.statusCode, bad.json<Refusal>().error.field]).toEqual([400, 'quantity']);
    expect((await list(`itemSku=${sku.b}`, auditor)).json<Page>().items.map((f) => f.quantity)).toEqual([6]);
    const denied = await t.app.inject({ method: 'DELETE', url: `/api/forecasts/${id}`, headers: auditor });
    expect(denied.statusCode).toBe(403);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/forecasts/${id}`, headers: planner })).statusCode).toBe(
      204,
    );
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/forecasts/${id}`, headers: planner });
    expect([gone.statusCode, gone.json<Refusal>().error.field]).toEqual([404, 'id']);
    const audit = await t.orm.em
      .fork()
      .find(AuditEntry, { entityType: 'forecast', entityId: String(id) }, { orderBy: { id: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['forecast.created', 'planner'],
      ['forecast.updated', 'planner'],
      ['forecast.deleted', 'planner'],
    ]);
    expect(audit[1]?.details).toEqual({ quantity: { from: 4, to: 6 }, note: { from: null, to: 'promotion' } });
  });

  test('the list sorts, filters by item and days, searches, and exports the same rows as CSV', async () => {
    for (const [day, quantity] of [
      [20, 7],
      [14, 30],
      [30, 2],
    ] as const) {
      expect((await post({ itemSku: sku.b, forecastDate: isoDay(day), quantity })).statusCode).toBe(201);
    }
    const byDay = (await list(`itemSku=${sku.b}`)).json<Page>();
    expect(byDay.items.map((f) => f.forecastDate)).toEqual([isoDay(14), isoDay(20), isoDay(30)]);
    const byQuantity = (await list(`itemSku=${sku.b}&sort=-quantity`)).json<Page>();
    expect(byQuantity.items.map((f) => f.quantity)).toEqual([30, 7, 2]);
    const window = (await list(`itemSku=${sku.b}&from=${isoDay(15)}&to=${isoDay(30)}`)).json<Page>();
    expect(window.items.map((f) => f.quantity)).toEqual([7, 2]);
    const searched = (await list(`q=${encodeURIComponent(`Forecast nut ${S}`)}&pageSize=2`)).json<Page>();
    expect([searched.total, searched.items.length]).toEqual([3, 2]);
    expect((await list('sort=colour')).json<Refusal>().error.field).toBe('sort');
    expect((await list('from=2027-02-30')).json<Refusal>().error.field).toBe('from');

    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/forecasts/export.csv?itemSku=${sku.b}&sort=-quantity`,
      headers: auditor,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split(/\r\n/);
    expect(lines[0]).toBe('id,itemSku,itemName,forecastDate,quantity,note,createdBy,createdAt');
    expect(lines.slice(1).map((line) => line.split(',')[4])).toEqual(['30', '7', '2']);
  });

  test('an MRP run plans for a forecast recorded through the API', async () => {
    const created = await post({ itemSku: sku.planned, forecastDate: isoDay(3), quantity: 5 });
    expect(created.statusCode).toBe(201);
    const forecast = created.json<ForecastRecord>();
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/mrp-runs',
      headers: { ...planner, 'idempotency-key': `forecast-run-${S}` },
      payload: { asOf: isoDay(0), bucketSize: 'day', bucketCount: 10, simulation: true },
    });
    expect(started.statusCode).toBe(202);
    const runId = started.json<{ id: number }>().id;
    await eventually(
      async () => {
        const run = await t.app.inject({ method: 'GET', url: `/api/mrp-runs/${runId}`, headers: planner });
        return run.json<{ run: { status: string } }>().run.status === 'simulated' ? true : undefined;
      },
      120_000,
      'the simulation',
    );
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/mrp-runs/${runId}/items/${sku.planned}`,
      headers: planner,
    });
    const grid = read.json<MrpItemGrid>();
    expect(grid.rows.find((row) => row.bucket === 3)?.gross).toBe(5);
    const pegs = grid.plannedOrders.flatMap((order) => order.pegs.filter((peg) => peg.kind === 'forecast'));
    expect(pegs).toEqual([{ kind: 'forecast', ref: `FC-${forecast.id}`, quantity: 5, date: isoDay(3) }]);
  });
});
