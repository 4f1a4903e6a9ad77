import { postMove } from '../../db/inventory/post-move';
import {
  insertReservation,
  lockFreeStockOldestFirst,
  releaseReservations,
} from '../../db/repositories/stock-repository';
import { query } from '../../db/sql';
import { useTestApp } from '../../test/support/int-env';
import { itemWithStock, plainItem } from '../../test/support/stock';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase();
const sku = (name: string) => `KIT-${run}-${name}`;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const kit = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/manufacturing/kitting', headers: clerk, payload });

type Line = { componentSku: string; quantityPer: number; scrapPercent?: number };
async function createBom(parent: string, lines: Line[], phantom = false): Promise<void> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/items/${parent}/boms`,
    headers: admin,
    payload: { effectiveFrom: '2020-01-01', phantom, lines },
  });
  expect(response.statusCode).toBe(201);
}

/** Stock of `itemSku` that allocation never sees (a dock, a virtual warehouse, quarantine): kitting must not either. */
async function hiddenStock(itemSku: string, location: string, status: 'available' | 'quarantine', label: string) {
  await t.orm.em.fork().transactional((em) =>
    postMove(em, {
      moveType: 'receipt',
      itemSku,
      lot: { code: `H-${label}`, manufacturedOn: isoDay(0) },
      toLocation: location,
      toStatus: status,
      quantity: 50,
      unitCost: 4,
      effectiveAt: new Date(),
      documentType: 'test',
      documentRef: `kit-${run}`,
      userName: 'tester',
      idempotencyKey: `kit:${run}:${label}`,
    }),
  );
}

/** A purchase order line with `received` of `quantity` already in, so `quantity - received` is open. */
async function purchaseLine(
  number: string,
  itemSku: string,
  quantity: number,
  received: number,
  dueDate: string,
  status: string,
) {
  await t.orm.em.fork().transactional(async (em) => {
    // Not 'open': the worker's reconciliation starts workflows for open orders written without one.
    const [order] = await query<{ id: number }>(
      em,
      `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at,
                                   updated_at)
       select ?, (select id from supplier where code = 'S-NORD'), (select id from warehouse where code = 'MAIN'),
              ?, ?, 'buyer', now(), now() returning id`,
      [number, status, `kitting-test:${number}`],
    );
    await query(
      em,
      `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost, received_quantity, due_date)
       select ?, 1, id, ?, 2, ?, ?::date from item where sku = ?`,
      [order?.id, quantity, received, dueDate, itemSku],
    );
  });
}

/** A production order row as the API and release would leave it (no process runs in this file). */
async function productionOrder(
  number: string,
  itemSku: string,
  fields: { quantity: number; completed?: number; status: string; dueDate: string; pinned?: boolean },
): Promise<number> {
  const [row] = await query<{ id: number }>(
    t.orm.em.fork(),
    `insert into production_order (number, item_id, quantity, completed_quantity, warehouse_id, due_date, start_date,
                                   status, bom_id, created_by, created_at, updated_at)
     select ?, i.id, ?, ?, (select id from warehouse where code = 'MAIN'), ?::date, '2026-01-01', ?,
            case when ? then (select id from bom where item_id = i.id order by version desc limit 1) end,
            'planner', now(), now()
       from item i where i.sku = ? returning id`,
    [number, fields.quantity, fields.completed ?? 0, fields.dueDate, fields.status, fields.pinned ?? false, itemSku],
  );
  return row?.id ?? 0;
}

interface Component {
  componentSku: string;
  required: number;
  available: number;
  short: number;
  uncovered: number;
  coveredBy: Array<{
    type: string;
    number: string;
    lineNo: number | null;
    openQuantity: number;
    quantity: number;
    dueDate: string;
  }>;
}
interface Demand {
  itemSku: string;
  reference: string | null;
  productionOrder: string | null;
  quantity: number;
  bomVersion: number;
  buildable: number;
  components: Component[];
}
const byComponent = (demand: Demand | undefined) =>
  Object.fromEntries((demand?.components ?? []).map((c) => [c.componentSku.replace(`KIT-${run}-`, ''), c]));

describe('kitting analysis', () => {
  const s = {
    LAMP: sku('LAMP'),
    BASE: sku('BASE'),
    HEAD: sku('HEAD'),
    PLATE: sku('PLATE'),
    SHADE: sku('SHADE'),
    BULB: sku('BULB'),
    SCREW: sku('SCREW'),
  };

  beforeAll(async () => {
    await plainItem(t.orm, s.LAMP, { name: 'Desk lamp' });
    await plainItem(t.orm, s.HEAD, { name: 'Lamp head (phantom)' });
    await plainItem(t.orm, s.PLATE, { name: 'Base plate' });
    await itemWithStock(t.orm, s.BASE, [{ location: 'MAIN-A01', lot: `B-${run}`, quantity: 8 }]);
    await itemWithStock(t.orm, s.SHADE, [{ location: 'MAIN-A01', lot: `S-${run}`, quantity: 20 }]);
    // 12 bulbs for good, 10 more in a lot that expires in 5 days.
    await itemWithStock(t.orm, s.BULB, [
      { location: 'MAIN-A02', lot: `U1-${run}`, quantity: 12, expiresOn: isoDay(400) },
      { location: 'MAIN-A03', lot: `U2-${run}`, quantity: 10, expiresOn: isoDay(5) },
    ]);
    await itemWithStock(t.orm, s.SCREW, [{ location: 'MAIN-A01', lot: `W-${run}`, quantity: 100 }]);
    await hiddenStock(s.BASE, 'MAIN-DOCK', 'available', 'dock');
    await hiddenStock(s.SHADE, 'MAIN-A04', 'quarantine', 'quarantine');
    await hiddenStock(s.SCREW, 'CONSIGN-V01', 'available', 'virtual');

    // LAMP <- BASE (stocked sub-assembly of PLATE) + HEAD (phantom: SHADE + 2 BULB) + 4 SCREW with 25 % scrap.
    await createBom(s.BASE, [{ componentSku: s.PLATE, quantityPer: 1 }]);
    await createBom(
      s.HEAD,
      [
        { componentSku: s.SHADE, quantityPer: 1 },
        { componentSku: s.BULB, quantityPer: 2 },
      ],
      true,
    );
    await createBom(s.LAMP, [
      { componentSku: s.BASE, quantityPer: 1 },
      { componentSku: s.HEAD, quantityPer: 1 },
      { componentSku: s.SCREW, quantityPer: 4, scrapPercent: 25 },
    ]);

    await purchaseLine(`KIT-${run}-PO1`, s.BULB, 10, 4, isoDay(20), 'partly-received');
    await purchaseLine(`KIT-${run}-PO2`, s.BULB, 12, 2, isoDay(30), 'partly-received');
    await purchaseLine(`KIT-${run}-PO0`, s.BULB, 50, 0, isoDay(1), 'cancelled');
  });

  test('two demands compete: phantom exploded, sub-assembly counted as stock, short bulbs covered by open POs', async () => {
    const response = await kit({
      date: isoDay(10),
      demands: [
        { itemSku: s.LAMP, quantity: 5, reference: 'first' },
        { itemSku: s.LAMP, quantity: 5, reference: 'second' },
      ],
    });
    expect(response.statusCode).toBe(200);
    const { date, demands } = response.json<{ date: string; demands: Demand[] }>();
    expect(date).toBe(isoDay(10));
    const [first, second] = demands;
    expect(first).toMatchObject({ itemSku: s.LAMP, reference: 'first', bomVersion: 1, buildable: 5 });
    // Single level: neither the phantom HEAD nor BASE's own PLATE is demanded.
    expect(Object.keys(byComponent(first))).toEqual(['BASE', 'SHADE', 'BULB', 'SCREW']);
    // Only allocatable stock: the dock, the virtual warehouse, quarantine and the lot expired by then are left out.
    expect(byComponent(first)).toMatchObject({
      BASE: { required: 5, available: 8, short: 0, coveredBy: [] },
      SHADE: { required: 5, available: 20, short: 0 },
      BULB: { required: 10, available: 12, short: 0 },
      SCREW: { required: 25, available: 100, short: 0 },
    });

    // The second demand sees what the first left: 3 bases and 2 bulbs -> one lamp.
    expect(second).toMatchObject({ reference: 'second', buildable: 1 });
    const rest = byComponent(second);
    expect(rest).toMatchObject({
      BASE: { required: 5, available: 3, short: 2, coveredBy: [], uncovered: 2 },
      SHADE: { required: 5, available: 15, short: 0 },
      SCREW: { required: 25, available: 75, short: 0 },
    });
    // 8 bulbs short: 6 open on the earlier partly received order, 2 of the 10 open on the later one; never the cancelled.
    expect(rest.BULB).toMatchObject({ required: 10, available: 2, short: 8, uncovered: 0 });
    expect(rest.BULB?.coveredBy).toEqual([
      {
        type: 'purchase-order',
        number: `KIT-${run}-PO1`,
        lineNo: 1,
        openQuantity: 6,
        quantity: 6,
        dueDate: isoDay(20),
      },
      {
        type: 'purchase-order',
        number: `KIT-${run}-PO2`,
        lineNo: 1,
        openQuantity: 10,
        quantity: 2,
        dueDate: isoDay(30),
      },
    ]);
  });

  test('today the expiring lot still counts; the sub-assembly itself can be kitted from its own BOM', async () => {
    const response = await kit({
      demands: [
        { itemSku: s.LAMP, quantity: 10 },
        { itemSku: s.BASE, quantity: 3 },
      ],
    });
    expect(response.statusCode).toBe(200);
    const [lamp, base] = response.json<{ demands: Demand[] }>().demands;
    expect(byComponent(lamp).BULB).toMatchObject({ required: 20, available: 22, short: 0 });
    expect(lamp).toMatchObject({ reference: null, buildable: 8 });
    expect(byComponent(base)).toMatchObject({
      PLATE: { required: 3, available: 0, short: 3, coveredBy: [], uncovered: 3 },
    });
    expect(base?.buildable).toBe(0);
  });

  test('bad input is refused naming the field', async () => {
    const unknown = await kit({
      demands: [
        { itemSku: s.LAMP, quantity: 1 },
        { itemSku: sku('NOPE'), quantity: 1 },
      ],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_ITEM', field: 'demands[1].itemSku' });

    for (const quantity of [0, -2]) {
      const bad = await kit({ demands: [{ itemSku: s.LAMP, quantity }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'demands[0].quantity' });
    }

    const bought = await kit({ demands: [{ itemSku: s.SCREW, quantity: 1 }] });
    expect(bought.statusCode).toBe(400);
    expect(bought.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'demands[0].itemSku' });
    expect(bought.json().error.message).toContain('no bill of materials');

    const before = await kit({ date: '2019-12-31', demands: [{ itemSku: s.LAMP, quantity: 1 }] });
    expect(before.json().error).toMatchObject({ field: 'demands[0].itemSku' });

    const empty = await kit({ demands: [] });
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'demands' });
    const badDate = await kit({ date: '2026-02-30', demands: [{ itemSku: s.LAMP, quantity: 1 }] });
    expect(badDate.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'date' });
  });
  test('production orders: their remaining requirement competes first; open orders cover shortages', async () => {
    const prd = (tag: string) => `PRD-${run}${tag}`;
    // A: released, 1 of 4 made; what was issued for it is no longer needed from stock.
    const released = await productionOrder(prd('A'), s.LAMP, {
      quantity: 4,
      completed: 1,
      status: 'in-progress',
      dueDate: isoDay(8),
      pinned: true,
    });
    const rows: Array<[number, string, number, number]> = [
      [1, s.BASE, 4, 1],
      [2, s.SHADE, 4, 1],
      [3, s.BULB, 8, 2],
      [4, s.SCREW, 20, 5],
    ];
    for (const [lineNo, componentSku, required, issued] of rows) {
      await query(
        t.orm.em.fork(),
        `insert into production_order_component (production_order_id, line_no, item_id, quantity_per, scrap_percent,
                required_quantity, issue_mode, when_short, issued_quantity)
         select ?, ?, id, 1, 0, ?, 'kit', 'wait', ? from item where sku = ?`,
        [released, lineNo, required, issued, componentSku],
      );
    }
    // Its process holds 2 bulbs reserved already (from the long-dated lot): they are A's, not free, not needed again.
    const owner = `production-order:${prd('A')}`;
    await t.orm.em.fork().transactional(async (em) => {
      const [bulb] = await query<{ id: number }>(em, 'select id from item where sku = ?', [s.BULB]);
      const lot = (await lockFreeStockOldestFirst(em, bulb?.id ?? 0)).find((row) => row.lotCode === `U1-${run}`);
      await insertReservation(em, {
        itemId: bulb?.id ?? 0,
        balanceId: lot?.balanceId ?? 0,
        locationId: lot?.locationId ?? 0,
        lotId: lot?.lotId ?? null,
        quantity: 2,
        ownerWorkflowId: owner,
        documentRef: prd('A'),
        lineNo: 3,
        ttlMinutes: 60,
      });
    });
    // B: not released yet: its item's BOM for the quantity. C: an open order making BASE; D: a closed one.
    await productionOrder(prd('B'), s.LAMP, { quantity: 2, status: 'created', dueDate: isoDay(9) });
    await productionOrder(prd('C'), s.BASE, { quantity: 5, completed: 1, status: 'released', dueDate: isoDay(12) });
    await productionOrder(prd('D'), s.BASE, { quantity: 9, status: 'closed', dueDate: isoDay(2) });

    const response = await kit({
      date: isoDay(10),
      productionOrders: [prd('A'), prd('B')],
      demands: [{ itemSku: s.LAMP, quantity: 5, reference: 'after' }],
    });
    expect(response.statusCode).toBe(200);
    const [a, b, after] = response.json<{ demands: Demand[] }>().demands;
    expect(a).toMatchObject({ itemSku: s.LAMP, productionOrder: prd('A'), quantity: 3, bomVersion: 1, buildable: 3 });
    expect(byComponent(a)).toMatchObject({
      BASE: { required: 3, available: 8, short: 0 },
      SHADE: { required: 3, available: 20, short: 0 },
      BULB: { required: 4, available: 10, short: 0 },
      SCREW: { required: 15, available: 100, short: 0 },
    });
    expect(b).toMatchObject({ itemSku: s.LAMP, productionOrder: prd('B'), reference: prd('B'), quantity: 2 });
    expect(byComponent(b)).toMatchObject({
      BASE: { required: 2, available: 5 },
      BULB: { required: 4, available: 6 },
      SCREW: { required: 10, available: 85 },
    });
    // The plain demand comes after both orders: 3 bases and 2 bulbs left -> one lamp.
    expect(after).toMatchObject({ productionOrder: null, reference: 'after', buildable: 1 });
    const rest = byComponent(after);
    expect(rest.BASE).toMatchObject({ required: 5, available: 3, short: 2, uncovered: 0 });
    expect(rest.BASE?.coveredBy).toEqual([
      { type: 'production-order', number: prd('C'), lineNo: null, openQuantity: 4, quantity: 2, dueDate: isoDay(12) },
    ]);
    expect(rest.BULB).toMatchObject({ required: 10, available: 2, short: 8, uncovered: 0 });
    expect(rest.BULB?.coveredBy.map((c) => [c.type, c.quantity])).toEqual([
      ['purchase-order', 6],
      ['purchase-order', 2],
    ]);

    const refused = async (productionOrders: string[], field: string) => {
      const answer = await kit({ date: isoDay(10), productionOrders });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    };
    await refused([prd('A'), prd('NOPE')], 'productionOrders[1]');
    await refused([prd('D')], 'productionOrders[0]');
    await refused([prd('A'), prd('A')], 'productionOrders[1]');
    await refused([], 'demands');

    // Leave no open order or reservation behind (nothing runs them here): later files never see them.
    await t.orm.em.fork().transactional((em) => releaseReservations(em, owner));
    await query(t.orm.em.fork(), 'delete from production_order_component where production_order_id = ?', [released]);
    await query(t.orm.em.fork(), `update production_order set status = 'cancelled' where number like ?`, [
      `PRD-${run}%`,
    ]);
  });
});
