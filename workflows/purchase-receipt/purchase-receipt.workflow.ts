import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { createTaskBoard } from '../human-task';
import { processSteps } from '../process-steps';
import { onQuantityReopened, receiveDeliveries, type DeliveriesContext } from './receive-deliveries';
import { receiveOnce } from './receive-once';
import {
  closeShortSignal,
  getPurchaseReceiptStateQuery,
  PURCHASE_RECEIPT,
  quantityReopenedSignal,
  type CloseShortRequest,
  type PurchaseReceiptInput,
  type PurchaseReceiptState,
  type PurchaseReceiptStep,
} from './purchase-receipt.contract';

/**
 * Purchase receipt: as many deliveries as the supplier makes. Per delivery a clerk records what arrived (quantities,
 * lots, dates, when it arrived; each line up to its open quantity plus the over-delivery tolerance) -> the delivery
 * posts at the warehouse's dock at that time (FIFO layers, Inventory / GRNI; expired lots blocked) -> a clerk puts it
 * away into bins -> the transfers post -> waiting backorders are woken; until every line is received or the order is
 * closed short (`closeShort` signal: the open receipt task is withdrawn). Each posting is one transaction and
 * idempotent per workflow and delivery, so there is nothing to compensate: a failure leaves the stock where it
 * physically is and is recorded on the instance. Instances started before deliveries (no `po-deliveries` marker)
 * run their single receipt (receive-once.ts).
 */
export async function purchaseReceipt(input: PurchaseReceiptInput): Promise<PurchaseReceiptState> {
  const { workflowId } = workflowInfo();
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
  let closeRequest: CloseShortRequest | null = null;
  const current: DeliveriesContext['current'] = { order: null };
  setHandler(closeShortSignal, (request) => {
    closeRequest ??= request;
  });
  setHandler(quantityReopenedSignal, (reopened) => onQuantityReopened(current, reopened));

  const { enter, run } = processSteps<PurchaseReceiptStep>(instance, state);

  return run(async () => {
    await enter('awaiting-receipt');
    if (!patched('po-deliveries')) {
      await receiveOnce(tasks, input, { workflowId, state, enter });
      await enter('completed', 'completed');
      return state;
    }
    // A supplier return signalled after the last delivery (while scrap tasks or the completion were still awaited)
    // reached this run, not a new one: receive it here instead of finishing without it. Runs from before the
    // `late-reopen` marker finished as they did.
    const lateReopen = () => {
      if (!current.reopened || closeRequest !== null || !patched('late-reopen')) return false;
      current.reopened = false;
      return true;
    };
    for (;;) {
      await receiveDeliveries(tasks, input, { workflowId, state, enter, closeRequest: () => closeRequest, current });
      if (lateReopen()) continue;
      await enter('completed', 'completed');
      if (!lateReopen()) return state;
    }
  });
}
