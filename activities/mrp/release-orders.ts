import { ApplicationFailure } from '@temporalio/activity';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { MrpPlannedOrder, MrpRun } from '../../db/entities';
import type { SnapshotItem } from '../../db/planning/mrp-snapshot';
import { appendAudit } from '../../db/repositories/audit-repository';
import type { MrpRelease, ReleaseMrpInput } from '../../workflows/mrp-run/mrp-run.contract';
import { releaseContext } from './release-context';
import { releaseProduction } from './release-production';
import { releasePurchases } from './release-purchases';
import { releaseSubcontracts } from './release-subcontracts';
import type { DocumentStarts } from '../context';

/** The release and the processes of its documents (to start after the commit). */
export interface ReleaseResult {
  release: MrpRelease;
  workflowIds: string[];
}

/**
 * Turns an approved run's approved suggestions into real orders in one transaction, the run row locked: purchase
 * orders (one per preferred supplier), production orders (one per suggestion), each with its process queued in the
 * outbox and an audit entry, and draft subcontract orders (one per suggestion, waiting in their approval task) with theirs; every
 * released suggestion records its document. Suggestions that cannot be released stay approved, listed with the
 * reason. The run ends `released` with the outcome in `summary.release`. Idempotent: a released run answers its
 * recorded release again and creates nothing (the lock serialises two calls).
 */
export async function releaseMrpOrders(
  em: EntityManager,
  input: ReleaseMrpInput,
  starts: DocumentStarts,
): Promise<ReleaseResult> {
  const run = await em.findOneOrFail(MrpRun, input.runId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (run.status === 'released') {
    const release = (run.summary as { release: MrpRelease }).release;
    return { release, workflowIds: processesOf(release, starts, input) };
  }
  if (run.simulation || run.status !== 'approved') {
    throw ApplicationFailure.nonRetryable(
      `MRP run ${run.id} is ${run.simulation ? 'a simulation' : run.status}: only an approved plan is released`,
      'RELEASE_REFUSED',
    );
  }
  const items = new Map(
    ((run.snapshot as { items?: SnapshotItem[] } | null)?.items ?? []).map((item) => [item.sku, item]),
  );
  const { context, tally } = releaseContext({
    runId: run.id,
    releasedBy: input.releasedBy,
    taskQueue: input.taskQueue,
    starts,
    supplierOf: (sku) => items.get(sku)?.supplierCode ?? null,
  });
  const approved = await em.find(
    MrpPlannedOrder,
    { run: run.id, status: 'approved', documentNumber: null },
    { populate: ['item'], orderBy: { plannedRef: 'asc' } },
  );
  await releasePurchases(
    em,
    context,
    approved.filter((order) => order.orderType === 'purchase'),
  );
  await releaseProduction(
    em,
    context,
    approved.filter((order) => order.orderType === 'production'),
  );
  await releaseSubcontracts(
    em,
    context,
    approved.filter((order) => order.orderType === 'subcontract'),
  );
  const { workflowIds, ...documents } = tally;
  const release: MrpRelease = { by: input.releasedBy, at: new Date().toISOString(), ...documents };
  run.status = 'released';
  run.summary = { ...(run.summary ?? {}), release };
  await appendAudit(em, {
    actor: input.releasedBy,
    action: 'mrp-run.released',
    entityType: 'mrp_run',
    entityId: String(run.id),
    workflowId: input.workflowId,
    details: { ...release },
  });
  return { release, workflowIds };
}

/** The processes of a recorded release's documents (their ids derive from the document numbers). */
function processesOf(release: MrpRelease, starts: DocumentStarts, input: ReleaseMrpInput): string[] {
  const { releasedBy, taskQueue } = input;
  return [
    ...release.purchaseOrders.map((number) => starts.purchaseReceipt(number, releasedBy, taskQueue).workflowId),
    ...release.productionOrders.map((number) => starts.productionOrder(number, releasedBy, taskQueue).workflowId),
    // Releases from before subcontracting recorded none.
    ...(release.subcontractOrders ?? []).map(
      (number) => starts.subcontractOrder(number, releasedBy, taskQueue).workflowId,
    ),
  ];
}
