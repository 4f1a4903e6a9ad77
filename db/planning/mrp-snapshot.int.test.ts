import { bucketsOf, planMrp, type PlanningItem } from '../../rules/mrp';
import { productionWorld, receiveLots, BIN_A, type ProductionWorld } from '../../test/support/production-world';
import { useTestOrm } from '../../test/support/int-env';
import { query } from '../sql';
import { readMrpSnapshot, type MrpSnapshot } from './mrp-snapshot';

jest.setTimeout(120_000);

// The documents below have no process behind them: gone before the next file looks at the shared database.
// Declared before useTestOrm, whose afterAll closes the connection: Jest runs afterAll hooks in declaration order.
afterAll(async () => {
  const em = db.orm.em.fork();
  await query(em, `delete from sales_order where order_number = ?`, [`SO-MRP${world.suffix}`]);
  await query(em, `delete from forecast where item_id = (select id from item where sku = ?)`, [world.sku.fg]);
  await query(em, `delete from purchase_order where order_number = ?`, [`PO-MRP${world.suffix}`]);
  await query(
    em,
    `delete from production_order_component where production_order_id = (select id from production_order where number = ?)`,
    [world.orderNumber],
  );
  await query(em, `update production_order set status = 'cancelled' where number = ?`, [world.orderNumber]);
});

const db = useTestOrm();
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

let world: ProductionWorld;
let snapshot: MrpSnapshot;
let mine: (sku: string) => boolean;

beforeAll(async () => {
  const { orm } = db;
  world = await productionWorld(orm, 10);
  mine = (sku) => Object.values(world.sku).includes(sku);
  // C1: 30 free, 5 in quarantine, 7 expired yesterday, 8 that expire in three days.
  await receiveLots(orm, world.sku.c1, [
    { lot: `L1-${world.suffix}`, location: BIN_A, quantity: 30, unitCost: 2 },
    { lot: `L2-${world.suffix}`, location: BIN_A, quantity: 5, unitCost: 2, status: 'quarantine' },
    { lot: `L3-${world.suffix}`, location: BIN_A, quantity: 7, unitCost: 2, expiresOn: day(-1) },
    { lot: `L4-${world.suffix}`, location: BIN_A, quantity: 8, unitCost: 2, expiresOn: day(3) },
  ]);
  const em = orm.em.fork();
  // The order is released: 10 of C1's 66 (10 x 2 x 3 x 1.10) issued already.
  await query(em, `update production_order set status = 'released' where number = ?`, [world.orderNumber]);
  await query(
    em,
    `insert into production_order_component (production_order_id, line_no, item_id, quantity_per, scrap_percent,
                                             required_quantity, issue_mode, when_short, issued_quantity)
     select o.id, 1, i.id, 6, 10, 66, 'kit', 'wait', 10
       from production_order o, item i where o.number = ? and i.sku = ?`,
    [world.orderNumber, world.sku.c1],
  );
  // A customer wants 12 FG in two weeks, 2 already shipped.
  const so = `SO-MRP${world.suffix}`;
  await query(
    em,
    `insert into sales_order (order_number, customer_id, status, requested_date, workflow_id, created_by, created_at,
                              updated_at)
     select ?, c.id, 'partially-shipped', ?, ?, 'tester', now(), now() from customer c where c.code = 'C-ACME'`,
    [so, day(20), `order-fulfillment:${so}`],
  );
  await query(
    em,
    `insert into sales_order_line (order_id, line_no, item_id, quantity, shipped_quantity)
     select o.id, 1, i.id, 12, 2 from sales_order o, item i where o.order_number = ? and i.sku = ?`,
    [so, world.sku.fg],
  );
  // 40 C2 on order, 15 of them received.
  const po = `PO-MRP${world.suffix}`;
  await query(
    em,
    `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at,
                                 updated_at)
     select ?, s.id, l.warehouse_id, 'partly-received', ?, 'tester', now(), now()
       from supplier s, location l where l.code = ? order by s.id limit 1`,
    [po, `purchase-receipt:${po}`, BIN_A],
  );
  await query(
    em,
    `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost, received_quantity, due_date)
     select o.id, 1, i.id, 40, 3, 15, ? from purchase_order o, item i where o.order_number = ? and i.sku = ?`,
    [day(5), po, world.sku.c2],
  );
  // Forecasts of FG: one in the order's bucket (consumed by it when planned), one spent yesterday.
  await query(
    em,
    `insert into forecast (item_id, forecast_date, quantity, created_by, created_at)
     select i.id, d.wanted, d.quantity, 'planner', now() from item i,
            (values (?::date, 15), (?::date, 4)) as d(wanted, quantity) where i.sku = ?`,
    [day(20), day(-1), world.sku.fg],
  );
  snapshot = await readMrpSnapshot(orm.em, day(0));
});

describe('the MRP snapshot', () => {
  test('demand: open sales-order lines by requested date, forecasts ahead, what released orders still need', () => {
    const forecast = snapshot.demands.find((d) => d.kind === 'forecast' && d.sku === world.sku.fg);
    expect(snapshot.demands.filter((d) => mine(d.sku))).toEqual([
      { ref: `SO-MRP${world.suffix}/1`, kind: 'sales-order', sku: world.sku.fg, date: day(20), quantity: 10 },
      { ref: forecast?.ref, kind: 'forecast', sku: world.sku.fg, date: day(20), quantity: 15 },
      { ref: `${world.orderNumber}/1`, kind: 'production-component', sku: world.sku.c1, date: day(0), quantity: 56 },
    ]);
  });

  test('supply: free lots not in quarantine nor expired, open purchase lines, released orders', () => {
    const supplies = snapshot.supplies.filter((s) => mine(s.sku)).sort((a, b) => a.ref.localeCompare(b.ref));
    expect(supplies).toEqual([
      {
        ref: `${world.sku.c1}@L1-${world.suffix}`,
        kind: 'on-hand',
        sku: world.sku.c1,
        date: day(0),
        quantity: 30,
        expiresOn: null,
      },
      {
        ref: `${world.sku.c1}@L4-${world.suffix}`,
        kind: 'on-hand',
        sku: world.sku.c1,
        date: day(0),
        quantity: 8,
        expiresOn: day(3),
      },
      { ref: `PO-MRP${world.suffix}/1`, kind: 'purchase-order', sku: world.sku.c2, date: day(5), quantity: 25 },
      { ref: world.orderNumber, kind: 'production-order', sku: world.sku.fg, date: day(14), quantity: 10 },
    ]);
  });

  test('items and BOMs as planning reads them', () => {
    const items = snapshot.items.filter((i) => mine(i.sku));
    expect(items.map((i) => [i.sku, i.source, i.leadTimeDays, i.safetyStock])).toEqual(
      [
        [world.sku.bolt, 'buy', 1, 0],
        [world.sku.c1, 'buy', 1, 0],
        [world.sku.c2, 'buy', 1, 0],
        [world.sku.fg, 'make', 1, 0],
        [world.sku.ph, 'make', 1, 0],
        [world.sku.sub, 'make', 1, 0],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(snapshot.boms.filter((b) => mine(b.parentSku)).map((b) => [b.parentSku, b.phantom, b.lines.length])).toEqual(
      [
        [world.sku.fg, false, 3],
        [world.sku.ph, true, 2],
        [world.sku.sub, false, 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  test('planned from the snapshot, worked out by hand: forecast consumed, phantom passed through, defer messages', () => {
    const boms = new Map(snapshot.boms.map((b) => [b.parentSku, b]));
    const items: PlanningItem[] = snapshot.items
      .filter((i) => mine(i.sku))
      .map((i) => ({
        sku: i.sku,
        source: i.source,
        leadTimeDays: i.leadTimeDays,
        safetyStock: i.safetyStock,
        lotSize: { kind: 'lot-for-lot' },
      }));
    const plan = planMrp({
      buckets: { size: 'day', start: day(0), count: 30 },
      items,
      bom: (sku) => boms.get(sku),
      demands: snapshot.demands.filter((d) => mine(d.sku)),
      supplies: snapshot.supplies.filter((s) => mine(s.sku)),
    });
    expect(bucketsOf({ size: 'day', start: day(0), count: 30 })).toHaveLength(30);
    // FG: 10 ordered + 15 forecast on day 20, the order consuming 10 of the forecast: 15 wanted; the released order's
    // 10 (due day 14) serve the forecast's 5 and 5 of the order (same day: forecast before order), 5 planned,
    // released a day earlier. Its components on day 19: PH 10 (phantom) -> C1 3 x 10 x 1.10 = 33, bolts 2 x 10 +
    // 4 x 5 x 1.25 = 45; SUB 5. C1 also: 56 for the released order today against 30 + 8 free -> 18, already late.
    // C2: SUB's 25 on day 18 are the open purchase line's 25, due day 5 -> defer it; nothing planned.
    expect(plan.plannedOrders.map((o) => [o.sku, o.quantity, o.receiptDate, o.pastDue])).toEqual([
      [world.sku.fg, 5, day(20), false],
      [world.sku.bolt, 45, day(19), false],
      [world.sku.c1, 18, day(0), true],
      [world.sku.c1, 33, day(19), false],
      [world.sku.sub, 5, day(19), false],
    ]);
    expect(plan.supplies.find((s) => s.ref === world.orderNumber)!.pegs).toEqual([
      { kind: 'forecast', ref: expect.stringMatching(/^FC-\d+$/), quantity: 5, date: day(20) },
      { kind: 'sales-order', ref: `SO-MRP${world.suffix}/1`, quantity: 5, date: day(20) },
    ]);
    expect(plan.exceptions.filter((e) => e.kind === 'defer').map((e) => [e.ref, e.toDate])).toEqual([
      [world.orderNumber, day(20)],
      [`PO-MRP${world.suffix}/1`, day(18)],
    ]);
  });
});
