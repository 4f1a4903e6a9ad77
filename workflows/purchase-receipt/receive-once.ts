import { patched, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { createTaskBoard } from '../human-task';
import { findPutawayProblem } from './putaway-validation';
import { receiveGoods, type ReceiptStepContext } from './receipt-step';
import { runScrapTasks, scrapCandidates, startRevaluations, wakeBackorders } from './receipt-followups';
import {
  PURCHASE_RECEIPT,
  type PurchaseReceiptInput,
  type PutawayInstruction,
  type PutawayTaskPayload,
} from './purchase-receipt.contract';

const { loadPurchaseOrderForReceipt, putAwayPurchaseOrder } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/**
 * The receipt as instances started before deliveries run it (no `po-deliveries` marker): one goods-receipt task,
 * one posting that marks the order received, one putaway, backorders woken, scrap tasks. Kept verbatim so their
 * recorded histories replay.
 */
export async function receiveOnce(
  tasks: ReturnType<typeof createTaskBoard>,
  input: PurchaseReceiptInput,
  context: Omit<ReceiptStepContext, 'orderNumber' | 'slaMs'>,
): Promise<void> {
  const { workflowId, state, enter } = context;
  const instance = { processType: PURCHASE_RECEIPT, businessKey: input.orderNumber };
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
    const scrapContext = { workflowId, orderNumber: input.orderNumber, slaMs: input.receiptSlaMinutes * 60_000 };
    await runScrapTasks(tasks, scrapContext, state.receipt, state.putaway);
  }
}
