import { fulfillment } from './fulfillment-proxies';
import { enter, renewal, type FulfillmentContext } from './fulfillment-context';
import { findPickProblem, walkingOrder } from './pick-validation';
import { pickInWave, tell, type WaveOutcome } from './wave-step';
import {
  ORDER_FULFILLMENT,
  type ConfirmedPick,
  type OrderReservation,
  type ReservedLine,
} from './order-fulfillment.contract';

/** How a pick phase ended: stock is staged for packing, nothing could be allocated, or the order is cancelled. */
export type PickPhaseEnd = 'staged' | 'nothing' | 'cancelled';

/**
 * Allocates what the order still lacks and sends a clerk to pick it, round after round: a short pick blocks the
 * missing stock at its bin and re-allocates the shortfall elsewhere; a change of quantities withdraws the pick
 * task and re-allocates. Ends when nothing more can be allocated or nothing was short.
 */
export async function pickPhase(ctx: FulfillmentContext): Promise<PickPhaseEnd> {
  const { state, input, workflowId, controls } = ctx;
  for (;;) {
    if (controls.cancel) return 'cancelled';
    state.round += 1;
    const round = state.round;
    const changesSeen = controls.changes;
    controls.arrivalsSeen = controls.arrivals;
    await enter(ctx, 'reserving');
    const reservation = await fulfillment.reserveOrderStock({
      workflowId,
      orderNumber: input.orderNumber,
      allocationRules: state.ruleVersions.allocation ?? null,
      round,
    });
    absorb(ctx, reservation);
    if (controls.changes !== changesSeen) continue;
    if (state.lines.every((line) => line.picks.length === 0)) return state.staged.length > 0 ? 'staged' : 'nothing';

    await enter(ctx, 'awaiting-pick');
    state.pickTaskId = round === 1 ? `${workflowId}:pick` : `${workflowId}:pick:${round}`;
    ctx.decisive.taskId = state.pickTaskId;
    const lines = state.lines.filter((line) => line.picks.length > 0);
    const pickAlone = (taskId: string) => pickTask(ctx, { taskId, lines, reservation, round, changesSeen });
    const outcome = await inWave(ctx, await pickAlone(state.pickTaskId), lines, round, pickAlone);
    if (outcome.kind !== 'completed') {
      if (controls.cancel) return 'cancelled';
      continue; // the quantities changed: allocate again
    }
    state.pickedBy = outcome.completion.completedBy;
    const picked = await fulfillment.confirmPick({
      workflowId,
      orderNumber: input.orderNumber,
      round,
      picks: outcome.completion.payload.picks as ConfirmedPick[],
      userName: outcome.completion.completedBy,
    });
    state.staged.push(...picked.staged);
    ctx.decisive.taskId = null;
    if (picked.short.length === 0) return 'staged';
  }
}

/** The clerk's pick task of a round, withdrawn by a cancel, a change or a wave that takes the order. */
function pickTask(
  ctx: FulfillmentContext,
  round: { taskId: string; lines: ReservedLine[]; reservation: OrderReservation; round: number; changesSeen: number },
): Promise<WaveOutcome> {
  const { input, controls } = ctx;
  const { lines, changesSeen } = round;
  return ctx.tasks.runUntil(
    {
      taskId: round.taskId,
      taskType: 'pick',
      title: `Pick order ${input.orderNumber}${round.round === 1 ? '' : ` (round ${round.round})`}`,
      processType: ORDER_FULFILLMENT,
      businessKey: input.orderNumber,
      candidateRole: 'clerk',
      priority: 'normal',
      slaMs: input.pickSlaMinutes * 60_000,
      formKind: 'pick-confirmation',
      payload: { orderNumber: input.orderNumber, ...round.reservation, lines, walk: walkingOrder(lines) },
      requiredFields: ['picks'],
    },
    (payload) => findPickProblem(lines, payload, today()),
    {
      interruptWhen: () => controls.cancel !== null || controls.changes !== changesSeen || controls.wave !== null,
      heartbeat: renewal(ctx),
    },
  );
}

/**
 * A pick task withdrawn because a wave took the order (issue 20): the wave picks it, unless a cancel or change takes
 * it out; a wave that drops it leaves it to a clerk again (a fresh task for the same reservations). A clerk whose
 * completion beat the wave's invitation keeps the pick, and the wave is told the order stays out.
 */
async function inWave(
  ctx: FulfillmentContext,
  first: WaveOutcome,
  lines: ReservedLine[],
  round: number,
  pickAlone: (taskId: string) => Promise<WaveOutcome>,
): Promise<WaveOutcome> {
  const { controls, state } = ctx;
  let outcome = first;
  for (let attempt = 1; controls.wave; attempt += 1) {
    if (outcome.kind === 'completed') {
      await tell(controls.wave.waveWorkflowId, state.orderNumber, 'picked alone');
      controls.wave = null;
      return outcome;
    }
    outcome = await pickInWave(ctx, lines, round);
    if (outcome.kind !== 'dropped') return outcome;
    state.pickTaskId = `${state.pickTaskId}:alone:${attempt}`;
    ctx.decisive.taskId = state.pickTaskId;
    outcome = await pickAlone(state.pickTaskId);
  }
  return outcome;
}

/** Takes a reservation round into the state: customer, this round's picks, and what each line still lacks. */
function absorb(ctx: FulfillmentContext, reservation: OrderReservation): void {
  const { state } = ctx;
  state.customerCode = reservation.customerCode;
  state.customerName = reservation.customerName;
  const round = state.round;
  state.openByLine = {}; // lines removed by a change must not keep the order waiting
  for (const line of reservation.lines) {
    state.openByLine[line.lineNo] = round3(line.quantity - (line.shipped ?? 0));
    // Every decision of the round is kept, also one that found nothing (its backorder): the console explains the
    // order's allocations from this list alone, so the decisions and the rounds it shows cannot disagree.
    if (line.picks.length > 0 || line.reason) {
      const backorder = line.backorder ? { backorder: line.backorder } : {};
      state.allocations.push({ round, lineNo: line.lineNo, picks: line.picks, reason: line.reason, ...backorder });
    }
  }
  // A line with nothing new this round keeps the reason of the round that allocated it.
  const previous = new Map(state.lines.map((line) => [line.lineNo, line.reason]));
  state.lines = reservation.lines.map((line) => ({ ...line, reason: line.reason ?? previous.get(line.lineNo) }));
}

/** The workflow's calendar date (deterministic: workflow time), for expiry checks. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
