import type { BomView } from '../manufacturing/types';
import { dependentDemand, planMrp, type LevelResult, type MrpCheckpoint } from './plan';
import type { MrpInput, PlannedOrder, PlanningItem } from './types';

const boms = new Map<string, BomView>([
  [
    'BIKE',
    {
      parentSku: 'BIKE',
      version: 1,
      phantom: false,
      lines: [
        { componentSku: 'FRAME', quantityPer: 1, scrapPercent: 0 },
        { componentSku: 'WHEEL', quantityPer: 2, scrapPercent: 0 },
        { componentSku: 'KIT', quantityPer: 1, scrapPercent: 0 },
      ],
    },
  ],
  [
    'KIT',
    {
      parentSku: 'KIT',
      version: 1,
      phantom: true,
      lines: [{ componentSku: 'BOLT', quantityPer: 4, scrapPercent: 10 }],
    },
  ],
  [
    'FRAME',
    {
      parentSku: 'FRAME',
      version: 1,
      phantom: false,
      lines: [{ componentSku: 'TUBE', quantityPer: 3, scrapPercent: 0 }],
    },
  ],
]);

const item = (
  sku: string,
  source: PlanningItem['source'],
  leadTimeDays: number | null,
  more: Partial<PlanningItem> = {},
): PlanningItem => ({
  sku,
  source,
  leadTimeDays,
  safetyStock: 0,
  lotSize: { kind: 'lot-for-lot' },
  ...more,
});

/** Weekly buckets from Monday 2027-01-04: b0 01-04, b1 01-11, b2 01-18, b3 01-25, b4 02-01, b5 02-08. */
const input: MrpInput = {
  buckets: { size: 'week', start: '2027-01-04', count: 8 },
  bom: (sku) => boms.get(sku),
  items: [
    item('BIKE', 'make', 7),
    item('FRAME', 'make', 14),
    item('WHEEL', 'buy', 7, { safetyStock: 10, lotSize: { kind: 'min-max', multiple: 25 } }),
    item('BOLT', 'buy', 14, { supplierMultiple: 100 }),
    item('TUBE', 'buy', 7, { lotSize: { kind: 'fixed', quantity: 50 } }),
  ],
  demands: [
    { ref: 'SO-1/1', kind: 'sales-order', sku: 'BIKE', date: '2027-01-27', quantity: 10 },
    { ref: 'SO-2/1', kind: 'sales-order', sku: 'BIKE', date: '2027-02-08', quantity: 5 },
    { ref: 'FC-1', kind: 'forecast', sku: 'BIKE', date: '2027-01-25', quantity: 12 },
    { ref: 'SO-9/1', kind: 'sales-order', sku: 'BIKE', date: '2027-06-01', quantity: 99 },
  ],
  supplies: [
    { ref: 'LOT-W1', kind: 'on-hand', sku: 'WHEEL', date: '2027-01-04', quantity: 30 },
    { ref: 'PO-1/1', kind: 'purchase-order', sku: 'BOLT', date: '2027-01-25', quantity: 100 },
  ],
};

const orders = (plan: ReturnType<typeof planMrp>) =>
  plan.plannedOrders.map((o) => [o.id, o.type, o.quantity, o.receiptDate, o.releaseDate, o.pastDue]);
const pegsOf = (plan: ReturnType<typeof planMrp>, id: string) =>
  plan.plannedOrders.find((o) => o.id === id)!.pegs.map((p) => [p.kind, p.ref, p.quantity]);

describe('a regenerative MRP run, worked out by hand', () => {
  const plan = planMrp(input);

  test('plans parents before components, offsets by lead time, sizes lots, passes the phantom through', () => {
    expect(plan.items.map((i) => [i.sku, i.lowLevelCode])).toEqual([
      ['BIKE', 0],
      ['BOLT', 1],
      ['FRAME', 1],
      ['WHEEL', 1],
      ['TUBE', 2],
    ]);
    expect(orders(plan)).toEqual([
      // 10 ordered + 2 of the forecast's 12 left after the order consumed it, in the week of 01-25
      ['BIKE/3/1', 'production', 12, '2027-01-25', '2027-01-18', false],
      ['BIKE/5/1', 'production', 5, '2027-02-08', '2027-02-01', false],
      // BOLT: 52.8 (12 x 4 x 1.10) on 01-18 and 22 on 02-01 are covered by PO-1 pulled in: nothing planned
      ['FRAME/2/1', 'production', 12, '2027-01-18', '2027-01-04', false],
      ['FRAME/4/1', 'production', 5, '2027-02-01', '2027-01-18', false],
      // 24 + safety 10 - 30 on hand = 4, rounded up to the multiple of 25
      ['WHEEL/2/1', 'purchase', 25, '2027-01-18', '2027-01-11', false],
      // 36 needed on 01-04: one fixed lot of 50, released a week before the run; 15 on 01-18 less 14 left: one more
      ['TUBE/0/1', 'purchase', 50, '2027-01-04', '2026-12-28', true],
      ['TUBE/2/1', 'purchase', 50, '2027-01-18', '2027-01-11', false],
    ]);
    expect(plan.beyondHorizon).toBe(1);
  });

  test('pegs every planned order to what it serves, adding up to its quantity', () => {
    expect(pegsOf(plan, 'BIKE/3/1')).toEqual([
      ['forecast', 'FC-1', 2],
      ['sales-order', 'SO-1/1', 10],
    ]);
    expect(pegsOf(plan, 'WHEEL/2/1')).toEqual([
      ['dependent', 'BIKE/5/1', 4],
      ['safety-stock', 'WHEEL', 10],
      ['lot-size-remainder', 'WHEEL', 11],
    ]);
    expect(pegsOf(plan, 'TUBE/0/1')).toEqual([
      ['dependent', 'FRAME/2/1', 36],
      ['dependent', 'FRAME/4/1', 14],
    ]);
    expect(pegsOf(plan, 'TUBE/2/1')).toEqual([
      ['dependent', 'FRAME/4/1', 1],
      ['lot-size-remainder', 'TUBE', 49],
    ]);
    expect(plan.supplies.find((s) => s.ref === 'LOT-W1')!.pegs.map((p) => [p.ref, p.quantity])).toEqual([
      ['BIKE/3/1', 24],
      ['BIKE/5/1', 6],
    ]);
    expect(plan.supplies.find((s) => s.ref === 'PO-1/1')!.pegs.map((p) => [p.kind, p.ref, p.quantity])).toEqual([
      ['dependent', 'BIKE/3/1', 52.8],
      ['dependent', 'BIKE/5/1', 22],
    ]);
  });

  test('the grid of an item: gross, receipts, projected on hand, net, planned receipts and releases', () => {
    const wheel = plan.items.find((i) => i.sku === 'WHEEL')!.rows.slice(0, 6);
    expect(
      wheel.map((r) => [r.gross, r.scheduledReceipts, r.projectedOnHand, r.net, r.plannedReceipts, r.plannedReleases]),
    ).toEqual([
      [0, 0, 30, 0, 0, 0],
      [0, 0, 30, 0, 0, 25],
      [24, 0, 31, 4, 25, 0],
      [0, 0, 31, 0, 0, 0],
      [10, 0, 21, 0, 0, 0],
      [0, 0, 21, 0, 0, 0],
    ]);
    const bolt = plan.items.find((i) => i.sku === 'BOLT')!.rows.slice(0, 5);
    expect(bolt.map((r) => [r.gross, r.scheduledReceipts, r.projectedOnHand])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [52.8, 100, 47.2],
      [0, 0, 47.2],
      [22, 0, 25.2],
    ]);
  });

  test('exception messages: the purchase order pulled in, the late release', () => {
    expect(plan.exceptions.map((e) => [e.kind, e.ref, e.fromDate, e.toDate])).toEqual([
      ['expedite', 'PO-1/1', '2027-01-25', '2027-01-18'],
      ['past-due-release', 'TUBE/0/1', '2026-12-28', null],
    ]);
  });

  test('a crashed run resumed from a level checkpoint produces the same plan', () => {
    const levels: Array<{ result: LevelResult; nextLevel: number }> = [];
    planMrp(input, { onLevel: (result, checkpoint) => levels.push({ result, nextLevel: checkpoint.nextLevel }) });
    const done = levels[0]!; // level 0 finished, then the worker died
    // As the run resumes: the dependent demand derived again from the stored orders of the finished codes.
    const stored = JSON.parse(JSON.stringify(done.result.plannedOrders)) as PlannedOrder[];
    const resumeFrom: MrpCheckpoint = {
      nextLevel: done.nextLevel,
      dependent: stored.flatMap((order) => dependentDemand(order, input.bom)),
    };
    const resumed = planMrp(input, { resumeFrom });
    expect([...done.result.plannedOrders, ...resumed.plannedOrders]).toEqual(plan.plannedOrders);
    expect([...done.result.items, ...resumed.items]).toEqual(plan.items);
  });
});

describe('exceptions and problems', () => {
  const base = { buckets: { size: 'day' as const, start: '2027-03-01', count: 10 }, bom: () => undefined };

  test('a receipt nothing needs is to be cancelled; one needed later is to be deferred', () => {
    const plan = planMrp({
      ...base,
      items: [item('NUT', 'buy', 2), item('WASHER', 'buy', 2, { safetyStock: 5 })],
      demands: [{ ref: 'SO-5/1', kind: 'sales-order', sku: 'NUT', date: '2027-03-08', quantity: 40 }],
      supplies: [
        { ref: 'PO-7/1', kind: 'purchase-order', sku: 'NUT', date: '2027-03-02', quantity: 40 },
        { ref: 'PO-8/1', kind: 'purchase-order', sku: 'WASHER', date: '2027-03-03', quantity: 20 },
        { ref: 'LOT-N', kind: 'on-hand', sku: 'NUT', date: '2027-03-01', quantity: 3 },
        { ref: 'LOT-W', kind: 'on-hand', sku: 'WASHER', date: '2027-03-01', quantity: 5 },
      ],
    });
    expect(plan.exceptions.map((e) => [e.kind, e.ref, e.toDate])).toEqual([
      ['defer', 'PO-7/1', '2027-03-08'],
      // washer: the 5 on hand are its safety stock, the purchase order's 20 serve nothing
      ['cancel', 'PO-8/1', null],
    ]);
    // the nut's 40 on 03-08: 3 on hand, 37 of the purchase order
    expect(plan.plannedOrders).toEqual([]);
  });

  test("an open subcontract order is a scheduled receipt; its components still to send are the components' demand", () => {
    const shaft: BomView = {
      parentSku: 'SHAFT',
      version: 1,
      phantom: false,
      lines: [{ componentSku: 'PIN', quantityPer: 1, scrapPercent: 0 }],
    };
    const plan = planMrp({
      ...base,
      bom: (sku) => (sku === 'SHAFT' ? shaft : undefined),
      items: [item('SHAFT', 'subcontract', 3), item('PIN', 'buy', 1)],
      demands: [
        { ref: 'SO-6/1', kind: 'sales-order', sku: 'SHAFT', date: '2027-03-08', quantity: 20 },
        { ref: 'SC-1/1', kind: 'subcontract-component', sku: 'PIN', date: '2027-03-02', quantity: 6 },
      ],
      supplies: [
        { ref: 'SC-1', kind: 'subcontract-order', sku: 'SHAFT', date: '2027-03-08', quantity: 12 },
        { ref: 'LOT-P', kind: 'on-hand', sku: 'PIN', date: '2027-03-01', quantity: 4 },
      ],
    });
    // SHAFT: 20 wanted on 03-08, 12 of them the subcontract order's: 8 more subcontracted, sent out 3 days before.
    // PIN: SC-1's 6 still to send on 03-02 less the 4 on hand, then the planned order's 8 on 03-05.
    expect(orders(plan)).toEqual([
      ['SHAFT/7/1', 'subcontract', 8, '2027-03-08', '2027-03-05', false],
      ['PIN/1/1', 'purchase', 2, '2027-03-02', '2027-03-01', false],
      ['PIN/4/1', 'purchase', 8, '2027-03-05', '2027-03-04', false],
    ]);
    expect(plan.supplies.find((s) => s.ref === 'SC-1')!.pegs).toEqual([
      { kind: 'sales-order', ref: 'SO-6/1', quantity: 12, date: '2027-03-08' },
    ]);
    expect(pegsOf(plan, 'PIN/1/1')).toEqual([['subcontract-component', 'SC-1/1', 2]]);
    expect(plan.exceptions).toEqual([]);
  });

  test('an item without a lead time or a made item without a BOM is listed with the reason and plans nothing', () => {
    const plan = planMrp({
      ...base,
      items: [item('SEAT', 'make', 3), item('GLUE', 'buy', null)],
      demands: [
        { ref: 'SO-6/1', kind: 'sales-order', sku: 'SEAT', date: '2027-03-04', quantity: 2 },
        { ref: 'SO-6/2', kind: 'sales-order', sku: 'GLUE', date: '2027-03-04', quantity: 1 },
        { ref: 'SO-6/3', kind: 'sales-order', sku: 'NOPE', date: '2027-03-04', quantity: 1 },
      ],
      supplies: [],
    });
    expect(plan.problems.map((p) => [p.sku, p.reason])).toEqual([
      ['GLUE', 'unknown-lead-time'],
      ['NOPE', 'unknown-item'],
      ['SEAT', 'no-bom'],
    ]);
    expect(plan.plannedOrders).toEqual([]);
    expect(plan.items.find((i) => i.sku === 'SEAT')!.rows[3]!.projectedOnHand).toBe(-2);
  });

  test('an expiring lot serves demand before its expiry only', () => {
    const plan = planMrp({
      ...base,
      items: [item('MILK', 'buy', 1)],
      demands: [
        { ref: 'SO-7/1', kind: 'sales-order', sku: 'MILK', date: '2027-03-02', quantity: 4 },
        { ref: 'SO-7/2', kind: 'sales-order', sku: 'MILK', date: '2027-03-06', quantity: 4 },
      ],
      supplies: [
        { ref: 'LOT-M', kind: 'on-hand', sku: 'MILK', date: '2027-03-01', quantity: 10, expiresOn: '2027-03-05' },
      ],
    });
    expect(orders(plan)).toEqual([['MILK/5/1', 'purchase', 4, '2027-03-06', '2027-03-05', false]]);
    expect(plan.items[0]!.rows[4]!.expired).toBe(6);
  });
});
