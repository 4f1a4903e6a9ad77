import { derivedPeggingOfRun } from '../../db/planning/derived-pegging';
import { MrpPlannedOrder, MrpRun } from '../../db/entities';
import { query } from '../../db/sql';
import { createEngineCache } from '../../rules/engine';
import type { LotSizePolicy } from '../../rules/mrp';
import { useTestOrm } from '../../test/support/int-env';
import { productionWorld, type ProductionWorld } from '../../test/support/production-world';
import { calculateRunPlan, type RunSnapshot } from './calculate-plan';
import { queueMrpRun } from '../../db/planning/mrp-run-repository';
import { snapshotMrpRun } from './open-run';

jest.setTimeout(120_000);

const db = useTestOrm();
const today = new Date().toISOString().slice(0, 10);
let world: ProductionWorld;

beforeAll(async () => {
  world = await productionWorld(db.orm, 1);
  // C1 is a C item kept at 7 (the seeded lot-sizing rules cover four buckets for C items); C2 unclassified, kept at 3.
  const em = db.orm.em.fork();
  await query(em, `update item set abc_class = 'C', safety_stock = 7 where sku = ?`, [world.sku.c1]);
  await query(em, `update item set safety_stock = 3 where sku = ?`, [world.sku.c2]);
});

describe('opening an MRP run', () => {
  test('records the inputs with each item lot-sized by the rules in force, each decision stored', async () => {
    const { id: runId } = await queueMrpRun(db.orm.em.fork(), {
      asOf: today,
      bucketSize: 'week',
      bucketCount: 4,
      simulation: false,
      workflowId: null,
      requestedBy: 'planner',
    });
    const lotSizing = await snapshotMrpRun(db.orm.em, createEngineCache(), runId);
    // Repeated (the activity retried after its answer was lost): the same pin, nothing decided twice.
    expect(await snapshotMrpRun(db.orm.em, createEngineCache(), runId)).toEqual(lotSizing);
    expect(lotSizing.ruleSetCode).toBe('lot-sizing');
    const em = db.orm.em.fork();
    const run = await em.findOneOrFail(MrpRun, runId);
    const snapshot = run.snapshot as unknown as RunSnapshot;
    const lotSize = (sku: string): LotSizePolicy | undefined => snapshot.items.find((i) => i.sku === sku)?.lotSize;
    expect(lotSize(world.sku.c1)).toEqual({ kind: 'period-order', periods: 4 });
    expect(lotSize(world.sku.c2)).toEqual({ kind: 'lot-for-lot' });

    const [decision] = await query<{
      facts: Record<string, unknown>;
      fired_rules: unknown[];
      result: Record<string, unknown>;
    }>(
      em,
      `select facts, fired_rules, result from rule_decision where rule_set_type = 'lot-sizing' and business_key = ?`,
      [`MRP-${runId}:${world.sku.c1}`],
    );
    expect(decision?.facts).toMatchObject({ 'item.sku': world.sku.c1, 'item.abcClass': 'C', 'item.sourcing': 'buy' });
    expect(decision?.result).toMatchObject({ sku: world.sku.c1, lotSize: { kind: 'period-order', periods: 4 } });
    expect(decision?.fired_rules).not.toHaveLength(0);
    const [{ count } = { count: 0 }] = await query<{ count: string }>(
      em,
      `select count(*) from rule_decision where business_key = ?`,
      [`MRP-${runId}:${world.sku.c1}`],
    );
    expect(Number(count)).toBe(1);
    expect(run.status).toBe('calculating');

    await calculateRunPlan(() => db.orm.em.fork(), runId);
    const orders = await db.orm.em
      .fork()
      .find(
        MrpPlannedOrder,
        { run: runId, item: { sku: { $in: [world.sku.c1, world.sku.c2] } } },
        { populate: ['item'] },
      );
    const pegging = await derivedPeggingOfRun(db.orm.em.fork(), runId, [world.sku.c1, world.sku.c2]);
    const pegsOf = (o: (typeof orders)[number]) => pegging.get(o.item.sku)?.orders.get(o.plannedRef);
    // Nothing on hand, no demand: each is ordered up to its safety stock this week, released a day ago (lead time 1).
    expect(orders.map((o) => [o.item.sku, o.quantity, o.pastDue, pegsOf(o)]).sort()).toEqual(
      [
        [world.sku.c1, 7, true, [{ kind: 'safety-stock', ref: world.sku.c1, quantity: 7, date: today }]],
        [world.sku.c2, 3, true, [{ kind: 'safety-stock', ref: world.sku.c2, quantity: 3, date: today }]],
      ].sort(),
    );
  });

  test('a live run may not plan under a lot-sizing version that is not in force', async () => {
    await expect(
      queueMrpRun(db.orm.em.fork(), {
        asOf: today,
        bucketSize: 'day',
        bucketCount: 3,
        simulation: false,
        lotSizingVersion: 999,
        workflowId: null,
        requestedBy: 'planner',
      }),
    ).rejects.toThrow('Only a simulation');
  });

  test("a simulation's what-if changes its inputs and is recorded with them; a live run's is ignored", async () => {
    const whatIf = { extraDemand: [{ itemSku: world.sku.c2, date: today, quantity: 4 }], leadTimes: [] };
    const opened = async (simulation: boolean) => {
      const run = await queueMrpRun(db.orm.em.fork(), {
        asOf: today,
        bucketSize: 'week',
        bucketCount: 2,
        simulation,
        workflowId: null,
        requestedBy: 'planner',
      });
      await db.orm.em.fork().nativeUpdate(MrpRun, run.id, { whatIf });
      await snapshotMrpRun(db.orm.em, createEngineCache(), run.id);
      const snapshot = (await db.orm.em.fork().findOneOrFail(MrpRun, run.id)).snapshot as Record<string, unknown>;
      // Left calculating, a live run would hold up every later live run of the shared database.
      await db.orm.em.fork().nativeDelete(MrpRun, run.id);
      const demands = (snapshot as unknown as RunSnapshot).demands.filter((d) => d.sku === world.sku.c2);
      return { snapshot, demands };
    };
    const simulation = await opened(true);
    expect(simulation.demands).toEqual([
      { ref: 'what-if #1', kind: 'what-if', sku: world.sku.c2, date: today, quantity: 4 },
    ]);
    expect(simulation.snapshot.whatIf).toEqual(whatIf);
    const live = await opened(false);
    expect(live.demands).toEqual([]);
    expect(live.snapshot.whatIf).toBeUndefined();
  });
});
