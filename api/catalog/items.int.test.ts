import { countRows, useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase();

const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

const newItem = (sku: string, extra: object = {}) => ({
  sku,
  name: `Test item ${sku}`,
  uom: 'PCS',
  category: 'hardware',
  lotTracked: false,
  ...extra,
});

describe('items through the master-data API', () => {
  test('create, read, change and list; lead time empty means unknown; every change audited with the user', async () => {
    const sku = `MD-${run}-1`;
    const created = await send('POST', '/api/items', {
      ...newItem(sku),
      abcClass: 'B',
      weightKg: 1.25,
      safetyStock: 10,
      valuationMethod: 'fifo',
      unitConversions: [{ uom: 'BOX', factor: 12 }],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      sku,
      leadTimeDays: null,
      abcClass: 'B',
      valuationMethod: 'fifo',
      active: true,
      available: 0,
      hasMoves: false,
      unitConversions: [{ uom: 'BOX', factor: 12 }],
    });

    const changed = await send('PATCH', `/api/items/${sku}`, { leadTimeDays: 14, uom: 'KG', unitConversions: [] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ leadTimeDays: 14, uom: 'KG', unitConversions: [] });
    expect((await send('GET', `/api/items/${sku}`, undefined, clerk)).json()).toMatchObject({ uom: 'KG' });

    const audited = await countRows(
      t.orm,
      `select count(*) as n from audit_log where entity_type = 'item' and entity_id = ? and actor = 'admin'
          and action in ('item.created', 'item.updated')`,
      [sku],
    );
    expect(audited).toBe(2);
    expect((await send('POST', '/api/items', newItem(sku))).json().error).toMatchObject({
      code: 'DUPLICATE',
      field: 'sku',
    });
    expect((await send('POST', '/api/items', newItem(`MD-${run}-X`), clerk)).statusCode).toBe(403);
    expect((await send('GET', `/api/items/MD-${run}-NONE`)).statusCode).toBe(404);
  });

  test('a bad item lists every problem with its field, and nothing is written', async () => {
    const before = await countRows(t.orm, 'select count(*) as n from item');
    const response = await send('POST', '/api/items', {
      sku: 'has space',
      name: '',
      uom: 'PCS',
      category: 'hardware',
      leadTimeDays: -3,
      listPrice: -1,
      supplyType: 'steal',
      unitConversions: [{ uom: 'PCS', factor: 0 }],
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    const paths = (error.details as Array<{ path: string }>).map((d) => d.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining(['sku', 'name', 'leadTimeDays', 'listPrice', 'supplyType', 'unitConversions[0].factor']),
    );
    expect(await countRows(t.orm, 'select count(*) as n from item')).toBe(before);
  });

  test('the valuation fields freeze once the item has a stock move; other fields still change', async () => {
    const sku = `MD-${run}-2`;
    expect((await send('POST', '/api/items', { ...newItem(sku), valuationMethod: 'fifo' })).statusCode).toBe(201);
    const move = await send(
      'POST',
      '/api/stock/moves',
      { moveType: 'adjustment', itemSku: sku, toLocation: 'EAST-A01', quantity: 5, unitCost: 2, reason: 'count' },
      clerk,
    );
    expect(move.statusCode).toBe(201);
    for (const [field, value] of [
      ['uom', 'KG'],
      ['valuationMethod', 'moving-average'],
      ['valuedPerWarehouse', true],
      ['lotTracked', true],
    ] as const) {
      const refused = await send('PATCH', `/api/items/${sku}`, { [field]: value, name: 'renamed' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'FIELD_FROZEN', field });
    }
    const item = (await send('GET', `/api/items/${sku}`)).json();
    expect(item).toMatchObject({ uom: 'PCS', valuationMethod: 'fifo', name: `Test item ${sku}`, hasMoves: true });
    expect(item.available).toBe(5);
    // Sending the frozen fields unchanged is fine (a re-imported export does exactly that).
    const same = await send('PATCH', `/api/items/${sku}`, { uom: 'PCS', valuationMethod: 'fifo', leadTimeDays: 3 });
    expect(same.statusCode).toBe(200);
  });

  test('without a valuation method the published valuation rules propose one, recorded as a decision', async () => {
    const sku = `MD-${run}-3`;
    const created = await send('POST', '/api/items', newItem(sku, { category: 'hardware' }));
    expect(created.json().valuationMethod).toBe('moving-average');
    const food = await send('POST', '/api/items', newItem(`MD-${run}-4`, { category: 'food' }));
    expect(food.json().valuationMethod).toBe('fifo');
    const decisions = await countRows(
      t.orm,
      `select count(*) as n from rule_decision where rule_set_type = 'valuation' and business_key = ?`,
      [`item:${sku}`],
    );
    expect(decisions).toBe(1);
  });

  test('a deactivated item is hidden from the list and refused on new orders, naming the line field', async () => {
    const sku = `MD-${run}-5`;
    await send('POST', '/api/items', newItem(sku, { valuationMethod: 'fifo' }));
    expect((await send('POST', `/api/items/${sku}/deactivate`)).json().active).toBe(false);
    const listed = (await send('GET', `/api/items?q=${sku}`)).json();
    expect(listed.total).toBe(0);
    expect((await send('GET', `/api/items?q=${sku}&active=all`)).json().total).toBe(1);
    const order = await send(
      'POST',
      '/api/orders',
      { customerCode: 'C-ACME', lines: [{ itemSku: sku, quantity: 1 }] },
      clerk,
    );
    expect(order.statusCode).toBe(409);
    expect(order.json().error).toMatchObject({ code: 'RECORD_INACTIVE', field: 'lines[0].itemSku' });
    const po = await send(
      'POST',
      '/api/purchase-orders',
      { supplierCode: 'S-STEEL', warehouseCode: 'EAST', lines: [{ itemSku: sku, quantity: 1, unitCost: 1 }] },
      clerk,
    );
    expect(po.json().error).toMatchObject({ code: 'RECORD_INACTIVE', field: 'lines[0].itemSku' });
    expect((await send('POST', `/api/items/${sku}/reactivate`)).json().active).toBe(true);
  });

  test('lists sort, filter and page on the server; an unknown sort field is a 400 naming sort', async () => {
    for (const [n, abc, lead] of [
      [1, 'A', 30],
      [2, 'B', 5],
      [3, 'A', 12],
    ] as const) {
      await send(
        'POST',
        '/api/items',
        newItem(`LS-${run}-${n}`, { abcClass: abc, leadTimeDays: lead, category: `ls${run}` }),
      );
    }
    const page1 = (await send('GET', `/api/items?category=ls${run}&sort=-leadTimeDays&pageSize=2`)).json();
    expect(page1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.items.map((i: { leadTimeDays: number }) => i.leadTimeDays)).toEqual([30, 12]);
    const page2 = (await send('GET', `/api/items?category=ls${run}&sort=-leadTimeDays&pageSize=2&page=2`)).json();
    expect(page2.items.map((i: { sku: string }) => i.sku)).toEqual([`LS-${run}-2`]);
    const onlyA = (await send('GET', `/api/items?category=ls${run}&abcClass=A&sort=sku`)).json();
    expect(onlyA.items.map((i: { sku: string }) => i.sku)).toEqual([`LS-${run}-1`, `LS-${run}-3`]);
    const bad = await send('GET', '/api/items?sort=password');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('sort');
    // The console's older `search` parameter and the fields it reads still work.
    const legacy = (await send('GET', `/api/items?search=LS-${run}-2`, undefined, clerk)).json();
    expect(legacy.items[0]).toMatchObject({ sku: `LS-${run}-2`, available: 0, lotTracked: false });
  });
});
