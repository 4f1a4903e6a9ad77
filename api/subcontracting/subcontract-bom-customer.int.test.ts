import { query } from '../../db/sql';
import { addDays } from '../../rules/mrp';
import { countRows, useTestApp } from '../../test/support/int-env';

jest.setTimeout(180_000);

/** No worker: these tests are about what a subcontract order taken from a BOM stores and refuses. */
const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const planner = t.headers('planner');
const clerk = t.headers('clerk');
const today = new Date().toISOString().slice(0, 10);
const run = `${process.pid}${Date.now().toString(36)}`.toUpperCase();
const sku = (name: string) => `SCB-${run}-${name}`;
const supplier = `S-SCB${run}`.slice(0, 40);
const customer = `C-SCB${run}`.slice(0, 40);

const send = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = admin) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

/** Everything a refused create could have left behind for this test's items. */
const written = () =>
  countRows(
    t.orm,
    `select (select count(*) from subcontract_order o join item i on i.id = o.item_id where i.sku like ?)
          + (select count(*) from subcontract_order_component c join item i on i.id = c.item_id where i.sku like ?) as n`,
    [`SCB-${run}-%`, `SCB-${run}-%`],
  );

/*
 * FG = 1 PH (phantom: 2 LINER supplied by the customer + 1 SHELL ours) + 3 SHELL ours; PLAIN = 2 SHELL ours.
 * Taken from the BOM: SHELL ours 1 + 3 = 4 per unit (merged through the phantom), LINER the customer's 2 per unit.
 */
beforeAll(async () => {
  for (const name of ['FG', 'PH', 'SHELL', 'LINER', 'PLAIN']) {
    const made = await send('POST', '/api/items', {
      sku: sku(name),
      name: `Part ${name}`,
      uom: 'PCS',
      category: 'hardware',
      lotTracked: false,
    });
    expect(made.statusCode).toBe(201);
  }
  const boms: Array<[string, object]> = [
    [
      'PH',
      {
        phantom: true,
        lines: [
          { componentSku: sku('LINER'), quantityPer: 2, provision: 'customer' },
          { componentSku: sku('SHELL'), quantityPer: 1 },
        ],
      },
    ],
    [
      'FG',
      {
        lines: [
          { componentSku: sku('PH'), quantityPer: 1 },
          { componentSku: sku('SHELL'), quantityPer: 3, provision: 'ours' },
        ],
      },
    ],
    ['PLAIN', { lines: [{ componentSku: sku('SHELL'), quantityPer: 2 }] }],
  ];
  for (const [parent, body] of boms) {
    const made = await send('POST', `/api/items/${sku(parent)}/boms`, { effectiveFrom: '2020-01-01', ...body });
    expect(made.statusCode).toBe(201);
  }
  const em = t.orm.em.fork();
  await query(
    em,
    `insert into supplier (code, name, trusted, payment_terms_days, active, created_at)
     values (?, ?, false, 30, true, now())`,
    [supplier, `Assembly ${run}`],
  );
  const made = await send('POST', '/api/customers', {
    code: customer,
    name: `Owner of liners ${run}`,
    creditLimit: 1000,
    paymentTermsDays: 14,
    minShelfLifeDays: 0,
    shipToAddresses: [{ code: 'MAIN', address: '1 Main St' }],
  });
  expect(made.statusCode).toBe(201);
});

const order = (extra: object = {}, item = 'FG') => ({
  supplierCode: supplier,
  itemSku: sku(item),
  quantity: 5,
  dueDate: addDays(today, 10),
  feePerUnit: 2,
  warehouseCode: 'MAIN',
  ...extra,
});
const create = (payload: object) => send('POST', '/api/subcontract-orders', payload, planner);

describe('a subcontract order taken from a BOM with a customer-supplied line', () => {
  test('without the customer, or with an unknown one, it is refused naming customerCode and nothing is written', async () => {
    const before = await written();
    const missing = await create(order());
    expect(missing.statusCode).toBe(400);
    expect([missing.json().error.code, missing.json().error.field]).toEqual(['VALIDATION_FAILED', 'customerCode']);
    expect(missing.json().error.message).toContain(sku('LINER'));
    const unknown = await create(order({ customerCode: `${customer}-NOBODY`.slice(0, 40) }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('customerCode');
    expect(await written()).toBe(before);
  });

  test("with the customer, the customer's line becomes their component, ours stay ours (phantom passed through)", async () => {
    const made = await create(order({ customerCode: customer }));
    expect(made.statusCode).toBe(201);
    const detail = await send('GET', `/api/subcontract-orders/${made.json().orderNumber}`, undefined, clerk);
    expect(detail.statusCode).toBe(200);
    const rows = (detail.json().components as Array<Record<string, unknown>>).map((c) => [
      c.itemSku,
      c.quantityPer,
      c.requiredQuantity,
      c.provision,
      c.customerCode,
    ]);
    expect(rows).toEqual([
      [sku('LINER'), 2, 10, 'customer', customer],
      [sku('SHELL'), 4, 20, 'ours', null],
    ]);
  });

  test('a BOM with no customer-supplied line needs no customer; a customer given is not put on our lines', async () => {
    for (const extra of [{}, { customerCode: customer }]) {
      const made = await create(order(extra, 'PLAIN'));
      expect(made.statusCode).toBe(201);
      const detail = await send('GET', `/api/subcontract-orders/${made.json().orderNumber}`, undefined, clerk);
      expect(detail.json().components).toMatchObject([
        { itemSku: sku('SHELL'), requiredQuantity: 10, provision: 'ours', customerCode: null },
      ]);
    }
  });
});
