import { upsertSearchAttributes } from '@temporalio/workflow';
import type { createTaskBoard } from '../human-task';
import { CURRENT_STEP } from '../search-attributes';
import { fulfillment } from './fulfillment-proxies';
import type { OrderControls } from './order-controls';
import {
  FULFILLMENT_DEFAULTS,
  ORDER_FULFILLMENT,
  type OrderFulfillmentInput,
  type OrderFulfillmentState,
  type OrderFulfillmentStep,
} from './order-fulfillment.contract';

/** What every step of one order's run shares: its input, state, task board, controls and identity. */
export interface FulfillmentContext {
  input: OrderFulfillmentInput;
  state: OrderFulfillmentState;
  tasks: ReturnType<typeof createTaskBoard>;
  controls: OrderControls;
  workflowId: string;
  runId: string;
  /** The task whose accepted completion commits the order (the pick, the ship confirmation): while it is being
   * processed, cancels and changes are refused. */
  decisive: { taskId: string | null };
  /** Minutes -> milliseconds for the optional timings, with their defaults. */
  timing: { creditApprovalMs: number; backorderTimeoutMs: number; renewMs: number; dispatchSlaMs: number };
}

export function timingOf(input: OrderFulfillmentInput): FulfillmentContext['timing'] {
  const minutes = 60_000;
  return {
    creditApprovalMs: (input.creditApprovalMinutes ?? FULFILLMENT_DEFAULTS.creditApprovalMinutes) * minutes,
    backorderTimeoutMs: (input.backorderTimeoutMinutes ?? FULFILLMENT_DEFAULTS.backorderTimeoutMinutes) * minutes,
    renewMs: (input.reservationRenewMinutes ?? FULFILLMENT_DEFAULTS.reservationRenewMinutes) * minutes,
    dispatchSlaMs: (input.dispatchSlaMinutes ?? input.pickSlaMinutes) * minutes,
  };
}

/** Moves the instance to a step: state, the console's search attribute and the process projection. */
export async function enter(
  ctx: FulfillmentContext,
  step: OrderFulfillmentStep,
  status: 'running' | 'completed' | 'cancelled' | 'rejected' = 'running',
): Promise<void> {
  ctx.state.step = step;
  upsertSearchAttributes([{ key: CURRENT_STEP, value: step }]);
  await fulfillment.recordProcessStep({
    workflowId: ctx.workflowId,
    runId: ctx.runId,
    processType: ORDER_FULFILLMENT,
    businessKey: ctx.input.orderNumber,
    step,
    status,
  });
}

/** Renews the order's reservations while it waits for people, so they never lapse under a slow clerk. */
export function renewal(ctx: FulfillmentContext) {
  return {
    everyMs: ctx.timing.renewMs,
    run: async () => {
      await fulfillment.renewOrderReservations({ workflowId: ctx.workflowId });
    },
  };
}

/** Quantity still to ship over all lines. */
export function openQuantity(state: OrderFulfillmentState): number {
  return Object.values(state.openByLine).reduce((sum, quantity) => sum + quantity, 0);
}
