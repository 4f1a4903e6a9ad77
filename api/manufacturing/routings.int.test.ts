import { countRows, useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase().slice(-6);
const sku = `RT-${run}`;
const cut = `CUT-${run}`;
const weld = `WLD-${run}`;
const old = `OLD-${run}`;

const send = (method: 'GET' | 'POST', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

/** Everything a refused routing could have half-written. */
const written = async () => ({
  routings: await countRows(t.orm, 'select count(*) as n from routing'),
  operations: await countRows(t.orm, 'select count(*) as n from routing_operation'),
});

const op = (seq: number, workCentreCode: string, extra: object = {}) => ({
  seq,
  workCentreCode,
  description: `Operation ${seq}`,
  setupHours: 0.5,
  runHoursPerUnit: 0.125,
  ...extra,
});

beforeAll(async () => {
  const item = { sku, name: 'Routed frame', uom: 'PCS', category: 'assembly', lotTracked: false, supplyType: 'make' };
  expect((await send('POST', '/api/items', item)).statusCode).toBe(201);
  for (const code of [cut, weld, old]) {
    expect((await send('POST', '/api/work-centres', { code, name: `Centre ${code}` })).statusCode).toBe(201);
  }
  expect((await send('POST', `/api/work-centres/${old}/deactivate`)).statusCode).toBe(200);
});

describe('routings', () => {
  test('versions number 1, 2 ... and never change; the effective version on a date is picked', async () => {
    const first = await send('POST', `/api/items/${sku}/routings`, {
      effectiveFrom: '2026-01-01',
      note: 'first cut',
      operations: [op(20, weld, { setupHours: 1.25 }), op(10, cut, { runHoursPerUnit: 0.333333 })],
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      itemSku: sku,
      version: 1,
      effectiveFrom: '2026-01-01',
      note: 'first cut',
      createdBy: 'admin',
      operations: [
        { seq: 10, workCentreCode: cut, setupHours: 0.5, runHoursPerUnit: 0.333333 },
        { seq: 20, workCentreCode: weld, workCentreName: `Centre ${weld}`, setupHours: 1.25, runHoursPerUnit: 0.125 },
      ],
    });
    const second = await send('POST', `/api/items/${sku}/routings`, {
      effectiveFrom: '2026-06-01',
      operations: [op(10, cut), op(15, weld), op(30, weld)],
    });
    expect(second.json()).toMatchObject({ version: 2, note: null });
    // Same date as version 2: the higher version wins the tie.
    const third = await send('POST', `/api/items/${sku}/routings`, {
      effectiveFrom: '2026-06-01',
      operations: [op(10, weld)],
    });
    expect(third.json().version).toBe(3);

    const versions = (await send('GET', `/api/items/${sku}/routings`, undefined, clerk)).json().items;
    expect(versions.map((r: { version: number }) => r.version)).toEqual([3, 2, 1]);
    // Version 1 is exactly as created after later versions were added.
    const v1 = await send('GET', `/api/items/${sku}/routings/1`, undefined, clerk);
    expect(v1.json()).toEqual(first.json());
    expect((await send('GET', `/api/items/${sku}/routings/9`)).json().error).toMatchObject({
      code: 'ROUTING_NOT_FOUND',
      field: 'version',
    });

    const effective = async (date: string) => send('GET', `/api/items/${sku}/routing?date=${date}`, undefined, clerk);
    expect((await effective('2026-01-01')).json().version).toBe(1);
    expect((await effective('2026-05-31')).json().version).toBe(1);
    expect((await effective('2026-06-01')).json().version).toBe(3);
    expect((await effective('2030-12-31')).json().version).toBe(3);
    const none = await effective('2025-12-31');
    expect(none.statusCode).toBe(404);
    expect(none.json().error).toMatchObject({ code: 'ROUTING_NOT_FOUND', field: 'date' });
    expect((await send('GET', `/api/items/${sku}/routing`)).json().version).toBe(3);
  });

  test('bad operations are refused naming the field, with nothing written', async () => {
    const post = (body: object, item = sku) => send('POST', `/api/items/${item}/routings`, body);
    const before = await written();
    const cases: Array<[object, number, string, string]> = [
      [
        { effectiveFrom: '2026-08-01', operations: [op(10, cut), op(20, `NOPE-${run}`)] },
        400,
        'UNKNOWN_WORK_CENTRE',
        'operations[1].workCentreCode',
      ],
      [
        { effectiveFrom: '2026-08-01', operations: [op(10, old)] },
        409,
        'RECORD_INACTIVE',
        'operations[0].workCentreCode',
      ],
      [
        { effectiveFrom: '2026-08-01', operations: [op(10, cut), op(10, weld)] },
        400,
        'VALIDATION_FAILED',
        'operations[1].seq',
      ],
      [
        { effectiveFrom: '2026-08-01', operations: [op(10, cut, { setupHours: -1 })] },
        400,
        'VALIDATION_FAILED',
        'operations[0].setupHours',
      ],
      [
        { effectiveFrom: '2026-08-01', operations: [op(10, cut), op(20, cut, { runHoursPerUnit: -0.1 })] },
        400,
        'VALIDATION_FAILED',
        'operations[1].runHoursPerUnit',
      ],
      [{ effectiveFrom: '2026-08-01', operations: [op(0, cut)] }, 400, 'VALIDATION_FAILED', 'operations[0].seq'],
      [{ effectiveFrom: '2026-02-30', operations: [op(10, cut)] }, 400, 'VALIDATION_FAILED', 'effectiveFrom'],
      [{ effectiveFrom: '2026-08-01', operations: [] }, 400, 'VALIDATION_FAILED', 'operations'],
      [
        { effectiveFrom: '2026-08-01', operations: [op(10, cut, { runHoursPerUnit: 0.1234567 })] },
        400,
        'VALIDATION_FAILED',
        'operations[0].runHoursPerUnit',
      ],
    ];
    for (const [body, status, code, field] of cases) {
      const refused = await post(body);
      expect({ field, status: refused.statusCode, error: refused.json().error }).toMatchObject({
        field,
        status,
        error: { code, field },
      });
    }
    const unknownItem = await post({ effectiveFrom: '2026-08-01', operations: [op(10, cut)] }, `NOPE-${run}`);
    expect(unknownItem.statusCode).toBe(404);
    expect(unknownItem.json().error).toMatchObject({ code: 'NOT_FOUND', field: 'sku' });
    expect((await post({ effectiveFrom: '2026-08-01', operations: [op(10, cut)] }, undefined)).statusCode).toBe(201);
    expect(await written()).toEqual({ routings: before.routings + 1, operations: before.operations + 1 });
    expect((await send('GET', `/api/items/${sku}/routings`)).json().items[0].version).toBe(4);
    const asClerk = await send(
      'POST',
      `/api/items/${sku}/routings`,
      { effectiveFrom: '2026-08-01', operations: [op(10, cut)] },
      clerk,
    );
    expect(asClerk.statusCode).toBe(403);
  });
});
