import { proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { CURRENT_STEP } from '../search-attributes';
import { findApprovalProblem, findCountProblem, recountProblem } from './count-validation';
import {
  getStockCountStateQuery,
  STOCK_COUNT,
  type CountedLine,
  type StockCountInput,
  type StockCountState,
  type StockCountStep,
} from './stock-count.contract';

const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;
const { loadStockCount, recordStockCount, markStockCount, postStockCount, recordProcessStep } =
  proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/**
 * Stock count of one bin: a blind count task (the clerk never sees the book) -> when a line's difference exceeds the
 * pinned rules' tolerance, a recount by someone else (their figures replace the first) -> when the difference value
 * exceeds the threshold, a controller approves (or sends it back for another recount) -> the difference posts and
 * the block a short pick left is lifted. The bin is not allocated until then. Each posting is idempotent per
 * workflow, so a crashed worker's retry never posts twice.
 */
export async function stockCount(input: StockCountInput): Promise<StockCountState> {
  const { workflowId, runId } = workflowInfo();
  const state: StockCountState = {
    countNumber: input.countNumber,
    step: 'counting',
    locationCode: null,
    countedBy: null,
    recountedBy: null,
    approvedBy: null,
    count: null,
    posted: null,
  };
  setHandler(getStockCountStateQuery, () => state);
  const tasks = createTaskBoard();
  const instance = { processType: STOCK_COUNT, businessKey: input.countNumber };
  const enter = async (step: StockCountStep, status: 'running' | 'completed' = 'running') => {
    state.step = step;
    upsertSearchAttributes([{ key: CURRENT_STEP, value: step }]);
    await recordProcessStep({ workflowId, runId, ...instance, step, status });
  };

  try {
    await enter('counting');
    const count = await loadStockCount({ workflowId, countNumber: input.countNumber });
    state.locationCode = count.locationCode;
    const taskPayload = {
      countNumber: count.countNumber,
      warehouseCode: count.warehouseCode,
      locationCode: count.locationCode,
      reason: count.reason,
      lines: count.lines,
    };
    const countTask = (round: number, validate: (payload: Record<string, unknown>, by: string) => string | undefined) =>
      tasks.run(
        {
          ...instance,
          candidateRole: 'clerk',
          taskId: round === 1 ? `${workflowId}:count` : `${workflowId}:recount:${round}`,
          taskType: round === 1 ? 'stock-count' : 'stock-recount',
          title: `${round === 1 ? 'Count' : 'Recount'} bin ${count.locationCode} (${count.countNumber})`,
          priority: round === 1 ? 'normal' : 'high',
          slaMs: input.countSlaMinutes * 60_000,
          formKind: 'stock-count',
          payload: { ...taskPayload, round },
          requiredFields: ['lines'],
        },
        validate,
      );

    const first = await countTask(1, (payload) => findCountProblem(count.lines, payload));
    state.countedBy = first.completedBy;
    const record = (round: number, lines: unknown, userName: string) =>
      recordStockCount({
        workflowId,
        countNumber: input.countNumber,
        round,
        lines: lines as CountedLine[],
        userName,
      });
    state.count = await record(1, first.payload.lines, first.completedBy);
    let round = 1;
    let needsRecount = state.count.maxAbsDifference > count.recountTolerance;
    for (;;) {
      if (needsRecount) {
        round += 1;
        await markStockCount({ countNumber: input.countNumber, status: 'recount' });
        await enter('recounting');
        const firstCounter = state.countedBy;
        const recount = await countTask(
          round,
          (payload, by) => recountProblem(firstCounter, by) ?? findCountProblem(count.lines, payload),
        );
        state.recountedBy = recount.completedBy;
        state.count = await record(round, recount.payload.lines, recount.completedBy);
      }
      if (state.count.absValue <= count.approvalAboveValue) break;
      await markStockCount({ countNumber: input.countNumber, status: 'approval' });
      await enter('awaiting-approval');
      const approval = await tasks.run(
        {
          ...instance,
          candidateRole: 'controller',
          taskId: `${workflowId}:approval:${round}`,
          taskType: 'stock-count-approval',
          title: `Approve count difference of ${state.count.absValue.toFixed(2)} at ${count.locationCode}`,
          priority: 'normal',
          slaMs: input.countSlaMinutes * 60_000,
          formKind: 'stock-count-approval',
          payload: {
            ...taskPayload,
            differences: state.count.lines,
            absValue: state.count.absValue,
            threshold: count.approvalAboveValue,
          },
          requiredFields: ['decision'],
        },
        findApprovalProblem,
      );
      if (approval.payload.decision === 'approve') {
        state.approvedBy = approval.completedBy;
        await markStockCount({ countNumber: input.countNumber, status: 'approval', approvedBy: approval.completedBy });
        break;
      }
      needsRecount = true;
    }

    await enter('posting');
    state.posted = await postStockCount({
      workflowId,
      countNumber: input.countNumber,
      userName: state.recountedBy ?? state.countedBy ?? input.requestedBy,
    });
    await enter('completed', 'completed');
    return state;
  } catch (error) {
    await recordProcessStep({
      workflowId,
      runId,
      ...instance,
      step: state.step,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
