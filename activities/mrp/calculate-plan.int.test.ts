import { MrpPlannedOrder, MrpRun, MrpRunLevel, MrpException, MrpItemPlan } from '../../db/entities';
import { derivedPeggingOfRun } from '../../db/planning/derived-pegging';
import { planMrp } from '../../rules/mrp';
import { useTestOrm } from '../../test/support/int-env';
import { plainItem } from '../../test/support/stock';
import { calculateRunPlan, type RunSnapshot } from './calculate-plan';

jest.setTimeout(60_000);

const db = useTestOrm();
const S = `${Date.now() % 1_000_000}`;
const sku = { bike: `MRP-BIKE-${S}`, frame: `MRP-FRAME-${S}`, tube: `MRP-TUBE-${S}` };

/** Three levels: a bike of a frame of three tubes; 10 bikes wanted in week 3, 4 tubes on hand, 6 on order. */
const snapshot: RunSnapshot = {
  items: [
    { sku: sku.bike, source: 'make', leadTimeDays: 7, safetyStock: 0, lotSize: { kind: 'lot-for-lot' } },
    { sku: sku.frame, source: 'make', leadTimeDays: 7, safetyStock: 0, lotSize: { kind: 'lot-for-lot' } },
    { sku: sku.tube, source: 'buy', leadTimeDays: 7, safetyStock: 5, lotSize: { kind: 'fixed', quantity: 20 } },
  ],
  boms: [
    {
      parentSku: sku.bike,
      version: 1,
      phantom: false,
      lines: [{ componentSku: sku.frame, quantityPer: 1, scrapPercent: 0 }],
    },
    {
      parentSku: sku.frame,
      version: 1,
      phantom: false,
      lines: [{ componentSku: sku.tube, quantityPer: 3, scrapPercent: 0 }],
    },
  ],
  demands: [{ ref: 'SO-X/1', kind: 'sales-order', sku: sku.bike, date: '2027-01-25', quantity: 10 }],
  supplies: [
    { ref: `${sku.tube}@L1`, kind: 'on-hand', sku: sku.tube, date: '2027-01-04', quantity: 4 },
    { ref: 'PO-X/1', kind: 'purchase-order', sku: sku.tube, date: '2027-02-15', quantity: 6 },
  ],
};

async function newRun(): Promise<number> {
  const em = db.orm.em.fork();
  const run = Object.assign(new MrpRun(), {
    asOf: '2027-01-04',
    bucketSize: 'week',
    bucketCount: 8,
    snapshot: snapshot as unknown as Record<string, unknown>,
    status: 'calculating' as const,
    createdBy: 'planner',
  });
  await em.persist(run).flush();
  return run.id;
}

const boms = new Map(snapshot.boms.map((bom) => [bom.parentSku, bom]));
const expected = planMrp({
  buckets: { size: 'week', start: '2027-01-04', count: 8 },
  items: snapshot.items,
  bom: (s) => boms.get(s),
  demands: snapshot.demands,
  supplies: snapshot.supplies,
});

/** The stored plan's orders in id order, with their pegs as a read derives them. */
async function stored(runId: number) {
  const em = db.orm.em.fork();
  const orders = await em.find(MrpPlannedOrder, { run: runId }, { orderBy: { id: 'asc' }, populate: ['item'] });
  const pegging = await derivedPeggingOfRun(
    em,
    runId,
    orders.map((o) => o.item.sku),
  );
  return orders.map((o) => ({
    id: o.plannedRef,
    sku: o.item.sku,
    quantity: o.quantity,
    release: o.releaseDate,
    pegs: o.pegs ?? pegging.get(o.item.sku)?.orders.get(o.plannedRef),
  }));
}

beforeAll(async () => {
  for (const name of Object.values(sku)) await plainItem(db.orm, name, { name });
});

describe('calculating an MRP run', () => {
  test('stores each low-level code, then the plan: the same as the pure calculation', async () => {
    const runId = await newRun();
    const progress: number[] = [];
    const summary = await calculateRunPlan(
      () => db.orm.em.fork(),
      runId,
      (p) => progress.push(p.level),
    );
    expect(progress).toEqual([0, 1, 2]);
    // Bike 10 in the week of 01-25, released 01-18; frame 10 received 01-18, released 01-11. Tubes: safety stock 5
    // against 4 on hand pulls the order due 02-15 in to this week (10 then); 30 for the frames on 01-11 + 5 - 10 =
    // 25: two fixed lots of 20, released a week earlier.
    expect(expected.plannedOrders.map((o) => [o.sku, o.quantity, o.releaseDate])).toEqual([
      [sku.bike, 10, '2027-01-18'],
      [sku.frame, 10, '2027-01-11'],
      [sku.tube, 20, '2027-01-04'],
      [sku.tube, 20, '2027-01-04'],
    ]);
    expect(await stored(runId)).toEqual(
      expected.plannedOrders.map((o) => ({
        id: o.id,
        sku: o.sku,
        quantity: o.quantity,
        release: o.releaseDate,
        pegs: o.pegs,
      })),
    );
    expect(summary).toEqual({ items: 3, plannedOrders: 4, exceptions: 1, problems: 0, beyondHorizon: 0 });
    const em = db.orm.em.fork();
    expect((await em.findOneOrFail(MrpRun, runId)).status).toBe('review');
    expect(await em.count(MrpItemPlan, { run: runId })).toBe(3);
    expect((await em.find(MrpException, { run: runId })).map((e) => [e.kind, e.ref, e.toDate])).toEqual([
      ['expedite', 'PO-X/1', '2027-01-04'],
    ]);
  });

  test('a calculation that died after its first code resumes from it and stores the same plan, once', async () => {
    const runId = await newRun();
    const crash = calculateRunPlan(
      () => db.orm.em.fork(),
      runId,
      () => {
        throw new Error('worker killed');
      },
    );
    await expect(crash).rejects.toThrow('worker killed');
    expect(await db.orm.em.fork().count(MrpRunLevel, { run: runId })).toBe(1);
    const resumed: number[] = [];
    await calculateRunPlan(
      () => db.orm.em.fork(),
      runId,
      (p) => resumed.push(p.level),
    );
    expect(resumed).toEqual([1, 2]);
    expect(await stored(runId)).toEqual(
      expected.plannedOrders.map((o) => ({
        id: o.id,
        sku: o.sku,
        quantity: o.quantity,
        release: o.releaseDate,
        pegs: o.pegs,
      })),
    );
    // Retried once more (the activity's result lost): nothing is written twice.
    await calculateRunPlan(() => db.orm.em.fork(), runId);
    expect(await db.orm.em.fork().count(MrpPlannedOrder, { run: runId })).toBe(4);
  });
});
