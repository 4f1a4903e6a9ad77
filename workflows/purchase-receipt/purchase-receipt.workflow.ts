import { patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { CURRENT_STEP } from '../search-attributes';
import { findPutawayProblem } from './putaway-validation';
import { receiveGoods } from './receipt-step';
import { runScrapTasks, scrapCandidates, startRevaluations, wakeBackorders } from './receipt-followups';
import {
  getPurchaseReceiptStateQuery,
  PURCHASE_RECEIPT,
  type PurchaseReceiptInput,
  type PurchaseReceiptState,
  type PurchaseReceiptStep,
  type PutawayInstruction,
  type PutawayTaskPayload,
} from './purchase-receipt.contract';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

const { loadPurchaseOrderForReceipt, putAwayPurchaseOrder, recordProcessStep } =
  proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/**
 * Purchase receipt, thin slice: a clerk records what arrived (quantities, lots, dates, when it arrived) -> the
 * receipt posts at the warehouse's dock at that time (FIFO layers, Inventory / GRNI; expired lots blocked) -> a clerk puts each line away into a bin -> the
 * transfers post -> completed. Each posting is one transaction and idempotent per workflow, so there is
 * nothing to compensate: a failure leaves the stock where it physically is and is recorded on the instance.
 */
export async function purchaseReceipt(input: PurchaseReceiptInput): Promise<PurchaseReceiptState> {
  const { workflowId, runId } = workflowInfo();
  const state: PurchaseReceiptState = {
    orderNumber: input.orderNumber,
    step: 'awaiting-receipt',
    supplierCode: null,
    supplierName: null,
    warehouseCode: null,
    dockLocation: null,
    lines: [],
    receiptTaskId: null,
    receivedBy: null,
    receipt: null,
    putawayTaskId: null,
    putAwayBy: null,
    putaway: null,
  };
  setHandler(getPurchaseReceiptStateQuery, () => state);
  const tasks = createTaskBoard();
  const instance = { processType: PURCHASE_RECEIPT, businessKey: input.orderNumber };

  const enter = async (step: PurchaseReceiptStep, status: 'running' | 'completed' = 'running') => {
    state.step = step;
    upsertSearchAttributes([{ key: CURRENT_STEP, value: step }]);
    await recordProcessStep({ workflowId, runId, ...instance, step, status });
  };

  try {
    await enter('awaiting-receipt');
    const order = await loadPurchaseOrderForReceipt({ orderNumber: input.orderNumber });
    const { putawayLocations, ...header } = order;
    Object.assign(state, header);
    // The receipt task (its date re-checked against the books on confirmation) and its posting.
    const receiptContext = { workflowId, orderNumber: input.orderNumber, slaMs: input.receiptSlaMinutes * 60_000 };
    state.receipt = await receiveGoods(tasks, { ...receiptContext, state, enter }, order);
    // A receipt dated far enough back queues its re-valuation; start it (older instances never queued one).
    const jobs = state.receipt.revaluationJobIds ?? [];
    if (jobs.length > 0 && patched('receipt-revaluation-jobs')) await startRevaluations(jobs);

    await enter('awaiting-putaway');
    const putawayTask: PutawayTaskPayload = {
      orderNumber: input.orderNumber,
      warehouseCode: order.warehouseCode,
      dockLocation: state.receipt.dockLocation,
      lines: state.receipt.lines,
      locations: putawayLocations,
    };
    state.putawayTaskId = `${workflowId}:putaway`;
    const putaway = await tasks.run(
      {
        ...instance,
        candidateRole: 'clerk',
        taskId: state.putawayTaskId,
        taskType: 'putaway',
        title: `Put away purchase order ${input.orderNumber} from ${state.receipt.dockLocation}`,
        priority: 'normal',
        slaMs: input.putawaySlaMinutes * 60_000,
        formKind: 'putaway',
        payload: { ...putawayTask },
        requiredFields: ['lines'],
      },
      (payload) => findPutawayProblem(putawayTask, payload),
    );
    state.putAwayBy = putaway.completedBy;

    await enter('putting-away');
    state.putaway = await putAwayPurchaseOrder({
      workflowId,
      orderNumber: input.orderNumber,
      instructions: putaway.payload.lines as PutawayInstruction[],
      userName: putaway.completedBy,
    });
    // Instances started before backorders existed finish without waking anyone when they replay.
    if (patched('wake-backorders')) await wakeBackorders(state.lines.map((line) => line.itemSku));
    // Lots the expiry rules send to a scrap task (older instances never had such lots).
    if (scrapCandidates(state.receipt).length > 0 && patched('expiry-scrap-tasks')) {
      const context = { workflowId, orderNumber: input.orderNumber, slaMs: input.receiptSlaMinutes * 60_000 };
      await runScrapTasks(tasks, context, state.receipt, state.putaway);
    }
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
