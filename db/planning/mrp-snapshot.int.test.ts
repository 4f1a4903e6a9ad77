import { bucketsOf, planMrp, type PlanningItem } from '../../rules/mrp';
import { productionWorld, receiveLots, BIN_A, type ProductionWorld } from '../../test/support/production-world';
import { useTestOrm } from '../../test/support/int-env';
import { query } from '../sql';
import { readDemandsAndSupplies, readMrpSnapshot, type MrpSnapshot } from './mrp-snapshot';

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
  await query(em, `delete from subcontract_order where order_number like ?`, [`SC-MRP${world.suffix}-%`]);
  await query(em, `delete from item_supplier where item_id = (select id from item where sku = ?)`, [world.sku.sub]);
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
  await subcontractOrders(em);
  snapshot = await readMrpSnapshot(orm.em, day(0));
});

/**
 * SUB is subcontracted too. Open: 6 due on day 10 at the supplier, 4 delivered of which the gate sent 1 back (3 kept,
 * 3 to come); of its C2 (ours) 20 required, 5 sent, 15 still to send, needed 4 days before it is due (the supplier's
 * lead time for SUB); its bolts the supplier buys. A draft, a closed and a cancelled order of SUB, each with C2 to
 * send, are neither supply nor demand.
 */
async function subcontractOrders(em: ReturnType<typeof db.orm.em.fork>) {
  const order = (suffix: string) => `SC-MRP${world.suffix}-${suffix}`;
  await query(
    em,
    `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
     select i.id, s.id, 1, 4, false, true, now() from item i, supplier s where i.sku = ? order by s.id limit 1`,
    [world.sku.sub],
  );
  for (const [suffix, status] of [
    ['OPEN', 'at-supplier'],
    ['DRAFT', 'draft'],
    ['CLOSED', 'closed'],
    ['CANCELLED', 'cancelled'],
  ] as const) {
    await query(
      em,
      `insert into subcontract_order (order_number, supplier_id, item_id, quantity, due_date, fee_per_unit, warehouse_id,
                                      status, workflow_id, created_by, created_at, updated_at)
       select ?, s.id, i.id, 6, ?, 2, l.warehouse_id, ?, ?, 'tester', now(), now()
         from supplier s, item i, location l where i.sku = ? and l.code = ? order by s.id limit 1`,
      [order(suffix), day(10), status, `subcontract-order:${order(suffix)}`, world.sku.sub, BIN_A],
    );
    await query(
      em,
      `insert into subcontract_order_component (order_id, line_no, item_id, quantity_per, scrap_percent, provision,
                                                required_quantity, sent_quantity)
       select o.id, d.line_no, i.id, d.required / 6.0, 0, d.provision, d.required, d.sent
         from subcontract_order o,
              (values (1, ?, 'ours', 20, 5), (2, ?, 'supplier', 12, 0)) as d(line_no, sku, provision, required, sent)
         join item i on i.sku = d.sku
        where o.order_number = ?`,
      [world.sku.c2, world.sku.bolt, order(suffix)],
    );
  }
  await query(
    em,
    `insert into subcontract_delivery (order_id, delivery_no, finished_quantity, received_at, reported_consumed,
                                       reported_scrapped, reported_returned, fee_accrued, status, rejected_quantity,
                                       fee_reversed, redelivered_quantity, idempotency_key, created_at)
     select o.id, 1, 4, now(), '[]', '[]', '[]', 8, 'received', 1, 2, 0, ?, now()
       from subcontract_order o where o.order_number = ?`,
    [`mrp-snapshot:${order('OPEN')}:1`, order('OPEN')],
  );
}

/** The inputs as they were before subcontract orders were read (the hand-worked plan below predates them). */
const withoutSubcontracts = <T extends { kind: string }>(rows: T[]) =>
  rows.filter((row) => row.kind !== 'subcontract-order' && row.kind !== 'subcontract-component');

describe('the MRP snapshot', () => {
  test('demand: open sales-order lines by requested date, forecasts ahead, what released orders still need', () => {
    const forecast = snapshot.demands.find((d) => d.kind === 'forecast' && d.sku === world.sku.fg);
    expect(snapshot.demands.filter((d) => mine(d.sku))).toEqual([
      { ref: `SO-MRP${world.suffix}/1`, kind: 'sales-order', sku: world.sku.fg, date: day(20), quantity: 10 },
      { ref: forecast?.ref, kind: 'forecast', sku: world.sku.fg, date: day(20), quantity: 15 },
      { ref: `${world.orderNumber}/1`, kind: 'production-component', sku: world.sku.c1, date: day(0), quantity: 56 },
      // Only the open subcontract order's C2 still to send: not the supplier's bolts, not the other orders' C2.
      {
        ref: `SC-MRP${world.suffix}-OPEN/1`,
        kind: 'subcontract-component',
        sku: world.sku.c2,
        date: day(6),
        quantity: 15,
      },
    ]);
  });

  test('net change reads the same rows for the items it re-plans', async () => {
    const em = db.orm.em.fork();
    const some = await readDemandsAndSupplies(em, day(0), [world.sku.sub, world.sku.c2]);
    const sorted = <T extends { ref: string }>(rows: T[]) => [...rows].sort((a, b) => a.ref.localeCompare(b.ref));
    const only = (sku: string) => sku === world.sku.sub || sku === world.sku.c2;
    expect(sorted(some.demands)).toEqual(sorted(snapshot.demands.filter((d) => only(d.sku))));
    expect(sorted(some.supplies)).toEqual(sorted(snapshot.supplies.filter((s) => only(s.sku))));
    expect(some.supplies.map((s) => s.kind).sort()).toEqual(['purchase-order', 'subcontract-order']);
    expect(some.demands.map((d) => d.kind)).toEqual(['subcontract-component']);
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
      // The open subcontract order's 6 less the 3 kept of its delivery (4, 1 sent back at the gate), by due date.
      { ref: `SC-MRP${world.suffix}-OPEN`, kind: 'subcontract-order', sku: world.sku.sub, date: day(10), quantity: 3 },
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

  const planFrom = (demands: MrpSnapshot['demands'], supplies: MrpSnapshot['supplies']) => {
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
    return planMrp({
      buckets: { size: 'day', start: day(0), count: 30 },
      items,
      bom: (sku) => boms.get(sku),
      demands: demands.filter((d) => mine(d.sku)),
      supplies: supplies.filter((s) => mine(s.sku)),
    });
  };

  test('planned from the snapshot, worked out by hand: forecast consumed, phantom passed through, defer messages', () => {
    const plan = planFrom(withoutSubcontracts(snapshot.demands), withoutSubcontracts(snapshot.supplies));
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

  test('the open subcontract order covers part of SUB, and its C2 still to send is netted with the rest', () => {
    const plan = planFrom(snapshot.demands, snapshot.supplies);
    // SUB: 5 needed on day 19 (the plan above) less the subcontract order's 3 due on day 10: 2 planned. C2: the 15
    // still to send on day 6 and SUB's 2 x 5 = 10 on day 18 take the purchase line's 25 whole: nothing planned.
    expect(
      plan.plannedOrders
        .filter((o) => o.sku === world.sku.sub || o.sku === world.sku.c2)
        .map((o) => [o.sku, o.quantity, o.receiptDate]),
    ).toEqual([[world.sku.sub, 2, day(19)]]);
    expect(plan.supplies.find((s) => s.ref === `SC-MRP${world.suffix}-OPEN`)!.pegs).toEqual([
      { kind: 'dependent', ref: expect.any(String), quantity: 3, date: day(19) },
    ]);
    expect(plan.supplies.find((s) => s.ref === `PO-MRP${world.suffix}/1`)!.pegs).toEqual([
      { kind: 'subcontract-component', ref: `SC-MRP${world.suffix}-OPEN/1`, quantity: 15, date: day(6) },
      { kind: 'dependent', ref: expect.any(String), quantity: 10, date: day(18) },
    ]);
    expect(
      plan.exceptions.filter((e) => e.ref === `SC-MRP${world.suffix}-OPEN`).map((e) => [e.kind, e.toDate]),
    ).toEqual([['defer', day(19)]]);
  });
});
