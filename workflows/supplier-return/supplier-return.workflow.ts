import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { purchaseReceiptStart } from '../purchase-receipt/purchase-receipt.start';
import { processSteps } from '../process-steps';
import { findPickProblem } from './pick-validation';
import {
  getSupplierReturnStateQuery,
  SUPPLIER_RETURN,
  type ReturnPick,
  type SupplierReturnInput,
  type SupplierReturnState,
  type SupplierReturnStep,
} from './supplier-return.contract';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

const { loadSupplierReturn, postSupplierReturn, reopenPurchaseReceipt } =
  proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/** The books' refusal of the posting (stock taken meanwhile, period closed): the clerk can pick again. */
function postingRefusal(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === 'POSTING_REJECTED' ? cause.message : undefined;
}

/**
 * Supplier return: a clerk picks the goods from where they lie and confirms -> the return posts (stock out at the
 * receipt layer's cost, GRNI or payables debited, any difference to purchase price variance; one transaction,
 * idempotent per workflow) -> with `replace`, the purchase receipt is told the quantity reopened -> completed. A
 * refusal by the books (the stock was taken meanwhile, the period closed) re-opens the task with the reason.
 */
export async function supplierReturn(input: SupplierReturnInput): Promise<SupplierReturnState> {
  const { workflowId } = workflowInfo();
  const state: SupplierReturnState = {
    returnNumber: input.returnNumber,
    step: 'awaiting-pick',
    orderNumber: null,
    taskId: null,
    pickedBy: null,
    posted: null,
  };
  setHandler(getSupplierReturnStateQuery, () => state);
  const tasks = createTaskBoard();
  const instance = { processType: SUPPLIER_RETURN, businessKey: input.returnNumber };
  const { enter, run } = processSteps<SupplierReturnStep>(instance, state);
  return run(async () => {
    await enter('awaiting-pick');
    let refusal: string | undefined;
    for (let attempt = 1; state.posted === null; attempt += 1) {
      const task = await loadSupplierReturn({ returnNumber: input.returnNumber });
      state.orderNumber = task.orderNumber;
      state.taskId = attempt === 1 ? `${workflowId}:pick` : `${workflowId}:pick:${attempt}`;
      const completion = await tasks.run(
        {
          ...instance,
          candidateRole: 'clerk',
          taskId: state.taskId,
          taskType: 'supplier-return',
          title: `Return ${input.returnNumber} to ${task.supplierName} (purchase order ${task.orderNumber})`,
          priority: refusal === undefined ? 'normal' : 'high',
          slaMs: input.taskSlaMinutes * 60_000,
          formKind: 'supplier-return',
          payload: refusal === undefined ? { ...task } : { ...task, refusal },
          requiredFields: ['picks'],
        },
        (payload) => findPickProblem(task, payload),
      );
      state.pickedBy = completion.completedBy;
      await enter('posting');
      try {
        state.posted = await postSupplierReturn({
          workflowId,
          returnNumber: input.returnNumber,
          picks: completion.payload.picks as ReturnPick[],
          userName: completion.completedBy,
        });
      } catch (error) {
        refusal = postingRefusal(error);
        if (refusal === undefined) throw error;
        await enter('awaiting-pick');
      }
    }
    if (state.posted.reopened.length > 0) {
      const requestedBy = state.pickedBy ?? input.requestedBy;
      await reopenPurchaseReceipt({
        start: purchaseReceiptStart(state.posted.orderNumber, requestedBy, workflowInfo().taskQueue),
        lines: state.posted.reopened,
      });
    }
    await enter('completed', 'completed');
    return state;
  });
}
