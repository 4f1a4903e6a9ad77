import { Context } from '@temporalio/activity';
import { createEngineCache } from '../../rules/engine';
import type { ApplyReviewInput, MrpActivities, ReleaseMrpInput } from '../../workflows/mrp-run/mrp-run.contract';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { startQueued } from '../reconciliation/start-queued';
import { applyReview, supersedeOlderRuns } from './apply-review';
import { calculateRunPlan } from './calculate-plan';
import { createNetChangeActivities } from './net-change-activities';
import { snapshotMrpRun } from './open-run';
import { releaseMrpOrders } from './release-orders';
import { MrpRun } from '../../db/entities';

/**
 * The MRP run's side effects. The snapshot and the stored plan are once per run by their own checks (the run row is
 * locked and its status read first); the calculation commits each low-level code as it finishes and heartbeats,
 * so a retry after a crash resumes after the last stored code; the review is once per run (runOnce); the release is
 * once per run (the run row locked, its status read first). A live run's snapshot consumes the planning changes it
 * read, and on reaching review the calculation queues one net change (on this worker's queue) for the changes recorded
 * while it ran.
 */
export function createMrpActivities(deps: ActivityDeps) {
  const engines = createEngineCache();
  return {
    async snapshotMrpRun(input: { runId: number }) {
      const pin = await snapshotMrpRun(deps.orm.em, engines, input.runId);
      return { ruleSetCode: pin.ruleSetCode, version: pin.version };
    },

    async calculateMrpRun(input: { runId: number }) {
      const context = Context.current();
      const summary = await calculateRunPlan(
        () => deps.orm.em.fork(),
        input.runId,
        (progress) => context.heartbeat(progress),
        context.info.taskQueue,
      );
      const run = await deps.orm.em.fork().findOneOrFail(MrpRun, input.runId, { fields: ['simulation'] });
      return { ...summary, simulation: run.simulation };
    },

    async supersedeOlderRuns(input: { runId: number }) {
      return inTransaction(deps, (em) => supersedeOlderRuns(em, input.runId));
    },

    async applyMrpReview(input: ApplyReviewInput) {
      return runOnce(deps, 'applyMrpReview', input.workflowId, (em) => applyReview(em, input));
    },

    ...createNetChangeActivities(deps),

    async releaseMrpOrders(input: ReleaseMrpInput) {
      const starts = deps.documentStarts;
      // A wiring fault, not a refusal: retried until a correctly wired worker takes it.
      if (!starts) throw new Error('This worker was built without document starts (worker/create-worker.ts)');
      const { release, workflowIds } = await inTransaction(deps, (em) => releaseMrpOrders(em, input, starts));
      // The documents' processes were queued with them; start them now as reconciliation does (a start Temporal
      // refuses, or a worker without the client, leaves the row to the API's outbox relay, which retries it).
      if (deps.reconciliation) {
        for (const workflowId of workflowIds) {
          await startQueued(deps, deps.reconciliation, workflowId, input.releasedBy);
        }
      }
      return release;
    },
  } satisfies MrpActivities;
}
