import { ApplicationFailure } from '@temporalio/activity';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { MrpPlannedOrder, MrpRun } from '../../db/entities';
import { addDays, daysBetween } from '../../rules/mrp';
import type { ApplyReviewInput, ReviewOutcome } from '../../workflows/mrp-run/mrp-run.contract';

function refuse(type: 'REVIEW_REFUSED' | 'RUN_SUPERSEDED', message: string, field?: string): never {
  throw ApplicationFailure.nonRetryable(message, type, field === undefined ? {} : { field });
}

/**
 * Applies the planner's review to the run's suggestions in one transaction: approve all; or approve (with a changed
 * quantity or receipt date — the release date moves with it, keeping the lead time) or reject the ones named, the
 * rest staying suggested; or reject the plan with its reason. A run a newer one superseded meanwhile is refused
 * (RUN_SUPERSEDED); a suggestion that is not the run's is refused naming its field (the task re-opens with it).
 */
export async function applyReview(em: EntityManager, input: ApplyReviewInput): Promise<ReviewOutcome> {
  const run = await em.findOneOrFail(MrpRun, input.runId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (run.status === 'superseded') {
    refuse('RUN_SUPERSEDED', `MRP run ${run.id} was superseded by a newer run: its plan can no longer be approved`);
  }
  if (run.status !== 'review') refuse('REVIEW_REFUSED', `MRP run ${run.id} is ${run.status}, not waiting for review`);
  const orders = await em.find(MrpPlannedOrder, { run: run.id });
  const { answer } = input;
  let approved = 0;
  let rejected = 0;
  if (answer.decision === 'decide') {
    const byRef = new Map(orders.map((order) => [order.plannedRef, order]));
    for (const [index, decided] of (answer.orders ?? []).entries()) {
      const order = byRef.get(decided.plannedRef);
      if (!order) {
        refuse(
          'REVIEW_REFUSED',
          `${decided.plannedRef} is not a suggestion of MRP run ${run.id}`,
          `payload.orders[${index}].plannedRef`,
        );
      }
      if (!decided.approve) {
        order.status = 'rejected';
        rejected += 1;
        continue;
      }
      if (decided.quantity !== undefined) order.quantity = decided.quantity;
      if (decided.receiptDate !== undefined) {
        const shift = daysBetween(order.receiptDate, decided.receiptDate);
        order.receiptDate = decided.receiptDate;
        order.releaseDate = addDays(order.releaseDate, shift);
      }
      order.status = 'approved';
      approved += 1;
    }
  } else {
    const status = answer.decision === 'approve-all' ? 'approved' : 'rejected';
    for (const order of orders.filter((o) => o.status === 'suggested')) order.status = status;
    if (status === 'approved') approved = orders.length;
    else rejected = orders.length;
  }
  run.status =
    answer.decision === 'reject' || (answer.decision === 'decide' && approved === 0) ? 'rejected' : 'approved';
  run.summary = {
    ...(run.summary ?? {}),
    review: {
      by: input.reviewedBy,
      at: new Date().toISOString(),
      decision: answer.decision,
      reason: answer.reason ?? null,
      approved,
      rejected,
    },
  };
  return { status: run.status, approved, rejected };
}

/**
 * Marks every older live run still waiting for review superseded by `runId` (their plans are out of date) and
 * returns their processes, so the new run's process can withdraw their review tasks.
 */
export async function supersedeOlderRuns(em: EntityManager, runId: number): Promise<string[]> {
  const older = await em.find(
    MrpRun,
    { id: { $lt: runId }, status: 'review', simulation: false },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
  );
  for (const run of older) {
    run.status = 'superseded';
    run.summary = { ...(run.summary ?? {}), supersededBy: runId };
  }
  return older.map((run) => run.workflowId).filter((id): id is string => id !== null);
}
