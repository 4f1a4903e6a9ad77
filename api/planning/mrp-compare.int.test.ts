import { derivedPeggingOfRun } from '../../db/planning/derived-pegging';
import { HumanTask, MrpPlannedOrder, MrpRun } from '../../db/entities';
import { addDays } from '../../rules/mrp';
import { query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted } from '../../test/support/order-driver';
import { productionWorld, type ProductionWorld } from '../../test/support/production-world';
import type { MrpComparison } from './mrp-compare-schemas';

jest.setTimeout(300_000);

const t = useTestApp();
const planner = t.headers('planner');
const today = new Date().toISOString().slice(0, 10);
const day = (offset: number) => addDays(today, offset);

/*
 * A world of its own: FG = 2 PH (phantom: 3 C1 at 10 % scrap + 2 BOLT) + 1 SUB (5 C2) + 4 BOLT at 25 % scrap; every
 * lead time 1 day except C2's, bought from its preferred supplier in 3 days. No stock, no demand, no safety stock:
 * the live plan suggests nothing for these items, so every difference below is the what-if's.
 */
let world: ProductionWorld;
let supplierCode: string;
let live: number;
let withDemand: { id: number; workflowId: string };

const start = (key: string, body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/mrp-runs',
    headers: { ...planner, 'idempotency-key': `mrp-what-if-${world.suffix}-${key}` },
    payload: { asOf: today, bucketSize: 'week', bucketCount: 8, ...body },
  });

const compare = (id: number, against?: number) =>
  t.app.inject({
    method: 'GET',
    url: `/api/mrp-runs/${id}/compare${against === undefined ? '' : `?against=${against}`}`,
    headers: planner,
  });

/**
 * The integration database is shared: other files' items gain demand between two runs, so each comparison is judged
 * on this world's items only.
 */
function ours(diff: MrpComparison) {
  const mine = (sku: string) => Object.values(world.sku).includes(sku);
  return {
    items: diff.items.filter((i) => mine(i.sku)),
    plannedOrders: {
      added: diff.plannedOrders.added.filter((o) => mine(o.sku)),
      removed: diff.plannedOrders.removed.filter((o) => mine(o.sku)),
      changed: diff.plannedOrders.changed.filter((o) => mine(o.sku)),
    },
  };
}

async function simulated(key: string, body: Record<string, unknown>) {
  const started = await start(key, { simulation: true, ...body });
  expect(started.statusCode).toBe(202);
  const run = started.json<{ id: number; workflowId: string }>();
  await instanceCompleted(t.orm, run.workflowId, 120_000, `simulation ${key}`);
  return run;
}

const extraFg = () => [{ itemSku: world.sku.fg, date: day(28), quantity: 10, note: 'a big tender' }];

beforeAll(async () => {
  world = await productionWorld(t.orm, 1);
  supplierCode = `WIF-${world.suffix}`;
  const em = t.orm.em.fork();
  await query(
    em,
    `insert into supplier (code, name, trusted, payment_terms_days, active, created_at)
     values (?, 'What-if supplier', false, 30, true, now())`,
    [supplierCode],
  );
  await query(
    em,
    `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
     select i.id, s.id, 2, 3, true, true, now() from item i, supplier s where i.sku = ? and s.code = ?`,
    [world.sku.c2, supplierCode],
  );
  const started = await start('live', {});
  expect(started.statusCode).toBe(202);
  live = started.json<{ id: number }>().id;
  await eventually(
    async () => ((await t.orm.em.fork().findOneOrFail(MrpRun, live)).status === 'review' ? true : undefined),
    120_000,
    'the live plan',
  );
});

describe('MRP what-if simulations', () => {
  test('only a simulation carries a what-if; unknown items and suppliers are named', async () => {
    const liveWithDemand = await start('bad-live', { extraDemand: extraFg() });
    expect(liveWithDemand.statusCode).toBe(400);
    expect(liveWithDemand.json()).toMatchObject({ error: { field: 'extraDemand' } });
    const liveWithLeadTime = await start('bad-live-lt', { leadTimes: [{ supplierCode, leadTimeDays: 5 }] });
    expect(liveWithLeadTime.json()).toMatchObject({ error: { field: 'leadTimes' } });
    const unknownItem = await start('bad-item', {
      simulation: true,
      extraDemand: [...extraFg(), { itemSku: 'NO-SUCH-SKU', date: day(7), quantity: 1 }],
    });
    expect(unknownItem.statusCode).toBe(400);
    expect(unknownItem.json()).toMatchObject({ error: { field: 'extraDemand[1].itemSku' } });
    const unknownSupplier = await start('bad-supplier', {
      simulation: true,
      leadTimes: [{ supplierCode: 'NO-SUCH-SUPPLIER', leadTimeDays: 5 }],
    });
    expect(unknownSupplier.statusCode).toBe(400);
    expect(unknownSupplier.json()).toMatchObject({ error: { field: 'leadTimes[0].supplierCode' } });
    const notSupplied = await start('bad-link', {
      simulation: true,
      leadTimes: [{ supplierCode, itemSku: world.sku.c1, leadTimeDays: 5 }],
    });
    expect(notSupplied.json()).toMatchObject({ error: { field: 'leadTimes[0].itemSku' } });
    const zero = await start('bad-quantity', {
      simulation: true,
      extraDemand: [{ itemSku: world.sku.fg, date: day(1), quantity: 0 }],
    });
    expect(zero.json()).toMatchObject({ error: { field: 'extraDemand[0].quantity' } });
    // Nothing was queued by any of them.
    expect(
      await t.orm.em.fork().count(MrpRun, { createdAt: { $gt: new Date(Date.now() - 60_000) }, status: 'queued' }),
    ).toBe(0);
  });

  test('extra demand for a made item plans exactly its orders and its components, nothing released', async () => {
    withDemand = await simulated('demand', { extraDemand: extraFg() });
    const em = t.orm.em.fork();
    const run = await em.findOneOrFail(MrpRun, withDemand.id);
    expect(run.status).toBe('simulated');
    expect((run.snapshot as { whatIf?: unknown }).whatIf).toEqual({ extraDemand: extraFg(), leadTimes: [] });
    // Never reviewed nor released: no task ever opened, every suggestion stays a suggestion.
    expect(await em.count(HumanTask, { workflowId: withDemand.workflowId })).toBe(0);
    const orders = await em.find(MrpPlannedOrder, { run: withDemand.id }, { populate: ['item'] });
    expect(orders.every((o) => o.status === 'suggested')).toBe(true);
    const fg = orders.find((o) => o.item.sku === world.sku.fg);
    const pegging = await derivedPeggingOfRun(em, withDemand.id, [world.sku.fg]);
    expect(pegging.get(world.sku.fg)?.orders.get(fg!.plannedRef)).toEqual([
      { kind: 'what-if', ref: 'what-if #1', quantity: 10, date: day(28) },
    ]);

    const answer = await compare(withDemand.id);
    expect(answer.statusCode).toBe(200);
    const whole = answer.json<MrpComparison>();
    expect(whole.against.id).toBe(live);
    expect(whole.run.whatIf).toEqual({ extraDemand: extraFg(), leadTimes: [] });
    expect(whole.comparedBuckets).toHaveLength(8);
    const diff = ours(whole);
    // By hand: FG 10 received in week 4 (day 28), released a day before (week 3); SUB 10, C1 10 x 2 x 3 x 1.1 = 66
    // and BOLT 10 x 2 x 2 + 10 x 4 x 1.25 = 90 needed at that release (day 27), received in week 3 (day 21) and
    // released on day 20 (week 2); C2 5 x 10 = 50 needed on day 20, received in week 2 (day 14), released 3 days
    // earlier (day 11, week 1). Each receipt covers its demand: projected on hand does not change.
    const item = (sku: string, need: number, receiptWeek: number, releaseWeek: number) => ({
      sku,
      totals: { gross: need, plannedReceipts: need, plannedReleases: need },
      buckets: [
        {
          start: day(releaseWeek * 7),
          difference: { gross: 0, plannedReceipts: 0, plannedReleases: need, projectedOnHand: 0 },
        },
        {
          start: day(receiptWeek * 7),
          difference: { gross: need, plannedReceipts: need, plannedReleases: 0, projectedOnHand: 0 },
        },
      ],
    });
    expect(diff.items).toMatchObject(
      [
        item(world.sku.bolt, 90, 3, 2),
        item(world.sku.c1, 66, 3, 2),
        item(world.sku.c2, 50, 2, 1),
        item(world.sku.fg, 10, 4, 3),
        item(world.sku.sub, 10, 3, 2),
      ].sort((a, b) => a.sku.localeCompare(b.sku)),
    );
    const added = diff.plannedOrders.added.map((o) => [
      o.sku,
      o.type,
      o.whatIf?.quantity,
      o.receiptDate,
      o.whatIf?.releaseDate,
    ]);
    expect(added.sort()).toEqual(
      [
        [world.sku.bolt, 'purchase', 90, day(21), day(20)],
        [world.sku.c1, 'purchase', 66, day(21), day(20)],
        [world.sku.c2, 'purchase', 50, day(14), day(11)],
        [world.sku.fg, 'production', 10, day(28), day(27)],
        [world.sku.sub, 'production', 10, day(21), day(20)],
      ].sort(),
    );
    expect(diff.plannedOrders.removed).toEqual([]);
    expect(diff.plannedOrders.changed).toEqual([]);
  });

  test("a supplier's changed lead time moves its item's release by the difference", async () => {
    const slower = await simulated('lead-time', {
      extraDemand: extraFg(),
      leadTimes: [{ supplierCode, itemSku: world.sku.c2, leadTimeDays: 10 }],
    });
    const diff = ours((await compare(slower.id, withDemand.id)).json<MrpComparison>());
    // 10 days instead of 3: C2's order is released 7 days earlier (day 4, week 0 instead of day 11, week 1).
    expect(diff.items).toEqual([
      {
        sku: world.sku.c2,
        itemName: expect.any(String),
        totals: { gross: 0, plannedReceipts: 0, plannedReleases: 0 },
        buckets: [
          {
            start: day(0),
            live: { gross: 0, plannedReceipts: 0, plannedReleases: 0, projectedOnHand: 0 },
            whatIf: { gross: 0, plannedReceipts: 0, plannedReleases: 50, projectedOnHand: 0 },
            difference: { gross: 0, plannedReceipts: 0, plannedReleases: 50, projectedOnHand: 0 },
          },
          {
            start: day(7),
            live: { gross: 0, plannedReceipts: 0, plannedReleases: 50, projectedOnHand: 0 },
            whatIf: { gross: 0, plannedReceipts: 0, plannedReleases: 0, projectedOnHand: 0 },
            difference: { gross: 0, plannedReceipts: 0, plannedReleases: -50, projectedOnHand: 0 },
          },
        ],
      },
    ]);
    expect(diff.plannedOrders).toMatchObject({
      added: [],
      removed: [],
      changed: [
        {
          sku: world.sku.c2,
          receiptDate: day(14),
          live: { quantity: 50, releaseDate: day(11) },
          whatIf: { quantity: 50, releaseDate: day(4) },
        },
      ],
    });
  });

  test('runs of different bucket sizes are not compared; an unknown run is named', async () => {
    const daily = await simulated('daily', { bucketSize: 'day', bucketCount: 5 });
    const refused = await compare(daily.id, withDemand.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { field: 'against' } });
    const missing = await compare(withDemand.id, 2_000_000_000);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { field: 'against' } });
    expect((await compare(2_000_000_000)).statusCode).toBe(404);
  });
});
