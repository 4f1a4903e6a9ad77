import { patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { CURRENT_STEP } from '../search-attributes';
import { findPickProblem } from './pick-validation';
import {
  getOrderStateQuery,
  ORDER_FULFILLMENT,
  type ConfirmedPick,
  type OrderFulfillmentInput,
  type OrderFulfillmentState,
  type OrderFulfillmentStep,
} from './order-fulfillment.contract';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

const {
  pinRuleVersion,
  reserveOrderStock,
  postOrderShipment,
  invoiceOrder,
  recordProcessStep,
  releaseOrderReservations,
} = proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/**
 * Order fulfillment, thin slice: reserve stock (oldest receipt first), ask a clerk to pick, post the shipment
 * as stock moves (COGS at FIFO cost), invoice what shipped (receivable / revenue), complete. Every activity is idempotent, keyed by this workflow's id.
 */
export async function orderFulfillment(input: OrderFulfillmentInput): Promise<OrderFulfillmentState> {
  const { workflowId, runId } = workflowInfo();
  const state: OrderFulfillmentState = {
    orderNumber: input.orderNumber,
    step: 'reserving',
    customerCode: null,
    customerName: null,
    lines: [],
    ruleVersions: {},
    pickTaskId: null,
    pickedBy: null,
    shipment: null,
    invoice: null,
  };
  setHandler(getOrderStateQuery, () => state);
  const tasks = createTaskBoard();

  const enter = async (step: OrderFulfillmentStep, status: 'running' | 'completed' = 'running') => {
    state.step = step;
    upsertSearchAttributes([{ key: CURRENT_STEP, value: step }]);
    await recordProcessStep({
      workflowId,
      runId,
      processType: ORDER_FULFILLMENT,
      businessKey: input.orderNumber,
      step,
      status,
    });
  };

  try {
    await enter('reserving');
    // Instances started before allocation rules existed keep allocating oldest-receipt-first on replay.
    if (patched('allocation-rules')) {
      const pin = await pinRuleVersion({ type: 'allocation' });
      if (pin) state.ruleVersions.allocation = pin;
    }
    const reservation = await reserveOrderStock({
      workflowId,
      orderNumber: input.orderNumber,
      allocationRules: state.ruleVersions.allocation ?? null,
    });
    Object.assign(state, reservation);
    if (state.lines.every((line) => line.picks.length === 0)) {
      await enter('nothing-to-ship', 'completed');
      return state;
    }

    await enter('awaiting-pick');
    state.pickTaskId = `${workflowId}:pick`;
    const completion = await tasks.run(
      {
        taskId: state.pickTaskId,
        taskType: 'pick',
        title: `Pick order ${input.orderNumber}`,
        processType: ORDER_FULFILLMENT,
        businessKey: input.orderNumber,
        candidateRole: 'clerk',
        priority: 'normal',
        slaMs: input.pickSlaMinutes * 60_000,
        formKind: 'pick-confirmation',
        payload: { orderNumber: input.orderNumber, ...reservation },
        requiredFields: ['picks'],
      },
      (payload) => findPickProblem(state.lines, payload),
    );
    state.pickedBy = completion.completedBy;

    await enter('shipping');
    state.shipment = await postOrderShipment({
      workflowId,
      orderNumber: input.orderNumber,
      picks: completion.payload.picks as ConfirmedPick[],
      userName: completion.completedBy,
    });
    await enter('invoicing');
    state.invoice = await invoiceOrder({ workflowId, orderNumber: input.orderNumber, userName: input.requestedBy });
    await enter('completed', 'completed');
    return state;
  } catch (error) {
    // Compensation: whatever is still reserved goes back to free stock, then the failure is recorded.
    await releaseOrderReservations({ workflowId, orderNumber: input.orderNumber });
    await recordProcessStep({
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
