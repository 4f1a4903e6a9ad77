import type { EntityManager } from '@mikro-orm/postgresql';
import { MrpRun, MrpRunLevel } from '../../db/entities';
import { LevelWriter } from '../../db/planning/mrp-level-writer';
import {
  analyzePlanTables,
  insertExceptions,
  itemIdsBySku,
  keptOrders,
  levelStatement,
  type StoredLevel,
} from '../../db/planning/mrp-plan-store';
import { queueNetChangeForRun } from '../../db/planning/planning-changes';
import { num, query } from '../../db/sql';
import type { BomView } from '../../rules/manufacturing';
import {
  dependentDemand,
  planFrame,
  planLevels,
  type Demand,
  type MrpCheckpoint,
  type MrpInput,
  type PlanFrame,
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

/** A run's recorded inputs, read as they are stored (not as an entity the ORM would copy and compare). */
async function inputOf(
  em: EntityManager,
  run: Pick<MrpRun, 'id' | 'bucketSize' | 'asOf' | 'bucketCount'>,
): Promise<MrpInput> {
  const [row] = await query<{ snapshot: RunSnapshot | null }>(em, 'select snapshot from mrp_run where id = ?', [
    run.id,
  ]);
  if (!row?.snapshot) throw new Error(`MRP run ${run.id} has no inputs yet: its snapshot step has not run`);
  const snapshot = row.snapshot;
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
 * Calculates a run's plan from its recorded inputs and stores it. Each low-level code's part of the plan is written
 * and committed as it finishes (so a calculating run's orders show as they come); a calculation that died (worker
 * killed, activity retried) starts after the last stored code, and the plan comes out the same. Once every code is
 * stored the past-due messages are added and the run moves to review (a simulation to `simulated`); calling it
 * again then changes nothing. Given `netChangeQueue` (the activity's task queue), a live run reaching review queues a
 * net change for the planning changes recorded while it calculated (queueWaitingChanges).
 */
export async function calculateRunPlan(
  fork: () => EntityManager,
  runId: number,
  progress: LevelProgress = () => undefined,
  netChangeQueue?: string,
): Promise<PlanSummary> {
  const run = await fork().findOneOrFail(MrpRun, runId, { exclude: ['snapshot'] });
  if (run.status !== 'calculating') {
    // A retry after the plan was closed: the net change may not have been queued yet (queued twice, started once).
    if (netChangeQueue !== undefined) await queueWaitingChanges(fork(), runId, netChangeQueue);
    return run.summary as unknown as PlanSummary;
  }
  const input = await inputOf(fork(), run);
  const stored = await fork().find(MrpRunLevel, { run: runId }, { orderBy: { level: 'asc' } });
  const idOf = await itemIdsBySku(fork());
  let levelsDone = stored.length;
  const writer = await LevelWriter.open(fork());
  let storing: Promise<void> | null = null;
  try {
    const levels = planLevels(input, resumePoint(stored, input), false); // pegs are derived when read
    for (;;) {
      // Code N+1 is calculated, and its statement built (megabytes of JSON), while PostgreSQL stores code N (sent,
      // not yet awaited): built after the wait, each code's statement kept PostgreSQL idle 130-180 ms.
      const next = levels.next();
      const done = levelsDone + 1;
      const statement = next.done
        ? null
        : levelStatement(runId, next.value.result, next.value.checkpoint.nextLevel, done, idOf);
      if (storing) await storing;
      if (next.done || !statement) break;
      const { level } = next.value.result;
      levelsDone = done;
      const { done: written } = await writer.send(statement);
      storing = written.then(() => progress({ level, levelsDone: done }));
    }
  } finally {
    // A calculation that failed while a code was being stored lets the statement finish before the connection goes back.
    await storing?.catch(() => undefined);
    await writer.close();
  }
  const summary = await closePlan(fork(), runId, levelsDone, planFrame(input), idOf);
  if (netChangeQueue !== undefined) await queueWaitingChanges(fork(), runId, netChangeQueue);
  await analyzePlanTables(fork());
  return summary;
}

/**
 * A live run in review: the planning changes still pending were recorded after its snapshot read its inputs (it
 * consumed the ones it read), while it calculated, and their own net changes left them for this run; queues their net
 * change (`mrp-net-change:run-<id>`, on `taskQueue`) so they reach its plan. In a transaction of its own AFTER the one
 * that moved the run to review: a change committed before this reads is queued here, one committed after it finds the
 * run in review and its own net change applies it (queued in the review's own transaction, a change committing while
 * that transaction was open would fall between both). Queued once per run (the outbox keys it by workflow id), so a
 * retry queues nothing more.
 */
async function queueWaitingChanges(em: EntityManager, runId: number, taskQueue: string): Promise<void> {
  await em.transactional(async (tx) => {
    const [run] = await query<{ status: string; simulation: boolean; created_by: string }>(
      tx,
      'select status, simulation, created_by from mrp_run where id = ?',
      [runId],
    );
    if (run?.status !== 'review' || run.simulation) return;
    await queueNetChangeForRun(tx, runId, { requestedBy: run.created_by, taskQueue });
  });
}

/**
 * Where a died calculation resumes: after its last stored code, with the dependent demand the stored codes' planned
 * orders create below them, derived again from those orders: the same demands the calculation had pushed (each
 * order's own, one per component), without storing them with every code (a million rows of a large run).
 */
function resumePoint(stored: MrpRunLevel[], input: MrpInput): MrpCheckpoint | undefined {
  const last = stored.at(-1);
  if (!last) return undefined;
  const checkpoint = last.checkpoint as unknown as Pick<MrpCheckpoint, 'nextLevel'>;
  const orders = stored.flatMap((row) => keptOrders(row.result as unknown as StoredLevel));
  return { nextLevel: checkpoint.nextLevel, dependent: orders.flatMap((order) => dependentDemand(order, input.bom)) };
}

/** Adds the past-due demand messages, counts the stored plan and closes the calculation, once. */
async function closePlan(
  em: EntityManager,
  runId: number,
  levels: number,
  frame: PlanFrame,
  idOf: ReadonlyMap<string, number>,
): Promise<PlanSummary> {
  return em.transactional(async (tx) => {
    const [locked] = await query<{ status: string; simulation: boolean; summary: PlanSummary | null }>(
      tx,
      'select status, simulation, summary from mrp_run where id = ? for update',
      [runId],
    );
    if (locked?.status !== 'calculating') return locked?.summary as PlanSummary;
    await insertExceptions(tx, runId, frame.pastDue, idOf);
    const [counts] = await query<Record<string, string>>(
      tx,
      `select (select count(*) from mrp_item_plan where run_id = ?) as items,
              (select count(*) from mrp_planned_order where run_id = ?) as planned_orders,
              (select count(*) from mrp_exception where run_id = ?) as exceptions,
              (select coalesce(sum(jsonb_array_length(result->'problems')), 0) from mrp_run_level where run_id = ?)
                as problems`,
      [runId, runId, runId, runId],
    );
    const summary: PlanSummary = {
      items: num(counts?.items),
      plannedOrders: num(counts?.planned_orders),
      exceptions: num(counts?.exceptions),
      problems: num(counts?.problems),
      beyondHorizon: frame.beyondHorizon,
    };
    await tx.nativeUpdate(
      MrpRun,
      { id: runId },
      {
        status: locked.simulation ? 'simulated' : 'review',
        levelsTotal: levels,
        summary: summary as unknown as Record<string, unknown>,
        finishedAt: new Date(),
      },
    );
    return summary;
  });
}
