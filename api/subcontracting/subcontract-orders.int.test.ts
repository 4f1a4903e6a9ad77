import { Item, MrpPlannedOrder, MrpRun } from '../../db/entities';
import { num, query } from '../../db/sql';
import { addDays } from '../../rules/mrp';
import { releaseMrpOrders } from '../../activities/mrp/release-orders';
import { countRows, intEnv, useTestApp } from '../../test/support/int-env';
import { productionWorld, type ProductionWorld } from '../../test/support/production-world';
import { documentStarts } from '../../worker/document-starts';
import type { MrpRelease } from '../../workflows/mrp-run/mrp-run.contract';

jest.setTimeout(180_000);

/** No worker: these tests are about what is stored, listed and refused (the processes queued wait for a worker). */
const t = useTestApp({ worker: false });
const planner = t.headers('planner');
const clerk = t.headers('clerk');
const auditor = t.headers('auditor');
const today = new Date().toISOString().slice(0, 10);

/*
 * The world (test/support/production-world.ts): FG = 2 PH (phantom: 3 C1 at 10 % scrap + 2 BOLT) + 1 SUB + 4 BOLT at
 * 25 % scrap; SUB = 5 C2; C1, C2 and BOLT have no BOM. A supplier of the test's own, so counts are the test's.
 */
let world: ProductionWorld;
let supplier: string;

beforeAll(async () => {
  world = await productionWorld(t.orm, 1);
  supplier = `S-SC${world.suffix}`;
  await query(
    t.orm.em.fork(),
    `insert into supplier (code, name, trusted, payment_terms_days, active, created_at)
     values (?, ?, false, 30, true, now())`,
    [supplier, `Plating ${world.suffix}`],
  );
});

const create = (payload: object, headers: object = planner) =>
  t.app.inject({
    method: 'POST',
    url: '/api/subcontract-orders',
    headers: headers as Record<string, string>,
    payload,
  });
const read = (number: string) =>
  t.app.inject({ method: 'GET', url: `/api/subcontract-orders/${number}`, headers: clerk });
/** Everything a refused create could have left behind, for this test's supplier and items. */
const written = () =>
  countRows(
    t.orm,
    `select (select count(*) from subcontract_order o join item i on i.id = o.item_id join supplier s on s.id = o.supplier_id
              where s.code = ? or i.sku in (?))
          + (select count(*) from subcontract_order_component c join item i on i.id = c.item_id where i.sku in (?)) as n`,
    [supplier, Object.values(world.sku), Object.values(world.sku)],
  );
const base = () => ({
  supplierCode: supplier,
  itemSku: world.sku.fg,
  quantity: 2,
  dueDate: addDays(today, 10),
  feePerUnit: 3.5,
  warehouseCode: 'MAIN',
});

describe('subcontract orders', () => {
  test('a draft order takes the BOM in effect by default (phantoms passed through, ours), and given components', async () => {
    const made = await create(base());
    expect(made.statusCode).toBe(201);
    const { orderNumber, workflowId, status } = made.json();
    expect(orderNumber).toMatch(/^SC-\d{6}$/);
    expect([workflowId, status]).toEqual([`subcontract-order:${orderNumber}`, 'draft']);
    const detail = (await read(orderNumber)).json();
    expect(detail).toMatchObject({
      orderNumber,
      supplierCode: supplier,
      itemSku: world.sku.fg,
      quantity: 2,
      feePerUnit: 3.5,
      status: 'draft',
      late: false,
      warehouseCode: 'MAIN',
      plannedRef: null,
      deliveries: [],
    });
    // Per FG: C1 = 2 x 3 at 10 % scrap; BOLT = 2 x 2 (through PH) + 4 x 1.25 = 9; SUB = 1. For 2 FG: 13.2, 18, 2.
    expect(
      detail.components.map((c: Record<string, unknown>) => [
        c.lineNo,
        c.itemSku,
        c.quantityPer,
        c.scrapPercent,
        c.provision,
        c.requiredQuantity,
        c.sentQuantity,
        c.atSupplierQuantity,
      ]),
    ).toEqual([
      [1, world.sku.c1, 6, 10, 'ours', 13.2, 0, 0],
      [2, world.sku.bolt, 9, 0, 'ours', 18, 0, 0],
      [3, world.sku.sub, 1, 0, 'ours', 2, 0, 0],
    ]);

    const given = await create({
      ...base(),
      itemSku: world.sku.sub,
      quantity: 4,
      components: [
        { itemSku: world.sku.c2, quantityPer: 5, scrapPercent: 2 },
        { itemSku: world.sku.bolt, quantityPer: 1.5, provision: 'customer', customerCode: 'C-ACME' },
        { itemSku: world.sku.c1, quantityPer: 0.25, provision: 'supplier' },
      ],
    });
    expect(given.statusCode).toBe(201);
    const components = (await read(given.json().orderNumber)).json().components;
    expect(
      components.map((c: Record<string, unknown>) => [c.itemSku, c.requiredQuantity, c.provision, c.customerCode]),
    ).toEqual([
      [world.sku.c2, 20.4, 'ours', null],
      [world.sku.bolt, 6, 'customer', 'C-ACME'],
      [world.sku.c1, 1, 'supplier', null],
    ]);
    const audited = await countRows(
      t.orm,
      `select count(*) as n from audit_log where action = 'subcontract-order.created' and entity_id in (?, ?)`,
      [orderNumber, given.json().orderNumber],
    );
    expect(audited).toBe(2);
  });

  test('every refusal names its field and writes nothing', async () => {
    const before = await written();
    const cases: Array<[object, number, string, string]> = [
      [{ supplierCode: 'S-NOBODY' }, 400, 'UNKNOWN_SUPPLIER', 'supplierCode'],
      [{ itemSku: 'NO-SUCH-ITEM' }, 400, 'UNKNOWN_ITEM', 'itemSku'],
      [{ quantity: 0 }, 400, 'VALIDATION_FAILED', 'quantity'],
      [{ quantity: -3 }, 400, 'VALIDATION_FAILED', 'quantity'],
      [{ feePerUnit: -1 }, 400, 'VALIDATION_FAILED', 'feePerUnit'],
      [{ dueDate: '2027-02-30' }, 400, 'VALIDATION_FAILED', 'dueDate'],
      [{ warehouseCode: 'NOWHERE' }, 400, 'UNKNOWN_WAREHOUSE', 'warehouseCode'],
      [{ warehouseCode: 'CONSIGN' }, 400, 'UNKNOWN_WAREHOUSE', 'warehouseCode'],
      // No fee given and this supplier has no price for FG.
      [{ feePerUnit: undefined }, 400, 'VALIDATION_FAILED', 'feePerUnit'],
      // C1 has no BOM, and no components were given.
      [{ itemSku: world.sku.c1 }, 400, 'VALIDATION_FAILED', 'components'],
      [
        {
          components: [
            { itemSku: world.sku.c1, quantityPer: 1 },
            { itemSku: 'NO-SUCH-PART', quantityPer: 1 },
          ],
        },
        400,
        'UNKNOWN_ITEM',
        'components[1].itemSku',
      ],
      [{ components: [{ itemSku: world.sku.fg, quantityPer: 1 }] }, 400, 'VALIDATION_FAILED', 'components[0].itemSku'],
      [
        {
          components: [
            { itemSku: world.sku.c1, quantityPer: 1 },
            { itemSku: world.sku.c1, quantityPer: 2 },
          ],
        },
        400,
        'VALIDATION_FAILED',
        'components[1].itemSku',
      ],
      [
        { components: [{ itemSku: world.sku.c1, quantityPer: 1, provision: 'customer' }] },
        400,
        'VALIDATION_FAILED',
        'components[0].customerCode',
      ],
      [
        { components: [{ itemSku: world.sku.c1, quantityPer: 1, provision: 'customer', customerCode: 'C-NOBODY' }] },
        400,
        'VALIDATION_FAILED',
        'components[0].customerCode',
      ],
      [
        { components: [{ itemSku: world.sku.c1, quantityPer: 1, customerCode: 'C-ACME' }] },
        400,
        'VALIDATION_FAILED',
        'components[0].customerCode',
      ],
      [
        { components: [{ itemSku: world.sku.c1, quantityPer: 0 }] },
        400,
        'VALIDATION_FAILED',
        'components[0].quantityPer',
      ],
      // 10^9 units x 10^6 per unit: a requirement no quantity column holds (refused, not a database error).
      [
        { quantity: 1_000_000_000, components: [{ itemSku: world.sku.c1, quantityPer: 1_000_000 }] },
        400,
        'VALIDATION_FAILED',
        'components[0].quantityPer',
      ],
      [
        { components: [{ itemSku: world.sku.c1, quantityPer: 1, scrapPercent: 100 }] },
        400,
        'VALIDATION_FAILED',
        'components[0].scrapPercent',
      ],
    ];
    for (const [change, status, code, field] of cases) {
      const answer = await create({ ...base(), ...change });
      const { error } = answer.json();
      expect([answer.statusCode, error.code, error.field]).toEqual([status, code, field]);
      expect(error.message).toEqual(expect.any(String));
    }
    expect((await create(base(), auditor)).statusCode).toBe(403);
    expect(await written()).toBe(before);
  });

  test('an Idempotency-Key answers the first order again', async () => {
    const key = `sc-${world.suffix}`;
    const first = await create(base(), { ...planner, 'idempotency-key': key });
    const again = await create(base(), { ...planner, 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const reused = await create({ ...base(), quantity: 3 }, { ...planner, 'idempotency-key': key });
    expect([reused.statusCode, reused.json().error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  test('the list filters, sorts, flags late orders and exports CSV', async () => {
    const late = (await create({ ...base(), itemSku: world.sku.sub, quantity: 7, dueDate: addDays(today, -3) })).json();
    const onTime = (
      await create({ ...base(), itemSku: world.sku.sub, quantity: 1, dueDate: addDays(today, 30) })
    ).json();
    const list = (query: string) =>
      t.app.inject({ method: 'GET', url: `/api/subcontract-orders?supplier=${supplier}&${query}`, headers: clerk });

    const lateOnly = (await list('late=true')).json();
    expect(lateOnly.items.map((row: { orderNumber: string }) => row.orderNumber)).toEqual([late.orderNumber]);
    // SUB sends one component (C2): its quantities mean something. FG sends several: no sum of unlike units.
    expect(lateOnly.items[0]).toMatchObject({
      late: true,
      quantity: 7,
      sentQuantity: 0,
      atSupplierQuantity: 0,
      componentsAtSupplier: 0,
      receivedQuantity: 0,
      openQuantity: 7,
    });
    const several = (await create(base())).json();
    const severalRow = (await list(`q=${several.orderNumber}`)).json().items[0];
    expect(severalRow).toMatchObject({
      orderNumber: several.orderNumber,
      quantity: 2,
      sentQuantity: null,
      atSupplierQuantity: null,
      componentsAtSupplier: 0,
      openQuantity: 2,
    });

    const byQuantity = (await list(`item=${world.sku.sub}&sort=quantity`)).json();
    const quantities = byQuantity.items.map((row: { quantity: number }) => row.quantity);
    expect(quantities).toEqual([...quantities].sort((a, b) => a - b));
    expect(quantities).toEqual(expect.arrayContaining([1, 7]));
    const byDueDesc = (await list('sort=-dueDate')).json();
    const dues = byDueDesc.items.map((row: { dueDate: string }) => row.dueDate);
    expect(dues).toEqual([...dues].sort().reverse());
    expect(
      (await list(`dueFrom=${addDays(today, 20)}`)).json().items.map((r: { orderNumber: string }) => r.orderNumber),
    ).toEqual([onTime.orderNumber]);
    expect((await list('status=cancelled')).json().total).toBe(0);
    const bad = await list('sort=nonsense');
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, 'sort']);

    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/subcontract-orders/export.csv?supplier=${supplier}&late=true`,
      headers: clerk,
    });
    expect(csv.statusCode).toBe(200);
    const [head, row, end] = csv.body.split('\r\n');
    expect(head).toBe(
      'orderNumber,supplierCode,supplierName,itemSku,quantity,dueDate,status,late,sentQuantity,atSupplierQuantity,' +
        'componentsAtSupplier,receivedQuantity,openQuantity,warehouseCode,createdAt',
    );
    expect(row).toContain(`${late.orderNumber},${supplier},`);
    expect(row).toContain(',draft,yes,0,0,0,0,7,MAIN,');
    expect(end).toBe('');
  });

  test('cancel: a reason is required; only a draft or approved order with nothing sent', async () => {
    const order = (await create(base())).json().orderNumber as string;
    const cancel = (number: string, payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/subcontract-orders/${number}/cancel`, headers: planner, payload });

    const noReason = await cancel(order, { reason: ' ' });
    expect([noReason.statusCode, noReason.json().error.field]).toEqual([400, 'reason']);
    expect((await cancel('SC-NONE', { reason: 'x' })).statusCode).toBe(404);

    // Something already sent (the process will move these totals): the order stays.
    const sent = (await create(base())).json().orderNumber as string;
    await query(
      t.orm.em.fork(),
      `update subcontract_order_component set sent_quantity = 1
        where order_id = (select id from subcontract_order where order_number = ?) and line_no = 1`,
      [sent],
    );
    const refused = await cancel(sent, { reason: 'not needed' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'ORDER_NOT_CANCELLABLE']);
    expect((await read(sent)).json().status).toBe('draft');

    const done = await cancel(order, { reason: 'customer withdrew the order' });
    expect([done.statusCode, done.json()]).toEqual([200, { orderNumber: order, status: 'cancelled' }]);
    expect((await read(order)).json()).toMatchObject({
      status: 'cancelled',
      cancelledReason: 'customer withdrew the order',
      cancelledBy: 'planner',
    });
    const twice = await cancel(order, { reason: 'again' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'ORDER_NOT_CANCELLABLE']);
    // The database itself refuses more leaving the supplier than was sent.
    await expect(
      query(
        t.orm.em.fork(),
        `update subcontract_order_component set consumed_quantity = 2
          where order_id = (select id from subcontract_order where order_number = ?) and line_no = 1`,
        [sent],
      ),
    ).rejects.toThrow(/subcontract_order_component_valid/);
  });

  test('MRP release makes one draft order per approved planned order, even when retried or run twice at once', async () => {
    const em = t.orm.em.fork();
    await query(
      em,
      `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
       select i.id, s.id, 1.25, 4, true, true, now() from item i, supplier s where i.sku = ? and s.code = ?`,
      [world.sku.sub, supplier],
    );
    const run = Object.assign(new MrpRun(), {
      asOf: today,
      bucketSize: 'week' as const,
      bucketCount: 4,
      status: 'approved' as const,
      // The preferred supplier as a run's snapshot records it.
      snapshot: { items: [{ sku: world.sku.sub, supplierCode: supplier }] },
      createdBy: 'planner',
    });
    em.persist(run);
    for (const sku of [world.sku.sub, world.sku.c1]) {
      em.persist(
        Object.assign(new MrpPlannedOrder(), {
          run,
          plannedRef: `${sku}/1/1`,
          item: await em.findOneOrFail(Item, { sku }),
          orderType: 'subcontract' as const,
          quantity: 6,
          receiptDate: addDays(today, 12),
          releaseDate: addDays(today, 8),
          status: 'approved' as const,
          pegs: [],
        }),
      );
    }
    await em.flush();
    const input = { runId: run.id, workflowId: `test:${run.id}`, releasedBy: 'planner', taskQueue: intEnv().taskQueue };
    const release = () => t.orm.em.fork().transactional((tx) => releaseMrpOrders(tx, input, documentStarts));
    const [a, b] = await Promise.all([release(), release()]);
    const again = await release();
    expect(b.release).toEqual(a.release);
    expect(again.release).toEqual(a.release);
    const made: MrpRelease = a.release;
    expect(made.subcontractOrders).toHaveLength(1);
    expect(made.notReleased).toEqual([
      { plannedRef: `${world.sku.c1}/1/1`, reason: `${world.sku.c1} has no preferred supplier to subcontract it to` },
    ]);
    const [number] = made.subcontractOrders ?? [];
    // Its process is queued with it (it waits for approval), once; every answer names it, to be started after commit.
    for (const answer of [a, b, again]) expect(answer.workflowIds).toEqual([`subcontract-order:${number}`]);
    const rows = await query<Record<string, unknown>>(
      t.orm.em.fork(),
      `select o.order_number, o.planned_ref, o.status, o.fee_per_unit, o.created_by, w.code as warehouse,
              to_char(o.due_date, 'YYYY-MM-DD') as due
         from subcontract_order o join warehouse w on w.id = o.warehouse_id where o.planned_ref like ?`,
      [`${run.id}:%`],
    );
    expect(
      rows.map((r) => [r.order_number, r.planned_ref, r.status, num(r.fee_per_unit), r.created_by, r.due]),
    ).toEqual([[number, `${run.id}:${world.sku.sub}/1/1`, 'draft', 1.25, 'planner', addDays(today, 12)]]);
    const detail = (await read(number!)).json();
    expect(detail.supplierCode).toBe(supplier);
    expect(detail.components.map((c: Record<string, unknown>) => [c.itemSku, c.requiredQuantity])).toEqual([
      [world.sku.c2, 30],
    ]);
    const planned = await t.orm.em.fork().find(MrpPlannedOrder, { run: run.id }, { populate: ['item'] });
    expect(planned.map((o) => [o.item.sku, o.status, o.documentNumber]).sort()).toEqual(
      [
        [world.sku.sub, 'released', number],
        [world.sku.c1, 'approved', null],
      ].sort(),
    );
    expect(
      await countRows(t.orm, `select count(*) as n from process_start_outbox where workflow_id = ?`, [
        `subcontract-order:${number}`,
      ]),
    ).toBe(1);
  });
});
