import { condition } from '@temporalio/workflow';
import { findKitPickProblem } from '../production-order/kit-pick-validation';
import { SUBCONTRACT_ORDER, SUBCONTRACT_REFUSAL, type SendReservation } from './subcontract-order.contract';
import { unreservedLotProblem } from './payload-validation';
import { orderTitle, refusalOf, showOrder, subcontracting, type SubcontractContext } from './subcontract-proxies';

/** A send waiting for stock re-checks this often (stock arrives by receipts, returns, counts ...). */
const STOCK_RECHECK_MS = 6 * 60 * 60 * 1000;

/**
 * Sends our components to the supplier: reserve what the `ours` lines still need at the order's warehouse (lots chosen
 * FEFO then FIFO, as production's kit), one pick task for what is reserved, then one activity transfers the picks into
 * the supplier's site (status at-supplier, still our stock at its layers' cost). Nothing reservable waits and
 * re-checks; a refused send re-opens the pick with the reason. Returns 'cancel' when a cancel came first.
 */
export async function sendComponents(ctx: SubcontractContext): Promise<'done' | 'cancel'> {
  const { state, controls, steps, workflowId } = ctx;
  let refusal: string | undefined;
  for (let round = 1; ; round += 1) {
    if (controls.cancel) return 'cancel';
    await steps.enter('reserving');
    const reservation = await subcontracting.reserveSubcontractComponents({
      workflowId,
      orderNumber: ctx.input.orderNumber,
    });
    if (reservation.picks.length === 0) {
      if (reservation.short.length === 0) return 'done';
      await condition(() => controls.cancel !== null, STOCK_RECHECK_MS);
      continue;
    }
    const picked = await pickTask(ctx, reservation, round, refusal);
    if (picked === 'cancel') return 'cancel';
    await steps.enter('sending');
    try {
      await subcontracting.sendSubcontractComponents({
        workflowId,
        orderNumber: ctx.input.orderNumber,
        round,
        picks: picked.picks,
        userName: picked.by,
      });
    } catch (error) {
      refusal = refusalOf(error, SUBCONTRACT_REFUSAL.send);
      if (refusal === undefined) throw error;
      // Refused because the order was cancelled meanwhile: nothing more to send.
      if (controls.cancel) return 'cancel';
      const now = await subcontracting.loadSubcontractOrder({ orderNumber: ctx.input.orderNumber });
      if (now.status === 'cancelled') return 'cancel';
      continue;
    }
    refusal = undefined;
    const order = await subcontracting.loadSubcontractOrder({ orderNumber: ctx.input.orderNumber });
    showOrder(state, order);
    if (reservation.short.length === 0) return 'done';
  }
}

type Picked = {
  picks: Array<{ lineNo: number; location: string; lotCode: string | null; quantity: number }>;
  by: string;
};

/** The clerk's pick of what is reserved for the supplier; withdrawn when the order is cancelled. */
async function pickTask(
  ctx: SubcontractContext,
  reservation: SendReservation,
  round: number,
  refusal: string | undefined,
): Promise<Picked | 'cancel'> {
  const { state, controls, workflowId } = ctx;
  const order = await subcontracting.loadSubcontractOrder({ orderNumber: ctx.input.orderNumber });
  await ctx.steps.enter('send-pick');
  state.taskId = `${workflowId}:send-pick:${round}`;
  const payload = {
    orderNumber: order.orderNumber,
    supplierCode: order.supplierCode,
    itemSku: order.itemSku,
    quantity: order.quantity,
    picks: reservation.picks,
    short: reservation.short,
  };
  const outcome = await ctx.tasks.runUntil(
    {
      processType: SUBCONTRACT_ORDER,
      businessKey: order.orderNumber,
      candidateRole: 'clerk',
      taskId: state.taskId,
      taskType: 'subcontract-send-pick',
      title: `Pick the components to send for subcontract order ${orderTitle(order)}`,
      priority: refusal === undefined ? 'normal' : 'high',
      slaMs: ctx.input.taskSlaMinutes * 60_000,
      // The production kit-pick form fits as it is: reserved places, the clerk confirms lots and quantities.
      formKind: 'production-kit-pick',
      payload: refusal === undefined ? payload : { ...payload, refusal },
      requiredFields: ['picks'],
    },
    (answer) => unreservedLotProblem(reservation.picks, answer) ?? findKitPickProblem(reservation.picks, answer),
    { interruptWhen: () => controls.cancel !== null },
  );
  state.taskId = null;
  if (outcome.kind !== 'completed') return 'cancel';
  return { picks: outcome.completion.payload.picks as Picked['picks'], by: outcome.completion.completedBy };
}
