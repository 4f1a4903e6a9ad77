import { postMove } from '../../db/inventory/post-move';
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

interface Component {
  componentSku: string;
  required: number;
  available: number;
  short: number;
  uncovered: number;
  coveredBy: Array<{ number: string; lineNo: number; openQuantity: number; quantity: number; dueDate: string }>;
}
interface Demand {
  itemSku: string;
  reference: string | null;
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
});
