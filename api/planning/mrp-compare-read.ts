import type { EntityManager } from '@mikro-orm/postgresql';
import { MrpItemPlan, MrpPlannedOrder, MrpRun, type MrpRunStatus } from '../../db/entities';
import type { WhatIf } from '../../db/planning/what-if';
import { bucketsOf, fullRows, type StoredGrid } from '../../rules/mrp';
import { ApiError } from '../errors';
import { commonBucketStarts, itemDifferences, orderDifferences, type PlanSide } from './mrp-compare-diff';
import type { CompareRunHeader, MrpComparison } from './mrp-compare-schemas';
import { runOrFail, type RunHeader } from './mrp-run-read-detail';

/** Runs whose plan is stored (and stays): the ones a comparison can read. */
const PLANNED: readonly MrpRunStatus[] = ['review', 'approved', 'rejected', 'released', 'superseded', 'simulated'];
/** A live plan a simulation is compared with by default: stored and not yet replaced or turned down. */
const LIVE_PLAN: readonly MrpRunStatus[] = ['review', 'approved', 'released'];

async function planned(em: EntityManager, id: number, field: 'id' | 'against'): Promise<RunHeader> {
  const run = field === 'id' ? await runOrFail(em, id) : await em.findOne(MrpRun, id, { exclude: ['snapshot'] });
  if (!run) throw new ApiError('NOT_FOUND', `No MRP run ${id} to compare with`, field);
  if (!PLANNED.includes(run.status)) {
    throw new ApiError('VALIDATION_FAILED', `MRP run ${id} has no plan to compare (it is ${run.status})`, field);
  }
  return run;
}

/** The latest live run with a stored plan, or 404 naming `against` when there is none. */
async function latestLivePlan(em: EntityManager, except: number): Promise<RunHeader> {
  const run = await em.findOne(
    MrpRun,
    { simulation: false, status: { $in: [...LIVE_PLAN] }, id: { $ne: except } },
    // Without its recorded inputs: tens of megabytes on a large run, and the comparison reads only its plan.
    { orderBy: { id: 'desc' }, exclude: ['snapshot'] },
  );
  if (!run) throw new ApiError('NOT_FOUND', 'There is no live plan to compare with: name a run in against', 'against');
  return run;
}

async function sideOf(em: EntityManager, run: RunHeader): Promise<PlanSide> {
  const plans = await em.find(MrpItemPlan, { run: run.id }, { populate: ['item'] });
  const orders = await em.find(MrpPlannedOrder, { run: run.id }, { populate: ['item'] });
  return {
    buckets: bucketsOf({ size: run.bucketSize, start: run.asOf, count: run.bucketCount }),
    items: new Map(
      plans.map((p) => [p.item.sku, { name: p.item.name, rows: fullRows(p.rows as StoredGrid, run.bucketCount) }]),
    ),
    orders: orders.map((o) => ({
      plannedRef: o.plannedRef,
      sku: o.item.sku,
      type: o.orderType,
      quantity: o.quantity,
      receiptDate: o.receiptDate,
      releaseDate: o.releaseDate,
    })),
  };
}

const headerOf = (run: RunHeader): CompareRunHeader => ({
  id: run.id,
  status: run.status,
  simulation: run.simulation,
  asOf: run.asOf,
  bucketSize: run.bucketSize,
  bucketCount: run.bucketCount,
});

/**
 * A run's plan beside another's (by default the latest live plan): per item and bucket the differences of gross
 * requirements, planned receipts and releases and projected on hand (run minus `against`), buckets aligned by their
 * start dates; the planned orders added, removed and changed. 404 naming the run or `against`; 400 naming `against`
 * when the bucket sizes differ or no bucket start is common to both horizons.
 */
export async function compareMrpRuns(em: EntityManager, id: number, againstId?: number): Promise<MrpComparison> {
  const run = await planned(em, id, 'id');
  const against = againstId === undefined ? await latestLivePlan(em, id) : await planned(em, againstId, 'against');
  if (run.bucketSize !== against.bucketSize) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `MRP run ${run.id} plans by ${run.bucketSize}, run ${against.id} by ${against.bucketSize}: compare runs of one bucket size`,
      'against',
    );
  }
  const [ours, theirs] = [await sideOf(em, run), await sideOf(em, against)];
  const starts = commonBucketStarts(ours, theirs);
  if (starts.length === 0) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `MRP runs ${run.id} and ${against.id} share no bucket: their horizons or week starts differ`,
      'against',
    );
  }
  return {
    run: { ...headerOf(run), whatIf: (run.whatIf as WhatIf | null) ?? null },
    against: headerOf(against),
    comparedBuckets: starts,
    items: itemDifferences(ours, theirs, starts),
    plannedOrders: orderDifferences(ours, theirs),
  };
}
