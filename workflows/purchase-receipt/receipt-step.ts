import { ActivityFailure, ApplicationFailure, patched, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { createTaskBoard } from '../human-task';
import type { HumanTaskSpec } from '../human-task.contract';
import {
  PURCHASE_RECEIPT,
  type PurchaseOrderForReceipt,
  type PurchaseReceiptState,
  type PurchaseReceiptStep,
  type ReceiptResult,
  type ReceivedLineInput,
} from './purchase-receipt.contract';
import { findReceiptProblem, receiptDateProblem } from './receipt-validation';

const { receivePurchaseOrder, loadReceiptOpenFrom } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/**
 * The books' refusals that mean "that date lies in a period that takes no receipt" (closed, soft-locked for its close,
 * beyond the posting horizon): the clerk can correct the date.
 */
const PERIOD_REFUSALS = ['PERIOD_CLOSED', 'PERIOD_BEFORE_CLOSED', 'PERIOD_SOFT_LOCKED', 'PERIOD_BEYOND_HORIZON'];

/** The books' message when the posting was refused for its period, else undefined (any other failure stays fatal). */
export function periodRefusal(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const detail = cause.details?.[0] as { code?: unknown } | undefined;
  const code = cause.type === 'POSTING_REJECTED' ? detail?.code : cause.type;
  return typeof code === 'string' && PERIOD_REFUSALS.includes(code) ? cause.message : undefined;
}

/** What the receipt step needs from the workflow around it. */
export interface ReceiptStepContext {
  workflowId: string;
  orderNumber: string;
  slaMs: number;
  state: PurchaseReceiptState;
  enter: (step: PurchaseReceiptStep) => Promise<void>;
}

/** One delivery of several: its number and the close-short request that withdraws its task while it is open. */
export interface DeliveryContext {
  deliveryNo: number;
  interruptWhen: () => boolean;
  /** Quality gate (issue 16): items with an inspection plan land in quarantine. */
  qualityGate?: boolean;
}

/** Delivery 1 keeps the single receipt's task ids; later deliveries carry their number. */
function receiptTaskId(workflowId: string, attempt: number, deliveryNo: number | undefined): string {
  const base =
    deliveryNo === undefined || deliveryNo === 1 ? `${workflowId}:receipt` : `${workflowId}:receipt-d${deliveryNo}`;
  return attempt === 1 ? base : `${base}:${attempt}`;
}

/**
 * The goods-receipt task and its posting. The date is checked against the periods closed when the task opened (the
 * validator: no I/O) and, since a controller may close a period while the task is open, against the books as they
 * stand when the clerk confirms (an activity in the update handler: a refusal reaches the clerk as a 400 naming
 * payload.receivedAt, the task stays open). Should a close still slip in between that check and the posting, the
 * books' refusal re-opens the task with the reason instead of failing the receipt. Instances started before this
 * (no `receipt-period-recheck` marker) keep their one task and one posting.
 */
export async function receiveGoods(
  tasks: ReturnType<typeof createTaskBoard>,
  context: ReceiptStepContext,
  order: PurchaseOrderForReceipt,
): Promise<ReceiptResult> {
  const receipt = await receiveDelivery(tasks, context, order);
  if (!receipt) throw new Error(`receipt of ${context.orderNumber} ended without completion`);
  return receipt;
}

/**
 * The goods-receipt task of one delivery and its posting (see receiveGoods); with a delivery context the task is
 * withdrawn when the order is closed short meanwhile (null), and the posting is that delivery's.
 */
export async function receiveDelivery(
  tasks: ReturnType<typeof createTaskBoard>,
  context: ReceiptStepContext,
  order: PurchaseOrderForReceipt,
  delivery?: DeliveryContext,
): Promise<ReceiptResult | null> {
  const { workflowId, orderNumber, state } = context;
  const header: Partial<PurchaseOrderForReceipt> = { ...order };
  delete header.putawayLocations; // the putaway task's business, not the clerk's at the dock
  const recheck = patched('receipt-period-recheck');
  let openFrom = order.receiptOpenFrom;
  let refusal: string | undefined;
  const confirm = async (payload: Record<string, unknown>) => {
    if (payload.receivedAt === undefined || payload.receivedAt === null || payload.receivedAt === '') return undefined;
    openFrom = await loadReceiptOpenFrom();
    return receiptDateProblem(payload.receivedAt, { now: new Date().getTime(), openFrom });
  };
  for (let attempt = 1; ; attempt += 1) {
    state.receiptTaskId = receiptTaskId(workflowId, attempt, delivery?.deliveryNo);
    const spec: HumanTaskSpec = {
      processType: PURCHASE_RECEIPT,
      businessKey: orderNumber,
      candidateRole: 'clerk',
      taskId: state.receiptTaskId,
      taskType: 'goods-receipt',
      title:
        delivery === undefined || delivery.deliveryNo === 1
          ? `Receive purchase order ${orderNumber} from ${order.supplierName}`
          : `Receive purchase order ${orderNumber} from ${order.supplierName} (delivery ${delivery.deliveryNo})`,
      priority: refusal === undefined ? 'normal' : 'high',
      slaMs: context.slaMs,
      formKind: 'goods-receipt',
      payload:
        refusal === undefined
          ? { ...header }
          : { ...header, receiptOpenFrom: openFrom, refusal, refusalField: 'payload.receivedAt' },
      requiredFields: ['lines'],
    };
    // The workflow's clock and the periods closed as last read (when the task opened, or at the last confirmation).
    const validate = (payload: Record<string, unknown>) =>
      findReceiptProblem(order.lines, payload, { now: new Date().getTime(), openFrom });
    const options = recheck ? { confirm } : {};
    let receipt;
    if (delivery === undefined) receipt = await tasks.run(spec, validate, options);
    else {
      const outcome = await tasks.runUntil(spec, validate, { ...options, interruptWhen: delivery.interruptWhen });
      if (outcome.kind !== 'completed') return null;
      receipt = outcome.completion;
    }
    state.receivedBy = receipt.completedBy;
    await context.enter('receiving');
    const { receivedAt } = receipt.payload;
    try {
      return await receivePurchaseOrder({
        workflowId,
        orderNumber,
        lines: receipt.payload.lines as ReceivedLineInput[],
        userName: receipt.completedBy,
        receivedAt: typeof receivedAt === 'string' && receivedAt !== '' ? receivedAt : receipt.completedAt,
        expiryRules: order.expiryRules,
        ...(delivery === undefined ? {} : { deliveryNo: delivery.deliveryNo }),
        ...(delivery?.qualityGate === true ? { qualityGate: true } : {}),
      });
    } catch (error) {
      const reason = recheck ? periodRefusal(error) : undefined;
      if (reason === undefined) throw error;
      refusal = `The books refused the receipt: ${reason}. Record it again with a date in an open period.`;
      openFrom = await loadReceiptOpenFrom();
      await context.enter('awaiting-receipt');
    }
  }
}
