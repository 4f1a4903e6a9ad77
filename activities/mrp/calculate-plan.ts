import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Item, MrpException, MrpItemPlan, MrpPlannedOrder, MrpRun, MrpRunLevel } from '../../db/entities';
import type { BomView } from '../../rules/manufacturing';
import {
  planFrame,
  planLevels,
  type Demand,
  type LevelResult,
  type MrpCheckpoint,
  type MrpInput,
  type PlanningItem,
  type Supply,
} from '../../rules/mrp';

/** What a run records as its inputs (mrp_run.snapshot): the items with their lot sizes already decided. */
export interface RunSnapshot {
  items: PlanningItem[];
  boms: BomView[];
  demands: Demand[];
  supplies: Supply[];
}

/** Counts of a stored plan, kept on the run for the run list. */
export interface PlanSummary {
  items: number;
  plannedOrders: number;
  exceptions: number;
  problems: number;
  beyondHorizon: number;
}

/** Progress after each low-level code (the activity heartbeats it). */
export type LevelProgress = (done: { level: number; levelsDone: number }) => void;

function inputOf(run: MrpRun): MrpInput {
  if (!run.snapshot) throw new Error(`MRP run ${run.id} has no inputs yet: its snapshot step has not run`);
  const snapshot = run.snapshot as unknown as RunSnapshot;
  const boms = new Map(snapshot.boms.map((bom) => [bom.parentSku, bom]));
  return {
    buckets: { size: run.bucketSize, start: run.asOf, count: run.bucketCount },
    items: snapshot.items,
    bom: (sku) => boms.get(sku),
    demands: snapshot.demands,
    supplies: snapshot.supplies,
  };
}

/**
 * Calculates a run's plan from its recorded inputs and stores it. Each low-level code's result is committed as it
 * finishes; a calculation that died (worker killed, activity retried) starts after the last stored code from its
 * checkpoint, and the plan comes out the same. Once every code is stored the plan is written in bulk and the run
 * moves to review (a simulation to `simulated`); calling it again then changes nothing.
 */
export async function calculateRunPlan(
  fork: () => EntityManager,
  runId: number,
  progress: LevelProgress = () => undefined,
): Promise<PlanSummary> {
  const run = await fork().findOneOrFail(MrpRun, runId);
  if (run.status !== 'calculating') return run.summary as unknown as PlanSummary;
  const input = inputOf(run);
  const stored = await fork().find(MrpRunLevel, { run: runId }, { orderBy: { level: 'asc' } });
  const last = stored.at(-1);
  let levelsDone = stored.length;
  for (const { result, checkpoint } of planLevels(input, last?.checkpoint as MrpCheckpoint | undefined)) {
    await fork().transactional(async (em) => {
      await em.insert(MrpRunLevel, {
        run: runId,
        level: result.level,
        result: result as unknown as Record<string, unknown>,
        checkpoint: checkpoint as unknown as Record<string, unknown>,
        createdAt: new Date(),
      });
      levelsDone += 1;
      await em.nativeUpdate(MrpRun, { id: runId }, { levelsDone });
    });
    progress({ level: result.level, levelsDone });
  }
  const levels = (await fork().find(MrpRunLevel, { run: runId }, { orderBy: { level: 'asc' } })).map(
    (row) => row.result as unknown as LevelResult,
  );
  return storePlan(fork(), run, levels, planFrame(input));
}

/** Writes the plan of every stored code in one transaction and closes the calculation. */
async function storePlan(
  em: EntityManager,
  run: MrpRun,
  levels: LevelResult[],
  frame: ReturnType<typeof planFrame>,
): Promise<PlanSummary> {
  return em.transactional(async (tx) => {
    const locked = await tx.findOneOrFail(MrpRun, run.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (locked.status !== 'calculating') return locked.summary as unknown as PlanSummary;
    const skus = [...new Set(levels.flatMap((l) => [...l.items.map((i) => i.sku), ...l.exceptions.map((e) => e.sku)]))];
    const items = await tx.find(Item, { sku: { $in: skus } }, { fields: ['id', 'sku'] });
    const idOf = new Map(items.map((item) => [item.sku, item.id]));
    const itemPlans = levels.flatMap((l) => l.items);
    // Grouped once: filtering every supply per item is items x supplies on the run's largest write.
    const suppliesOf = new Map<string, LevelResult['supplies']>();
    for (const supply of levels.flatMap((l) => l.supplies)) {
      const list = suppliesOf.get(supply.sku);
      if (list) list.push(supply);
      else suppliesOf.set(supply.sku, [supply]);
    }
    await tx.insertMany(
      MrpItemPlan,
      itemPlans.map((plan) => ({
        run: run.id,
        item: idOf.get(plan.sku)!,
        lowLevelCode: plan.lowLevelCode,
        rows: plan.rows,
        supplies: suppliesOf.get(plan.sku) ?? [],
      })),
    );
    const orders = levels.flatMap((l) => l.plannedOrders);
    await tx.insertMany(
      MrpPlannedOrder,
      orders.map((order) => ({
        run: run.id,
        plannedRef: order.id,
        item: idOf.get(order.sku)!,
        orderType: order.type,
        quantity: order.quantity,
        receiptDate: order.receiptDate,
        releaseDate: order.releaseDate,
        pastDue: order.pastDue,
        status: 'suggested' as const,
        pegs: order.pegs,
      })),
    );
    const exceptions = [...levels.flatMap((l) => l.exceptions), ...frame.pastDue].filter((e) => idOf.has(e.sku));
    await tx.insertMany(
      MrpException,
      exceptions.map((e) => ({
        run: run.id,
        item: idOf.get(e.sku)!,
        kind: e.kind,
        ref: e.ref,
        fromDate: e.fromDate,
        toDate: e.toDate,
        quantity: e.quantity,
        message: e.message.slice(0, 500),
      })),
    );
    const summary: PlanSummary = {
      items: itemPlans.length,
      plannedOrders: orders.length,
      exceptions: exceptions.length,
      problems: levels.reduce((sum, l) => sum + l.problems.length, 0),
      beyondHorizon: frame.beyondHorizon,
    };
    locked.status = locked.simulation ? 'simulated' : 'review';
    locked.levelsTotal = levels.length;
    locked.summary = summary as unknown as Record<string, unknown>;
    locked.finishedAt = new Date();
    return summary;
  });
}
