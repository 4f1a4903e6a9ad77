import { countRows, createTestApp, login, type TestApp } from '../../test/support/int-env';
import { parseCsv, writeCsv } from '../master-data/csv';

jest.setTimeout(180_000);

let t: TestApp;
let admin: { authorization: string };
const run = Date.now().toString(36).toUpperCase();
const prefix = `IMP-${run}-`;
const category = `imp${run}`.toLowerCase();

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
});

afterAll(async () => {
  await t?.close();
});

const HEADER = [
  'sku',
  'name',
  'uom',
  'category',
  'abcClass',
  'weightKg',
  'lotTracked',
  'shelfLifeDays',
  'leadTimeDays',
  'safetyStock',
  'supplyType',
  'valuationMethod',
  'valuedPerWarehouse',
  'allowNegativeStock',
  'listPrice',
  'taxCode',
  'unitConversions',
  'active',
];

/** A 1,000-row item file as a spreadsheet would hold it; `bad` replaces cells on chosen data rows. */
function itemFile(bad: Record<number, Record<string, string>> = {}): string {
  const rows = Array.from({ length: 1000 }, (_, index) => {
    const n = index + 1;
    const row: Record<string, string> = {
      sku: `${prefix}${String(n).padStart(4, '0')}`,
      name: n % 7 === 0 ? `Bolt, M${n} "zinc"` : `Imported item ${n}`,
      uom: 'PCS',
      category,
      abcClass: ['A', 'B', 'C', ''][n % 4] as string,
      weightKg: n % 3 === 0 ? '' : String((n % 50) / 4),
      lotTracked: n % 2 === 0 ? 'true' : 'false',
      shelfLifeDays: n % 2 === 0 ? '365' : '',
      leadTimeDays: n % 5 === 0 ? '' : String(n % 30),
      safetyStock: String(n % 20),
      supplyType: ['make', 'buy', 'subcontract'][n % 3] as string,
      valuationMethod: n % 2 === 0 ? 'fifo' : 'moving-average',
      valuedPerWarehouse: 'false',
      allowNegativeStock: 'no',
      listPrice: (n / 8).toFixed(2),
      unitConversions: n % 10 === 0 ? 'BOX=12;PAL=480' : '',
      active: 'true',
      ...bad[n],
    };
    return HEADER.map((column) => row[column] ?? '');
  });
  return writeCsv([HEADER, ...rows]);
}

// Data row n is on line n + 1 (the header is line 1).
const BAD_ROWS = { 11: { leadTimeDays: 'soon' }, 499: { supplyType: 'borrow' }, 1000: { valuationMethod: 'lifo' } };
const EXPECTED_ERRORS = [
  { line: 12, column: 'leadTimeDays', path: 'line 12, column leadTimeDays' },
  { line: 500, column: 'supplyType', path: 'line 500, column supplyType' },
  { line: 1001, column: 'valuationMethod', path: 'line 1001, column valuationMethod' },
];

const importCsv = (mode: 'dry-run' | 'apply', body: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/items/import?mode=${mode}`,
    headers: { ...admin, 'content-type': 'text/csv' },
    payload: body,
  });
const imported = () => countRows(t.orm, 'select count(*) as n from item where sku like ?', [`${prefix}%`]);

describe('CSV import of items', () => {
  test('a 1,000-row file with three bad rows: dry-run and apply both name exactly the three, nothing applied', async () => {
    const file = itemFile(BAD_ROWS);
    for (const mode of ['dry-run', 'apply'] as const) {
      const response = await importCsv(mode, file);
      expect(response.statusCode).toBe(400);
      const error = response.json().error;
      expect(error.code).toBe('IMPORT_INVALID');
      expect(error.details).toHaveLength(3);
      expect(error.details).toEqual(EXPECTED_ERRORS.map((expected) => expect.objectContaining(expected)));
      expect(await imported()).toBe(0);
    }
  });

  test('the corrected file: dry-run writes nothing, apply creates all 1,000, each audited with the user', async () => {
    const file = itemFile();
    const dry = await importCsv('dry-run', file);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toEqual({ mode: 'dry-run', rows: 1000, created: 1000, updated: 0, errors: [], applied: false });
    expect(await imported()).toBe(0);

    const applied = await importCsv('apply', file);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ rows: 1000, created: 1000, updated: 0, applied: true });
    expect(await imported()).toBe(1000);
    const audited = await countRows(
      t.orm,
      `select count(*) as n from audit_log where action = 'item.created' and actor = 'admin' and entity_id like ?`,
      [`${prefix}%`],
    );
    expect(audited).toBe(1000);
    const item = (await t.app.inject({ method: 'GET', url: `/api/items/${prefix}0070`, headers: admin })).json();
    expect(item).toMatchObject({
      name: 'Bolt, M70 "zinc"',
      leadTimeDays: null,
      weightKg: 5,
      unitConversions: [
        { uom: 'BOX', factor: 12 },
        { uom: 'PAL', factor: 480 },
      ],
    });
  });

  test('the export round-trips into the import unchanged (1,000 updates, no field changed)', async () => {
    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/items/export.csv?category=${category}`,
      headers: admin,
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const records = parseCsv(exported.body);
    expect(records[0]?.fields).toEqual(HEADER);
    expect(records).toHaveLength(1001);

    const before = await countRows(t.orm, `select count(*) as n from audit_log where entity_id like ?`, [`${prefix}%`]);
    const again = await importCsv('apply', exported.body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ rows: 1000, created: 0, updated: 1000, applied: true });
    const after = await countRows(t.orm, `select count(*) as n from audit_log where entity_id like ?`, [`${prefix}%`]);
    expect(after).toBe(before);
  });

  test('an import that would change a frozen field of a stocked item is refused naming line and column', async () => {
    const [row] = await t.orm.em.fork().execute<Array<{ sku: string; valuation_method: string }>>(
      `select i.sku, i.valuation_method from item i where exists (select 1 from stock_move m where m.item_id = i.id)
          order by i.sku limit 1`,
    );
    if (!row) throw new Error('the seed has no item with stock moves');
    const exported = await t.app.inject({ method: 'GET', url: `/api/items/export.csv?q=${row.sku}`, headers: admin });
    const [header, ...rows] = parseCsv(exported.body).map((record) => record.fields);
    const target = rows.find((fields) => fields[0] === row.sku) as string[];
    const column = (header as string[]).indexOf('valuationMethod');
    target[column] = row.valuation_method === 'fifo' ? 'moving-average' : 'fifo';
    const response = await importCsv('apply', writeCsv([header as string[], target]));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ line: 2, column: 'valuationMethod', message: expect.stringMatching(/stock moves/) }),
    ]);
  });

  test('a header with an unknown column is refused on line 1', async () => {
    const response = await importCsv('dry-run', 'sku,name,colour\r\nX-1,Thing,red\r\n');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([expect.objectContaining({ line: 1, column: 'colour' })]);
  });
});
