import { patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { CURRENT_STEP } from '../search-attributes';
import { findPutawayProblem } from './putaway-validation';
import { findReceiptProblem } from './receipt-validation';
import { runScrapTasks, scrapCandidates, startRevaluations, wakeBackorders } from './receipt-followups';
import {
  getPurchaseReceiptStateQuery,
  PURCHASE_RECEIPT,
  type PurchaseReceiptInput,
  type PurchaseReceiptState,
  type PurchaseReceiptStep,
  type PutawayInstruction,
  type PutawayTaskPayload,
  type ReceivedLineInput,
} from './purchase-receipt.contract';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

const { loadPurchaseOrderForReceipt, receivePurchaseOrder, putAwayPurchaseOrder, recordProcessStep } =
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
    state.receiptTaskId = `${workflowId}:receipt`;
    const receipt = await tasks.run(
      {
        ...instance,
        candidateRole: 'clerk',
        taskId: state.receiptTaskId,
        taskType: 'goods-receipt',
        title: `Receive purchase order ${input.orderNumber} from ${order.supplierName}`,
        priority: 'normal',
        slaMs: input.receiptSlaMinutes * 60_000,
        formKind: 'goods-receipt',
        payload: { ...header },
        requiredFields: ['lines'],
      },
      // The receipt date is checked against the workflow's clock and the periods closed when the task was created.
      (payload) =>
        findReceiptProblem(order.lines, payload, { now: new Date().getTime(), openFrom: order.receiptOpenFrom }),
    );
    state.receivedBy = receipt.completedBy;

    await enter('receiving');
    const { receivedAt } = receipt.payload;
    state.receipt = await receivePurchaseOrder({
      workflowId,
      orderNumber: input.orderNumber,
      lines: receipt.payload.lines as ReceivedLineInput[],
      userName: receipt.completedBy,
      receivedAt: typeof receivedAt === 'string' && receivedAt !== '' ? receivedAt : receipt.completedAt,
      expiryRules: order.expiryRules,
    });
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
