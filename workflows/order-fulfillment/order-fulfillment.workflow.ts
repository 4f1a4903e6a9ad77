import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { createTaskBoard } from '../human-task';
import { creditStep } from './credit-step';
import { dispatch } from './dispatch-step';
import { fulfillment } from './fulfillment-proxies';
import { enter, openQuantity, timingOf, type FulfillmentContext } from './fulfillment-context';
import { registerOrderControls } from './order-controls';
import {
  getOrderStateQuery,
  ORDER_FULFILLMENT,
  type OrderFulfillmentInput,
  type OrderFulfillmentState,
} from './order-fulfillment.contract';
import { pickPhase } from './pick-step';

function initialState(orderNumber: string): OrderFulfillmentState {
  return {
    orderNumber,
    step: 'credit-check',
    customerCode: null,
    customerName: null,
    lines: [],
    ruleVersions: {},
    credit: null,
    allocations: [],
    round: 0,
    pickTaskId: null,
    pickedBy: null,
    staged: [],
    openByLine: {},
    backorderedSince: null,
    shipments: [],
    shipment: null,
    invoice: null,
    cancellation: null,
  };
}

/**
 * Order fulfillment from order to ledger: credit check (rules; a hold waits for a controller), allocation under
 * the pinned allocation rules, pick / pack / ship tasks, shipment at FIFO cost, invoice. An unfilled remainder
 * waits durably for a receipt to wake it (or times out); a cancel at any step before shipping runs the
 * compensations in reverse. Every activity is idempotent, keyed by this workflow's id and round.
 */
export async function orderFulfillment(input: OrderFulfillmentInput): Promise<OrderFulfillmentState> {
  const { workflowId, runId } = workflowInfo();
  const state = initialState(input.orderNumber);
  setHandler(getOrderStateQuery, () => state);
  const tasks = createTaskBoard();
  const identity = { workflowId, orderNumber: input.orderNumber };
  const decisive = { taskId: null as string | null };
  const controls = registerOrderControls(state, identity, () => tasks.isAccepted(decisive.taskId));
  const ctx: FulfillmentContext = {
    input,
    state,
    tasks,
    controls,
    workflowId,
    runId,
    decisive,
    timing: timingOf(input),
  };

  try {
    // Versions in force when the order starts decide it all the way through, whatever is published later.
    const allocation = await fulfillment.pinRuleVersion({ type: 'allocation' });
    if (allocation) state.ruleVersions.allocation = allocation;
    const credit = await creditStep(ctx);
    if (credit === 'rejected')
      return await finish(ctx, 'credit-rejected', 'order.credit-closed', 'credit not approved');
    while (credit === 'pass' && !controls.cancel) {
      const picked = await pickPhase(ctx);
      if (picked === 'cancelled') break;
      if (picked === 'staged') {
        if ((await dispatch(ctx)) === 'cancelled') break;
        if (openQuantity(state) <= 0) return await finish(ctx, 'completed');
        continue;
      }
      if (openQuantity(state) <= 0) return await finish(ctx, 'completed');
      if (!(await waitForStock(ctx))) {
        const step = state.shipments.length > 0 ? 'completed' : 'cancelled';
        return await finish(ctx, step, 'order.backorder-expired', 'backorder timed out');
      }
    }
    return await cancel(ctx);
  } catch (error) {
    // A failure nobody asked for: give back what is staged and reserved, record it, and fail visibly.
    if (state.staged.length > 0) {
      await fulfillment.returnStagedStock({ ...identity, staged: state.staged, userName: 'system' });
    }
    await fulfillment.releaseOrderReservations(identity);
    await fulfillment.recordProcessStep({
      workflowId,
      runId,
      processType: ORDER_FULFILLMENT,
      businessKey: input.orderNumber,
      step: state.step,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

/** Waits durably for a receipt of a missing item (a signal, not polling); false when the backorder times out. */
async function waitForStock(ctx: FulfillmentContext): Promise<boolean> {
  const seen = ctx.controls.arrivalsSeen;
  const changes = ctx.controls.changes;
  ctx.state.backorderedSince ??= new Date().toISOString();
  await enter(ctx, 'backordered');
  const woken = await condition(
    () => ctx.controls.arrivals !== seen || ctx.controls.cancel !== null || ctx.controls.changes !== changes,
    ctx.timing.backorderTimeoutMs,
  );
  if (woken) ctx.state.backorderedSince = null;
  return woken;
}

/** Compensations in reverse: staged stock back to its bins, then reservations released and the order closed. */
async function cancel(ctx: FulfillmentContext): Promise<OrderFulfillmentState> {
  const { state, workflowId, input } = ctx;
  const request = ctx.controls.cancel ?? { reason: 'cancelled', requestedBy: 'system' };
  state.cancellation = request;
  await enter(ctx, 'cancelling');
  if (state.staged.length > 0) {
    await fulfillment.returnStagedStock({
      workflowId,
      orderNumber: input.orderNumber,
      staged: state.staged,
      userName: request.requestedBy,
    });
    state.staged = [];
  }
  return finish(ctx, 'cancelled', 'order.cancelled', request.reason, request.requestedBy);
}

/** How the instance ends for each final step: the console's status says whether the order shipped or not. */
const OUTCOME = { completed: 'completed', cancelled: 'cancelled', 'credit-rejected': 'rejected' } as const;

/** Closes the order (releasing anything still held) unless it simply completed, and ends the instance. */
async function finish(
  ctx: FulfillmentContext,
  step: 'completed' | 'cancelled' | 'credit-rejected',
  action?: string,
  reason?: string,
  userName = 'system',
): Promise<OrderFulfillmentState> {
  if (action && reason) {
    await fulfillment.closeOrder({
      workflowId: ctx.workflowId,
      orderNumber: ctx.input.orderNumber,
      reason,
      userName,
      action,
    });
  }
  await enter(ctx, step, OUTCOME[step]);
  return ctx.state;
}
