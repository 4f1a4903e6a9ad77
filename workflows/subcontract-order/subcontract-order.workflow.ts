import { setHandler, workflowInfo } from '@temporalio/workflow';
import { createTaskBoard } from '../human-task';
import { processSteps } from '../process-steps';
import { receiveDeliveries, settleTheRest } from './delivery-steps';
import { sendComponents } from './send-step';
import {
  cancelSubcontractOrderSignal,
  getSubcontractOrderStateQuery,
  SUBCONTRACT_ORDER,
  type SubcontractOrderInput,
  type SubcontractOrderState,
  type SubcontractOrderStep,
} from './subcontract-order.contract';
import { orderTitle, showOrder, subcontracting, type SubcontractContext } from './subcontract-proxies';

/** Steps in which a cancel is still honoured: nothing has been sent yet. */
const CANCELLABLE = new Set<SubcontractOrderStep>(['awaiting-approval', 'reserving', 'send-pick']);

/**
 * Subcontract order: a planner approves (reject: cancelled; the consumption rules are decided and pinned) -> our
 * components are reserved, picked and transferred into the supplier's site (status at-supplier) -> one supplier-receipt
 * task per delivery until the finished quantity is in (each consuming components by the pinned rules and receiving the
 * goods at components' cost + fee; through the quality gate an inspected item lands in quarantine with its inspection
 * lot, the order waits for its lots and asks again for what the gate sent back to the supplier) -> what is still at
 * the supplier is returned or scrapped -> closed. A `cancel` signal before anything is sent withdraws the open task
 * and ends the process cancelled.
 */
export async function subcontractOrder(input: SubcontractOrderInput): Promise<SubcontractOrderState> {
  const { workflowId } = workflowInfo();
  const state: SubcontractOrderState = {
    orderNumber: input.orderNumber,
    step: 'awaiting-approval',
    taskId: null,
    approvedBy: null,
    consumption: null,
    components: [],
    delivered: 0,
    deliveries: [],
    refusal: null,
    cancelReason: null,
  };
  setHandler(getSubcontractOrderStateQuery, () => state);
  const controls: SubcontractContext['controls'] = { cancel: null };
  setHandler(cancelSubcontractOrderSignal, (request) => {
    if (controls.cancel || !CANCELLABLE.has(state.step)) return;
    const reason = typeof request?.reason === 'string' && request.reason.trim() !== '' ? request.reason : 'cancelled';
    controls.cancel = { reason, by: typeof request?.by === 'string' ? request.by : 'unknown' };
  });
  const tasks = createTaskBoard();
  const steps = processSteps<SubcontractOrderStep>(
    { processType: SUBCONTRACT_ORDER, businessKey: input.orderNumber },
    state,
  );
  const ctx: SubcontractContext = { input, workflowId, state, tasks, steps, controls };

  return steps.run(async () => {
    await steps.enter('awaiting-approval');
    const order = await subcontracting.loadSubcontractOrder({ orderNumber: input.orderNumber });
    showOrder(state, order);
    if (order.status === 'cancelled') return cancelled(ctx, 'cancelled before its process started');
    if (order.status === 'draft') {
      state.taskId = `${workflowId}:approval`;
      const outcome = await tasks.runUntil(
        {
          processType: SUBCONTRACT_ORDER,
          businessKey: order.orderNumber,
          candidateRole: 'planner',
          taskId: state.taskId,
          taskType: 'subcontract-approval',
          title: `Approve subcontract order ${orderTitle(order)}`,
          priority: 'normal',
          slaMs: input.taskSlaMinutes * 60_000,
          formKind: 'subcontract-approval',
          payload: {
            orderNumber: order.orderNumber,
            supplierCode: order.supplierCode,
            itemSku: order.itemSku,
            quantity: order.quantity,
            feePerUnit: order.feePerUnit,
            components: order.components,
          },
          requiredFields: ['approved'],
        },
        (payload) => (typeof payload.approved === 'boolean' ? undefined : 'approved must be true or false'),
        { interruptWhen: () => controls.cancel !== null },
      );
      state.taskId = null;
      if (outcome.kind !== 'completed') return cancelled(ctx, controls.cancel?.reason ?? 'cancelled');
      const { payload, completedBy } = outcome.completion;
      if (payload.approved !== true) {
        const reason = typeof payload.reason === 'string' && payload.reason !== '' ? payload.reason : 'rejected';
        await subcontracting.rejectSubcontractOrder({
          workflowId,
          orderNumber: order.orderNumber,
          reason,
          userName: completedBy,
        });
        return cancelled(ctx, reason);
      }
      state.approvedBy = completedBy;
    }
    state.consumption = await subcontracting.approveSubcontractOrder({
      workflowId,
      orderNumber: order.orderNumber,
      approvedBy: state.approvedBy ?? input.requestedBy,
    });
    const sent = await sendComponents(ctx);
    // A cancel committed by the API while the pick was being completed: its signal may still be on the way.
    const afterSend = await subcontracting.loadSubcontractOrder({ orderNumber: order.orderNumber });
    if (sent === 'cancel' || afterSend.status === 'cancelled') {
      await subcontracting.releaseSubcontractReservations({ workflowId, orderNumber: order.orderNumber });
      return cancelled(ctx, controls.cancel?.reason ?? 'cancelled');
    }
    const received = await receiveDeliveries(ctx);
    await settleTheRest(ctx, received);
    await subcontracting.closeSubcontractOrder({ workflowId, orderNumber: order.orderNumber });
    await steps.enter('closed', 'completed');
    return state;
  });
}

/** Ends the process cancelled; the order row is cancelled by the API (cancel) or the reject activity. */
async function cancelled(ctx: SubcontractContext, reason: string): Promise<SubcontractOrderState> {
  ctx.state.cancelReason = reason;
  await ctx.steps.enter('cancelled', 'cancelled');
  return ctx.state;
}
