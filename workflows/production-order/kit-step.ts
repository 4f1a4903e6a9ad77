import { condition, patched } from '@temporalio/workflow';
import { findKitPickProblem } from './kit-pick-validation';
import {
  PRODUCTION_REFUSAL,
  type IssueResult,
  type KitIssuePick,
  type KitReservation,
} from './production-order.contract';
import {
  orderTitle,
  production,
  refusalOf,
  showCost,
  type ProductionContext,
  type StepOutcome,
} from './production-proxies';

/** A waiting kit re-checks stock this often even without a receipt's signal (stock can come back other ways). */
const STOCK_RECHECK_MS = 6 * 60 * 60 * 1000;

/**
 * The kit: reserve what the kit components need; when a component that must wait is short, wait durably for a
 * receipt's stockArrived signal (or the 6-hourly re-check) and reserve again; then one pick task for everything
 * reserved, and the issue. `waitForAll` makes every short component wait (before completion, a partially released
 * kit must be whole). A refused issue (a lot expired meanwhile) reserves again and re-opens the pick with the reason.
 */
export async function runKit(ctx: ProductionContext, waitForAll: boolean): Promise<StepOutcome> {
  let refusal: string | undefined;
  for (;;) {
    const reservation = await reserveReady(ctx, waitForAll);
    if (reservation === 'cancel') return 'cancel';
    if (reservation.picks.length === 0) return 'done';
    const picked = await pickKit(ctx, reservation, refusal);
    if (picked === 'cancel') return 'cancel';
    const issued = await issuePicked(ctx, picked);
    if (typeof issued === 'string') {
      refusal = issued;
      continue;
    }
    refusal = undefined;
    if (issued.kitComplete || reservation.short.length > 0) return 'done';
  }
}

/**
 * Reserves what the kit (and merged) components still lack, in a new round; while a component that must wait is
 * short, waits durably for a receipt's stockArrived signal (or the 6-hourly re-check) and reserves again.
 */
export async function reserveReady(ctx: ProductionContext, waitForAll: boolean): Promise<KitReservation | 'cancel'> {
  const { state, controls, steps } = ctx;
  for (;;) {
    if (controls.cancel) return 'cancel';
    ctx.kitRounds += 1;
    const arrivalsSeen = controls.arrivals;
    await steps.enter('reserving');
    const reservation = await production.reserveKit({
      workflowId: ctx.workflowId,
      orderNumber: ctx.order.orderNumber,
      round: ctx.kitRounds,
    });
    state.short = reservation.short;
    const blocking = reservation.short.filter(
      (short) =>
        waitForAll || state.components.find((line) => line.lineNo === short.lineNo)?.whenShort !== 'release-partial',
    );
    if (blocking.length === 0) return reservation;
    await steps.enter('awaiting-stock');
    await condition(() => controls.arrivals > arrivalsSeen || controls.cancel !== null, STOCK_RECHECK_MS);
  }
}

/** Issues the clerk's picks of this round; a refusal the clerk can correct comes back as its message. */
export async function issuePicked(
  ctx: ProductionContext,
  picked: { picks: KitIssuePick[]; by: string },
): Promise<IssueResult | string> {
  await ctx.steps.enter('issuing');
  try {
    const issued = await production.issueKit({
      workflowId: ctx.workflowId,
      orderNumber: ctx.order.orderNumber,
      round: ctx.kitRounds,
      picks: picked.picks,
      userName: picked.by,
    });
    showCost(ctx.state, issued.cost);
    return issued;
  } catch (error) {
    const refusal = refusalOf(error, PRODUCTION_REFUSAL.issue);
    if (refusal === undefined) throw error;
    return refusal;
  }
}

/**
 * While the pick task waits (a clerk may take longer than the reservations' TTL), the kit's reservations are renewed
 * every `reservationRenewMinutes` (6 hours by default). Behind `patched('kit-reservation-renewal')`: runs recorded
 * before it had no renewal timer.
 */
function kitRenewal(ctx: ProductionContext) {
  if (!patched('kit-reservation-renewal')) return undefined;
  return {
    everyMs:
      ctx.input.reservationRenewMinutes === undefined ? STOCK_RECHECK_MS : ctx.input.reservationRenewMinutes * 60_000,
    run: async () => {
      await production.renewKitReservations({ workflowId: ctx.workflowId, orderNumber: ctx.order.orderNumber });
    },
  };
}

/** The clerk's kit pick task for what is reserved; withdrawn when the order is cancelled. */
export async function pickKit(
  ctx: ProductionContext,
  reservation: KitReservation,
  refusal: string | undefined,
): Promise<{ picks: KitIssuePick[]; by: string } | 'cancel'> {
  const { state, controls, order } = ctx;
  await ctx.steps.enter('kit-pick');
  state.taskId = `${ctx.workflowId}:kit-pick:${ctx.kitRounds}`;
  const payload = {
    orderNumber: order.orderNumber,
    itemSku: order.itemSku,
    quantity: order.quantity,
    picks: reservation.picks,
    short: reservation.short,
  };
  const outcome = await ctx.tasks.runUntil(
    {
      processType: 'production-order',
      businessKey: order.orderNumber,
      candidateRole: 'clerk',
      taskId: state.taskId,
      taskType: 'production-kit-pick',
      title: `Pick the kit of production order ${orderTitle(order)}`,
      priority: refusal === undefined ? 'normal' : 'high',
      slaMs: ctx.input.taskSlaMinutes * 60_000,
      formKind: 'production-kit-pick',
      payload: refusal === undefined ? payload : { ...payload, refusal },
      requiredFields: ['picks'],
    },
    (answer) => findKitPickProblem(reservation.picks, answer),
    { interruptWhen: () => controls.cancel !== null, heartbeat: kitRenewal(ctx) },
  );
  state.taskId = null;
  if (outcome.kind !== 'completed') return 'cancel';
  return { picks: outcome.completion.payload.picks as KitIssuePick[], by: outcome.completion.completedBy };
}
