import { getExternalWorkflowHandle, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { createTaskBoard } from '../human-task';
import { processSteps } from '../process-steps';
import { refusalOf } from '../activity-refusal';
import {
  getMrpRunStateQuery,
  MRP_RUN,
  mrpRunSupersededSignal,
  type MrpActivities,
  type MrpReviewAnswer,
  type MrpRunInput,
  type MrpRunState,
  type MrpRunStep,
  type ReviewOutcome,
} from './mrp-run.contract';
import { findReviewProblem } from './review-validation';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const mrp = proxyActivities<MrpActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '10 seconds' },
});
/**
 * The calculation may run for minutes on a large company: it heartbeats after each low-level code, so a killed
 * worker is noticed within the heartbeat timeout and the retry resumes after the last stored code.
 */
const calculation = proxyActivities<Pick<MrpActivities, 'calculateMrpRun'>>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { maximumInterval: '30 seconds' },
});

/**
 * MRP run: the inputs as of one instant (lot sizes decided by the pinned rules) -> the plan, calculated and stored
 * level by level -> older unreviewed plans superseded -> the planner's review task (approve all, decide order by
 * order, or reject with a reason; a refused answer re-opens the task with the reason) -> approved -> released (the
 * approved suggestions become purchase and production orders, their processes started) / rejected. A simulation ends
 * after the calculation; a newer run withdraws this one's review.
 */
export async function mrpRun(input: MrpRunInput): Promise<MrpRunState> {
  const { workflowId } = workflowInfo();
  const state: MrpRunState = { runId: input.runId, step: 'snapshot', summary: null, taskId: null, supersededBy: null };
  setHandler(getMrpRunStateQuery, () => state);
  setHandler(mrpRunSupersededSignal, (signal) => {
    state.supersededBy ??= signal.byRunId;
  });
  const tasks = createTaskBoard();
  const steps = processSteps<MrpRunStep>({ processType: MRP_RUN, businessKey: `MRP-${input.runId}` }, state);
  return steps.run(async () => {
    await steps.enter('snapshot');
    await mrp.snapshotMrpRun({ runId: input.runId });
    await steps.enter('calculating');
    const calculated = await calculation.calculateMrpRun({ runId: input.runId });
    state.summary = calculated;
    if (calculated.simulation) {
      await steps.enter('simulated', 'completed');
      return state;
    }
    for (const older of await mrp.supersedeOlderRuns({ runId: input.runId })) {
      // An older run's process that has ended needs no telling (its run row already says superseded).
      await getExternalWorkflowHandle(older)
        .signal(mrpRunSupersededSignal, { byRunId: input.runId })
        .catch(() => undefined);
    }
    await steps.enter('review');
    let refusal: string | undefined;
    for (let round = 1; ; round += 1) {
      state.taskId = round === 1 ? `${workflowId}:review` : `${workflowId}:review:${round}`;
      const outcome = await tasks.runUntil(
        {
          processType: MRP_RUN,
          businessKey: `MRP-${input.runId}`,
          candidateRole: 'planner',
          taskId: state.taskId,
          taskType: 'mrp-review',
          title: `Review MRP run ${input.runId}: ${calculated.plannedOrders} planned orders, ${calculated.exceptions} exception messages`,
          priority: refusal === undefined ? 'normal' : 'high',
          slaMs: input.reviewSlaMinutes * 60_000,
          formKind: 'mrp-review',
          payload: { runId: input.runId, summary: calculated, ...(refusal === undefined ? {} : { refusal }) },
          requiredFields: ['decision'],
        },
        findReviewProblem,
        { interruptWhen: () => state.supersededBy !== null },
      );
      state.taskId = null;
      if (outcome.kind !== 'completed') break;
      let reviewed: ReviewOutcome;
      try {
        reviewed = await mrp.applyMrpReview({
          runId: input.runId,
          workflowId,
          answer: outcome.completion.payload as unknown as MrpReviewAnswer,
          reviewedBy: outcome.completion.completedBy,
        });
      } catch (error) {
        if (refusalOf(error, 'RUN_SUPERSEDED') !== undefined) break;
        refusal = refusalOf(error, 'REVIEW_REFUSED');
        if (refusal === undefined) throw error;
        continue;
      }
      // Runs approved before release existed ended at `approved` (their recorded histories replay so).
      if (reviewed.status === 'approved' && patched('mrp-release')) {
        await steps.enter('approved');
        const release = await mrp.releaseMrpOrders({
          runId: input.runId,
          workflowId,
          releasedBy: outcome.completion.completedBy,
          taskQueue: workflowInfo().taskQueue,
        });
        state.release = {
          purchaseOrders: release.purchaseOrders.length,
          productionOrders: release.productionOrders.length,
          notReleased: release.notReleased.length,
        };
        await steps.enter('released', 'completed');
        return state;
      }
      await steps.enter(reviewed.status, reviewed.status === 'approved' ? 'completed' : 'rejected');
      return state;
    }
    await steps.enter('superseded', 'cancelled');
    return state;
  });
}
