import { patched, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { createTaskBoard } from '../human-task';
import { purchaseInspectionLines, startInspections } from '../quality-inspection/start-inspections';
import { findPutawayProblem } from './putaway-validation';
import { receiveDelivery, type ReceiptStepContext } from './receipt-step';
import { runScrapTasks, scrapCandidates, startRevaluations, wakeBackorders } from './receipt-followups';
import {
  PURCHASE_RECEIPT,
  type CloseShortRequest,
  type PurchaseOrderForReceipt,
  type PurchaseReceiptInput,
  type PutawayInstruction,
  type PutawayResult,
  type PutawayTaskPayload,
  type QuantityReopened,
  type ReceiptResult,
} from './purchase-receipt.contract';

const { loadPurchaseOrderForReceipt, putAwayPurchaseOrder, closePurchaseOrderShort } = proxyActivities<
  ReturnType<typeof createActivities>
>({ startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } });

/** What the delivery loop needs from the workflow around it. */
export interface DeliveriesContext extends Omit<ReceiptStepContext, 'orderNumber' | 'slaMs'> {
  /** The close-short request, once the signal has come. */
  closeRequest: () => CloseShortRequest | null;
  /**
   * The order as last loaded: a supplier return's `quantityReopened` widens its lines' limits and marks `reopened`,
   * so a run about to finish reads the order once more instead of stranding the reopened quantity.
   */
  current: { order: PurchaseOrderForReceipt | null; reopened?: boolean };
}

/**
 * As many deliveries as the supplier makes: the order is re-read before each (a return may have reopened lines), a
 * goods-receipt task per delivery posts it (its own moves and idempotency keys), a putaway task per delivery puts it
 * away, waiting backorders are woken; until every line is received or the order is closed short (the open receipt
 * task is withdrawn). Scrap tasks of near-expiry lots run beside the next deliveries.
 */
export async function receiveDeliveries(
  tasks: ReturnType<typeof createTaskBoard>,
  input: PurchaseReceiptInput,
  context: DeliveriesContext,
): Promise<void> {
  const { workflowId, state, enter } = context;
  const { orderNumber } = input;
  const scrapping: Array<Promise<unknown>> = [];
  // A late reopen calls this again on the same run: the deliveries so far stay.
  state.deliveries ??= [];
  for (;;) {
    const order = await loadPurchaseOrderForReceipt({ orderNumber, deliveries: true });
    const { putawayLocations, ...header } = order;
    Object.assign(state, header);
    context.current.order = order;
    const receiving = order.status === 'open' || order.status === 'partly-received';
    if (!receiving || !order.lines.some((line) => (line.openQuantity ?? 0) > 0)) {
      if (!context.current.reopened || context.closeRequest() !== null) break;
      context.current.reopened = false;
      continue;
    }
    const deliveryNo = order.deliveryNo ?? state.deliveries.length + 1;
    if (context.closeRequest() !== null) break;
    await enter('awaiting-receipt');
    const slaMs = input.receiptSlaMinutes * 60_000;
    const interruptWhen = () => context.closeRequest() !== null;
    const step = { workflowId, orderNumber, slaMs, state, enter };
    // Instances started before the quality gate (no `quality-gate` marker) receive everything as available.
    const qualityGate = patched('quality-gate');
    const receipt = await receiveDelivery(tasks, step, order, { deliveryNo, interruptWhen, qualityGate });
    if (!receipt) break;
    state.receipt = receipt;
    const jobs = receipt.revaluationJobIds ?? [];
    if (jobs.length > 0) await startRevaluations(jobs);
    state.putaway = await putAwayDelivery(tasks, input, context, { deliveryNo, receipt, putawayLocations });
    state.deliveries.push({ deliveryNo, receivedBy: state.receivedBy ?? '', receipt, putaway: state.putaway });
    if (qualityGate) {
      const context = {
        workflowId,
        orderNumber,
        deliveryNo,
        supplierCode: state.supplierCode,
        userName: state.putAwayBy ?? input.requestedBy,
      };
      // A line whose lot cannot be opened becomes a retry task; the receipt goes on and awaits it before it finishes.
      const retryDesk = { tasks, processType: PURCHASE_RECEIPT, businessKey: orderNumber, pending: scrapping };
      await startInspections(purchaseInspectionLines(receipt, state.putaway, context), input.requestedBy, {
        retryDesk,
      });
    }
    await wakeBackorders(receipt.lines.map((line) => line.itemSku));
    if (scrapCandidates(receipt).length > 0) {
      // Delivery 1 keeps the single receipt's scrap keys; later deliveries carry their number.
      const scrapId = deliveryNo === 1 ? workflowId : `${workflowId}:d${deliveryNo}`;
      scrapping.push(runScrapTasks(tasks, { workflowId: scrapId, orderNumber, slaMs }, receipt, state.putaway));
    }
  }
  const close = context.closeRequest();
  if (close !== null) {
    await enter('closing-short');
    await closePurchaseOrderShort({ workflowId, orderNumber, reason: close.reason, userName: close.closedBy });
    state.closedShort = close;
  }
  await Promise.all(scrapping);
}

/** The putaway task of one delivery and its transfers from the dock into the bins the clerk chose. */
async function putAwayDelivery(
  tasks: ReturnType<typeof createTaskBoard>,
  input: PurchaseReceiptInput,
  context: DeliveriesContext,
  delivery: { deliveryNo: number; receipt: ReceiptResult; putawayLocations: string[] },
): Promise<PutawayResult> {
  const { workflowId, state, enter } = context;
  const { deliveryNo, receipt } = delivery;
  await enter('awaiting-putaway');
  const putawayTask: PutawayTaskPayload = {
    orderNumber: input.orderNumber,
    warehouseCode: state.warehouseCode ?? '',
    dockLocation: receipt.dockLocation,
    lines: receipt.lines,
    locations: delivery.putawayLocations,
  };
  state.putawayTaskId = deliveryNo === 1 ? `${workflowId}:putaway` : `${workflowId}:putaway-d${deliveryNo}`;
  const suffix = deliveryNo === 1 ? '' : ` (delivery ${deliveryNo})`;
  const putaway = await tasks.run(
    {
      processType: PURCHASE_RECEIPT,
      businessKey: input.orderNumber,
      candidateRole: 'clerk',
      taskId: state.putawayTaskId,
      taskType: 'putaway',
      title: `Put away purchase order ${input.orderNumber} from ${receipt.dockLocation}${suffix}`,
      priority: 'normal',
      slaMs: input.putawaySlaMinutes * 60_000,
      formKind: 'putaway',
      payload: { ...putawayTask, deliveryNo },
      requiredFields: ['lines'],
    },
    (payload) => findPutawayProblem(putawayTask, payload),
  );
  state.putAwayBy = putaway.completedBy;
  await enter('putting-away');
  return putAwayPurchaseOrder({
    workflowId,
    orderNumber: input.orderNumber,
    instructions: putaway.payload.lines as PutawayInstruction[],
    userName: putaway.completedBy,
    deliveryNo,
  });
}

/** A supplier return reopened these lines: the order as last loaded may receive that much more. */
export function widenLimits(order: PurchaseOrderForReceipt | null, reopened: QuantityReopened): void {
  for (const { lineNo, quantity } of reopened.lines ?? []) {
    const line = order?.lines.find((candidate) => candidate.lineNo === lineNo);
    if (!line || !(quantity > 0)) continue;
    line.openQuantity = (line.openQuantity ?? 0) + quantity;
    line.maxQuantity = (line.maxQuantity ?? line.orderedQuantity) + quantity;
    line.receivedQuantity = Math.max(0, (line.receivedQuantity ?? 0) - quantity);
  }
}

/** The `quantityReopened` handler: widen the open task's limits and have the loop read the order again. */
export function onQuantityReopened(current: DeliveriesContext['current'], reopened: QuantityReopened): void {
  current.reopened = true;
  widenLimits(current.order, reopened);
}
