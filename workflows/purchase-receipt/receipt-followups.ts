import {
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { createTaskBoard } from '../human-task';
import { stockArrivedSignal } from '../order-fulfillment/order-fulfillment.contract';
import { INVENTORY_REVALUATION, revaluationWorkflowId } from '../revaluation/revaluation.contract';
import { BUSINESS_KEY, CURRENT_STEP, PROCESS_TYPE } from '../search-attributes';
import { PURCHASE_RECEIPT, type PutawayResult, type ReceiptResult } from './purchase-receipt.contract';

/** Postings a queued re-valuation replays per chunk (the API's REVALUATION_CHUNK_SIZE). */
const REVALUATION_CHUNK_SIZE = 250;

const { findBackorderedOrders, productionOrdersAwaitingStock, scrapReceivedLot } = proxyActivities<
  ReturnType<typeof createActivities>
>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/** Starts each queued re-valuation as its own instance, left running when the receipt completes. */
export async function startRevaluations(jobIds: number[]): Promise<void> {
  for (const jobId of jobIds) {
    await startChild('inventoryRevaluation', {
      workflowId: revaluationWorkflowId(jobId),
      args: [{ jobId, chunkSize: REVALUATION_CHUNK_SIZE }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: PROCESS_TYPE, value: INVENTORY_REVALUATION },
        { key: BUSINESS_KEY, value: `REVAL-${jobId}` },
        { key: CURRENT_STEP, value: 'started' },
      ],
    });
  }
}

/** Received lines whose lot the expiry rules send to a scrap task (near expiry on arrival). */
export function scrapCandidates(receipt: ReceiptResult) {
  return receipt.lines.filter((line) => line.expiryAction?.action === 'scrap-task' && line.lotCode !== null);
}

/**
 * One scrap task per such lot on the shared task board (a clerk's decision, since the stock is physically there):
 * completed with `scrap: true` the lot is scrapped from its bin (what is still free of it), with `false` it stays.
 */
export async function runScrapTasks(
  tasks: ReturnType<typeof createTaskBoard>,
  context: { workflowId: string; orderNumber: string; slaMs: number },
  receipt: ReceiptResult,
  putaway: PutawayResult,
): Promise<void> {
  await Promise.all(
    scrapCandidates(receipt).map(async (line) => {
      const location = putaway.moves.find((move) => move.lineNo === line.lineNo)?.toLocation ?? receipt.dockLocation;
      const payload = { orderNumber: context.orderNumber, ...line, location };
      const completion = await tasks.run(
        {
          processType: PURCHASE_RECEIPT,
          businessKey: context.orderNumber,
          candidateRole: 'clerk',
          taskId: `${context.workflowId}:expiry-scrap:${line.lineNo}`,
          taskType: 'expiry-scrap',
          title: `Scrap lot ${line.lotCode} of ${line.itemSku} (expires ${line.expiresOn}) in ${location}?`,
          priority: 'high',
          slaMs: context.slaMs,
          formKind: 'expiry-scrap',
          payload,
          requiredFields: ['scrap'],
        },
        (answer) => (typeof answer.scrap === 'boolean' ? undefined : 'payload.scrap must be true or false'),
      );
      if (completion.payload.scrap !== true) return;
      await scrapReceivedLot({
        workflowId: context.workflowId,
        orderNumber: context.orderNumber,
        lineNo: line.lineNo,
        itemSku: line.itemSku,
        lotCode: line.lotCode ?? '',
        location,
        quantity: line.quantity,
        userName: completion.completedBy,
      });
    }),
  );
}

/**
 * Tells every order waiting on a backorder for one of these items that stock has arrived, and every production
 * order whose kit waits for one of them: a signal, so waiting orders sleep without polling. A vanished order
 * (finished meanwhile) is not an error. Receipts recorded before production orders existed never asked for them.
 */
export async function wakeBackorders(itemSkus: string[]): Promise<void> {
  const waiting = await findBackorderedOrders({ itemSkus: [...new Set(itemSkus)] });
  if (patched('wake-production-orders')) {
    waiting.push(...(await productionOrdersAwaitingStock({ itemSkus: [...new Set(itemSkus)] })));
  }
  await Promise.all(
    waiting.map((workflowId) =>
      getExternalWorkflowHandle(workflowId)
        .signal(stockArrivedSignal, { itemSkus })
        .catch(() => undefined),
    ),
  );
}
