import { countRows, useTestApp } from '../../test/support/int-env';
import { parseCsv, writeCsv } from './csv';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const run = Date.now().toString(36).toUpperCase();

const send = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
const importCsv = (url: string, rows: string[][]) =>
  t.app.inject({ method: 'POST', url, headers: { ...admin, 'content-type': 'text/csv' }, payload: writeCsv(rows) });
const audited = (entityType: string, prefix: string) =>
  countRows(
    t.orm,
    `select count(*) as n from audit_log where entity_type = ? and actor = 'admin' and entity_id like ?`,
    [entityType, `${prefix}%`],
  );
/** The export's lines that belong to this run (the database holds other tests' records too). */
const ownLines = (csv: string, prefix: string) =>
  parseCsv(csv)
    .map((r) => r.fields)
    .filter((f) => f[0]?.startsWith(prefix));

describe('item-supplier CSV', () => {
  test('a bad file names line and column and writes nothing; the corrected file applies; export round-trips', async () => {
    const sku = `ISC-${run}`;
    const [a, b] = [`SC-${run}-A`, `SC-${run}-B`];
    const item = { sku, name: 'Imported sourcing', uom: 'PCS', category: 'hardware', lotTracked: false };
    expect((await send('POST', '/api/items', item)).statusCode).toBe(201);
    for (const code of [a, b]) {
      expect((await send('POST', '/api/suppliers', { code, name: `Supplier ${code}` })).statusCode).toBe(201);
    }
    expect(
      (await send('POST', `/api/items/${sku}/suppliers`, { supplierCode: b, price: 3, preferred: true })).statusCode,
    ).toBe(201);

    const header = [
      'itemSku',
      'supplierCode',
      'price',
      'leadTimeDays',
      'minOrderQuantity',
      'orderMultiple',
      'preferred',
    ];
    const bad = await importCsv('/api/item-suppliers/import?mode=apply', [
      header,
      [sku, a, '2.5', '7', '10', '5', 'yes'],
      [sku, `NOPE-${run}`, '1', '', '', '', 'no'],
      [`NOPE-${run}`, a, '1', '', '', '', 'no'],
      [sku, b, '2', '', '', '', 'yes'],
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('IMPORT_INVALID');
    expect(bad.json().error.details.map((d: { line: number; column: string }) => [d.line, d.column])).toEqual([
      [3, 'supplierCode'],
      [4, 'itemSku'],
      [5, 'preferred'],
    ]);
    expect(
      await countRows(t.orm, 'select count(*) as n from item_supplier where price = 2.5 and lead_time_days = 7'),
    ).toBe(0);

    const good = [header, [sku, a, '2.5', '7', '10', '5', 'yes'], [sku, b, '2', '', '', '', '']];
    const dry = await importCsv('/api/item-suppliers/import?mode=dry-run', good);
    expect(dry.json()).toMatchObject({ rows: 2, created: 1, updated: 1, applied: false });
    expect(await audited('item-supplier', `${sku}/${a}`)).toBe(0);
    const applied = await importCsv('/api/item-suppliers/import?mode=apply', good);
    expect(applied.json()).toMatchObject({ rows: 2, created: 1, updated: 1, applied: true });
    const listed = (await send('GET', `/api/items/${sku}/suppliers`)).json().items;
    expect(
      listed.map((s: { supplierCode: string; preferred: boolean; price: number }) => [
        s.supplierCode,
        s.preferred,
        s.price,
      ]),
    ).toEqual([
      [a, true, 2.5],
      [b, false, 2],
    ]);
    expect(await audited('item-supplier', `${sku}/${a}`)).toBe(1);

    const exported = await send('GET', '/api/item-suppliers/export.csv');
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(parseCsv(exported.body)[0]?.fields).toEqual(header);
    const lines = ownLines(exported.body, sku);
    expect(lines).toEqual([
      [sku, a, '2.5', '7', '10', '5', 'true'],
      [sku, b, '2', '', '', '', 'false'],
    ]);
    const again = await importCsv('/api/item-suppliers/import?mode=apply', [header, ...lines]);
    expect(again.json()).toMatchObject({ rows: 2, created: 0, updated: 2 });
    // B created by POST, A created, B unmarked as preferred, B's price changed; the unchanged re-import adds none.
    expect(await audited('item-supplier', `${sku}/`)).toBe(4);
  });
});

describe('zone CSV', () => {
  test('a bad file names line and column and writes nothing; the corrected file applies; export round-trips', async () => {
    const wh = `ZC${run}`.slice(0, 20);
    expect((await send('POST', '/api/warehouses', { code: wh, name: 'Zone import site' })).statusCode).toBe(201);
    expect((await send('POST', `/api/warehouses/${wh}/zones`, { code: 'A', name: 'Aisle A' })).statusCode).toBe(201);

    const header = ['warehouse', 'code', 'name', 'quarantineArea', 'active'];
    const bad = await importCsv('/api/zones/import?mode=apply', [
      header,
      [wh, 'A', 'Aisle A (renamed)', 'no', 'yes'],
      [`NOPE${run}`, 'B', 'Elsewhere', 'no', 'yes'],
      [wh, 'Q', '', 'yes', 'yes'],
      [wh, 'A', 'Twice', 'no', 'yes'],
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('IMPORT_INVALID');
    expect(bad.json().error.details.map((d: { line: number; column: string }) => [d.line, d.column])).toEqual([
      [3, 'warehouse'],
      [4, 'name'],
      [5, 'code'],
    ]);
    expect(await countRows(t.orm, `select count(*) as n from zone where name = 'Aisle A (renamed)'`)).toBe(0);

    const good = [header, [wh, 'A', 'Aisle A (renamed)', 'no', 'yes'], [wh, 'Q', 'Quarantine cage', 'yes', 'no']];
    expect((await importCsv('/api/zones/import', good)).json()).toMatchObject({
      created: 1,
      updated: 1,
      applied: false,
    });
    expect((await importCsv('/api/zones/import?mode=apply', good)).json()).toMatchObject({
      created: 1,
      updated: 1,
      applied: true,
    });
    const zones = (await send('GET', `/api/warehouses/${wh}/zones`)).json().items;
    expect(zones).toEqual([
      { warehouse: wh, code: 'A', name: 'Aisle A (renamed)', quarantineArea: false, active: true },
      { warehouse: wh, code: 'Q', name: 'Quarantine cage', quarantineArea: true, active: false },
    ]);
    expect(await audited('zone', `${wh}/`)).toBe(3);

    const exported = await send('GET', '/api/zones/export.csv');
    expect(parseCsv(exported.body)[0]?.fields).toEqual(header);
    const lines = ownLines(exported.body, wh);
    expect(lines).toEqual([
      [wh, 'A', 'Aisle A (renamed)', 'false', 'true'],
      [wh, 'Q', 'Quarantine cage', 'true', 'false'],
    ]);
    expect((await importCsv('/api/zones/import?mode=apply', [header, ...lines])).json()).toMatchObject({
      created: 0,
      updated: 2,
    });
    expect(await audited('zone', `${wh}/`)).toBe(3);
  });
});
