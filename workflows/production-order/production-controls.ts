import { condition, setHandler } from '@temporalio/workflow';
import { stockArrivedSignal } from '../order-fulfillment/order-fulfillment.contract';
import type { createTaskBoard } from '../human-task';
import {
  cancelProductionOrderSignal,
  type ProductionOrderState,
  type ReleasedOrder,
} from './production-order.contract';
import type { ProductionControls } from './production-proxies';

/** Steps after which a cancel is no longer honoured (the order is being closed or already ended). */
const PAST_CANCEL = new Set(['closing', 'closed', 'cancelling', 'cancelled']);

/**
 * Registers the `cancel` signal (the first request counts; ignored once goods were received or the order ends: the
 * API answers 409 for those) and the receipts' `stockArrived` signal that wakes a waiting kit.
 */
export function registerProductionControls(state: ProductionOrderState): ProductionControls {
  const controls: ProductionControls = { cancel: null, arrivals: 0 };
  setHandler(cancelProductionOrderSignal, (request) => {
    if (controls.cancel || PAST_CANCEL.has(state.step) || state.completedQuantity > 0) return;
    const reason = typeof request?.reason === 'string' && request.reason.trim() !== '' ? request.reason : 'cancelled';
    controls.cancel = { reason, by: typeof request?.by === 'string' ? request.by : 'unknown' };
  });
  setHandler(stockArrivedSignal, () => {
    controls.arrivals += 1;
  });
  return controls;
}

/** The due date's end (UTC): the order is late from then on. */
export function dueAt(dueDate: string): number {
  return Date.parse(`${dueDate}T00:00:00Z`) + 24 * 60 * 60 * 1000;
}

/**
 * Waits for the due date; if it passes with work open, the planner gets a task (to reschedule or chase), withdrawn
 * when the order ends. Runs beside the order's steps; resolves once the order has ended.
 */
export async function escalateWhenLate(
  tasks: ReturnType<typeof createTaskBoard>,
  order: ReleasedOrder,
  state: ProductionOrderState,
  context: { workflowId: string; slaMs: number },
  ended: () => boolean,
): Promise<void> {
  const late = dueAt(order.dueDate) - new Date().getTime();
  if (late > 0 && (await condition(ended, late))) return;
  if (ended()) return;
  state.escalated = true;
  await tasks.runUntil(
    {
      processType: 'production-order',
      businessKey: order.orderNumber,
      candidateRole: 'planner',
      taskId: `${context.workflowId}:overdue`,
      taskType: 'production-overdue',
      title: `Production order ${order.orderNumber} (${order.quantity} x ${order.itemSku}) is past its due date ${order.dueDate} with work open`,
      priority: 'high',
      slaMs: context.slaMs,
      formKind: 'production-overdue',
      payload: {
        orderNumber: order.orderNumber,
        itemSku: order.itemSku,
        dueDate: order.dueDate,
        step: state.step,
        completedQuantity: state.completedQuantity,
      },
      requiredFields: [],
    },
    () => undefined,
    { interruptWhen: ended },
  );
}
