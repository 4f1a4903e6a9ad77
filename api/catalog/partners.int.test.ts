import { countRows, useTestApp } from '../../test/support/int-env';
import { parseCsv, writeCsv } from '../master-data/csv';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase();

const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('customers', () => {
  test('ship-to addresses: the first is the default orders read; deactivated customers are refused on orders', async () => {
    const code = `C-${run}`;
    const created = await send('POST', '/api/customers', {
      code,
      name: 'Test Customer',
      creditLimit: 1000,
      paymentTermsDays: 14,
      minShelfLifeDays: 20,
      shipToAddresses: [
        { code: 'MAIN', address: '1 Main St, Town' },
        { code: 'DEPOT', address: '2 Dock Rd' },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ shipToAddress: '1 Main St, Town', segment: 'standard', active: true });

    const moved = await send('PATCH', `/api/customers/${code}`, {
      shipToAddresses: [{ code: 'DEPOT', address: '2 Dock Rd' }],
    });
    expect(moved.json()).toMatchObject({ shipToAddress: '2 Dock Rd', shipToAddresses: [{ code: 'DEPOT' }] });
    const [row] = await t.orm.em
      .fork()
      .execute<Array<{ ship_to_address: string }>>('select ship_to_address from customer where code = ?', [code]);
    expect(row?.ship_to_address).toBe('2 Dock Rd');

    const bad = await send('POST', '/api/customers', {
      code: `C-${run}`,
      name: '',
      creditLimit: -1,
      shipToAddresses: [],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['creditLimit', 'name', 'shipToAddresses']);

    expect((await send('POST', `/api/customers/${code}/deactivate`)).json().active).toBe(false);
    const order = await send(
      'POST',
      '/api/orders',
      { customerCode: code, lines: [{ itemSku: 'X', quantity: 1 }] },
      clerk,
    );
    expect(order.statusCode).toBe(409);
    expect(order.json().error).toMatchObject({ code: 'RECORD_INACTIVE', field: 'customerCode' });
    const audit = await countRows(
      t.orm,
      `select count(*) as n from audit_log where entity_type = 'customer' and entity_id = ? and actor = 'admin'`,
      [code],
    );
    expect(audit).toBe(3);
  });

  test('the console reads code, name and minShelfLifeDays from the customer list; export round-trips', async () => {
    const list = (await send('GET', '/api/customers', undefined, clerk)).json();
    expect(list.items.find((c: { code: string }) => c.code === 'C-ACME')).toMatchObject({
      name: 'Acme Retail',
      minShelfLifeDays: 30,
    });
    const exported = await send('GET', '/api/customers/export.csv?active=all');
    const records = parseCsv(exported.body).map((r) => r.fields);
    expect(records[0]).toContain('shipToAddresses');
    const back = await t.app.inject({
      method: 'POST',
      url: '/api/customers/import?mode=dry-run',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: writeCsv(records),
    });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ created: 0, updated: records.length - 1, applied: false });
  });
});

describe('suppliers and item suppliers', () => {
  test('one preferred supplier per item; deactivated suppliers are refused on purchase orders', async () => {
    const sku = `IS-${run}`;
    await send('POST', '/api/items', {
      sku,
      name: 'Sourced item',
      uom: 'PCS',
      category: 'hardware',
      lotTracked: false,
    });
    for (const code of [`S-${run}-A`, `S-${run}-B`]) {
      expect(
        (await send('POST', '/api/suppliers', { code, name: `Supplier ${code}`, paymentTermsDays: 45 })).statusCode,
      ).toBe(201);
    }
    const first = await send('POST', `/api/items/${sku}/suppliers`, {
      supplierCode: `S-${run}-A`,
      price: 2.5,
      leadTimeDays: 7,
      minOrderQuantity: 10,
      orderMultiple: 5,
      preferred: true,
    });
    expect(first.statusCode).toBe(201);
    const second = await send('POST', `/api/items/${sku}/suppliers`, {
      supplierCode: `S-${run}-B`,
      price: 2.4,
      preferred: true,
    });
    expect(second.json()).toMatchObject({ preferred: true, leadTimeDays: null });
    const listed = (await send('GET', `/api/items/${sku}/suppliers`)).json().items;
    expect(listed.map((s: { supplierCode: string; preferred: boolean }) => [s.supplierCode, s.preferred])).toEqual([
      [`S-${run}-B`, true],
      [`S-${run}-A`, false],
    ]);
    const again = await send('POST', `/api/items/${sku}/suppliers`, { supplierCode: `S-${run}-A`, price: 1 });
    expect(again.json().error).toMatchObject({ code: 'DUPLICATE', field: 'supplierCode' });
    const patched = await send('PATCH', `/api/items/${sku}/suppliers/S-${run}-A`, { price: 2.2, preferred: true });
    expect(patched.json()).toMatchObject({ price: 2.2, preferred: true });

    expect((await send('POST', `/api/suppliers/S-${run}-B/deactivate`)).json().active).toBe(false);
    expect((await send('GET', `/api/suppliers?q=S-${run}`)).json().total).toBe(1);
    const po = await send(
      'POST',
      '/api/purchase-orders',
      { supplierCode: `S-${run}-B`, warehouseCode: 'EAST', lines: [{ itemSku: sku, quantity: 1, unitCost: 1 }] },
      clerk,
    );
    expect(po.statusCode).toBe(409);
    expect(po.json().error).toMatchObject({ code: 'RECORD_INACTIVE', field: 'supplierCode' });
    const unknown = await send('POST', `/api/items/${sku}/suppliers`, { supplierCode: 'S-NOPE', price: 1 });
    expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_SUPPLIER', field: 'supplierCode' });
    // Leave the shared database's active supplier list as the seed made it (other tests read it).
    await send('POST', `/api/suppliers/S-${run}-A/deactivate`);
    expect((await send('GET', `/api/suppliers?q=S-${run}`)).json().total).toBe(0);
    expect((await send('GET', `/api/suppliers?q=S-${run}&active=false`)).json().total).toBe(2);
  });
});
