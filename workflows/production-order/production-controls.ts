import { condition, patched, setHandler } from '@temporalio/workflow';
import { stockArrivedSignal } from '../order-fulfillment/order-fulfillment.contract';
import type { createTaskBoard } from '../human-task';
import type { HumanTaskSpec } from '../human-task.contract';
import {
  cancelProductionOrderSignal,
  dueDateChangedSignal,
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

/** The due date the escalation follows: the released one, then each rescheduling the planner signalled. */
interface DueSchedule {
  dueDate: string;
  /** Bumped by every accepted change, so a wait can tell that the date moved under it. */
  changes: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Registers the `dueDateChanged` signal (PATCH dueDate): a valid new date replaces the one the escalation waits for.
 * Registered once the order is released (a change sent earlier is delivered then; release read the row anyway).
 * Behind `patched('due-date-signal')`: a history recorded before the signal was handled ignored it, and still does.
 */
function followDueDate(releasedDueDate: string): DueSchedule {
  const schedule: DueSchedule = { dueDate: releasedDueDate, changes: 0 };
  setHandler(dueDateChangedSignal, (change) => {
    const dueDate = change?.dueDate;
    if (typeof dueDate !== 'string' || !ISO_DATE.test(dueDate) || Number.isNaN(dueAt(dueDate))) return;
    if (dueDate === schedule.dueDate || !patched('due-date-signal')) return;
    schedule.dueDate = dueDate;
    schedule.changes += 1;
  });
  return schedule;
}

/**
 * Waits for the due date; if it passes with work open, the planner gets a task (to reschedule or chase), withdrawn
 * when the order ends. A rescheduled due date re-arms the wait: an open overdue task is withdrawn when the new date is
 * ahead, and a new one (`<workflow>:overdue:<n>`) opens if that date passes too. Runs beside the order's steps;
 * resolves once the order has ended.
 */
export async function escalateWhenLate(
  tasks: ReturnType<typeof createTaskBoard>,
  order: ReleasedOrder,
  state: ProductionOrderState,
  context: { workflowId: string; slaMs: number },
  ended: () => boolean,
): Promise<void> {
  const schedule = followDueDate(order.dueDate);
  const ahead = () => dueAt(schedule.dueDate) > new Date().getTime();
  for (let round = 1; ;) {
    const seen = schedule.changes;
    const late = dueAt(schedule.dueDate) - new Date().getTime();
    if (late > 0) {
      await condition(() => ended() || schedule.changes !== seen, late);
      if (ended()) return;
      if (schedule.changes !== seen) continue; // rescheduled before the date passed: wait for the new one
    }
    if (ended()) return;
    state.escalated = true;
    const outcome = await tasks.runUntil(overdueTask(order, schedule.dueDate, state, context, round), () => undefined, {
      interruptWhen: () => ended() || ahead(),
    });
    round += 1;
    if (ended()) return;
    if (outcome.kind === 'completed') {
      // The planner answered; ask again only once a rescheduled date has passed too.
      const answered = schedule.changes;
      await condition(() => ended() || schedule.changes !== answered);
      if (ended()) return;
    } else {
      state.escalated = false; // withdrawn: the order is on time again
    }
  }
}

/** The planner's overdue task; the first keeps the id it always had, later ones are numbered. */
function overdueTask(
  order: ReleasedOrder,
  dueDate: string,
  state: ProductionOrderState,
  context: { workflowId: string; slaMs: number },
  round: number,
): HumanTaskSpec {
  return {
    processType: 'production-order',
    businessKey: order.orderNumber,
    candidateRole: 'planner',
    taskId: round === 1 ? `${context.workflowId}:overdue` : `${context.workflowId}:overdue:${round}`,
    taskType: 'production-overdue',
    title: `Production order ${order.orderNumber} (${order.quantity} x ${order.itemSku}) is past its due date ${dueDate} with work open`,
    priority: 'high',
    slaMs: context.slaMs,
    formKind: 'production-overdue',
    payload: {
      orderNumber: order.orderNumber,
      itemSku: order.itemSku,
      dueDate,
      step: state.step,
      completedQuantity: state.completedQuantity,
    },
    requiredFields: [],
  };
}
