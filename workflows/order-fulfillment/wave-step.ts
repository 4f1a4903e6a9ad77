import { condition, getExternalWorkflowHandle, log, patched, setHandler } from '@temporalio/workflow';
import type { TaskOutcome } from '../human-task';
import {
  joinWaveSignal,
  waveOrderJoinedSignal,
  waveOrderLeftSignal,
  wavePickedSignal,
} from '../pick-wave/pick-wave.contract';
import { fulfillment } from './fulfillment-proxies';
import type { FulfillmentContext } from './fulfillment-context';
import type { OrderControls } from './order-controls';
import type { ConfirmedPick, OrderFulfillmentState, ReservedLine } from './order-fulfillment.contract';
import { findPickProblem } from './pick-validation';

/** The wave an order takes part in, and the picks the wave's sort put to it (issue 20). */
export interface WaveControls {
  wave: { waveId: string; waveWorkflowId: string } | null;
  wavePicks: { waveId: string; picks: ConfirmedPick[] | null; pickedBy: string } | null;
}

/**
 * Registers the wave's signals: a wave invites the order while it waits for its pick (nothing picked, nothing being
 * confirmed), else the order tells the wave it stays out; the wave later hands over the quantities its sort put to
 * the order (or none: `picks: null`, the order picks alone again).
 */
export function registerWaveControls(state: OrderFulfillmentState, controls: OrderControls, busy: () => boolean) {
  setHandler(joinWaveSignal, async (args) => {
    const joinable =
      state.step === 'awaiting-pick' && !controls.cancel && !controls.wave && state.staged.length === 0 && !busy();
    if (joinable) {
      controls.wave = args;
      return;
    }
    await tell(args.waveWorkflowId, state.orderNumber, `order is ${state.step}${controls.wave ? ' in a wave' : ''}`);
  });
  setHandler(wavePickedSignal, (args) => {
    if (controls.wave?.waveId === args.waveId) controls.wavePicks = args;
  });
}

/** What the wave ended in for the order: its pick (as a task completion), an interruption, or dropped (pick alone). */
export type WaveOutcome = TaskOutcome | { kind: 'dropped' };

/**
 * The order's pick round in a wave: it reports its allocation (its own pinned rules reserved `lines`) to the wave and
 * waits, renewing its reservations, for the wave's sort to put quantities to it. A cancel or a change takes it out of
 * the wave (the wave is told; the order's own compensations run as without a wave).
 */
export async function pickInWave(ctx: FulfillmentContext, lines: ReservedLine[], round: number): Promise<WaveOutcome> {
  patched('pick-wave');
  const { controls, state } = ctx;
  const wave = controls.wave;
  if (!wave) return { kind: 'dropped' };
  const changes = controls.changes;
  ctx.decisive.taskId = null;
  state.wave = { waveId: wave.waveId };
  try {
    await getExternalWorkflowHandle(wave.waveWorkflowId).signal(waveOrderJoinedSignal, {
      orderNumber: state.orderNumber,
      round,
      lines,
    });
  } catch (error) {
    log.warn('the wave is gone; the order picks alone', { wave: wave.waveId, error: String(error) });
    return drop(ctx);
  }
  const settled = () => controls.wavePicks !== null || controls.cancel !== null || controls.changes !== changes;
  while (!(await condition(settled, ctx.timing.renewMs))) {
    await fulfillment.renewOrderReservations({ workflowId: ctx.workflowId });
  }
  const handed = controls.wavePicks;
  if (!handed || controls.cancel || controls.changes !== changes) {
    await tell(wave.waveWorkflowId, state.orderNumber, controls.cancel ? 'cancelled' : 'changed');
    controls.wave = null;
    state.wave = null;
    return { kind: 'interrupted' };
  }
  const problem = handed.picks ? findPickProblem(lines, { picks: handed.picks }) : 'the wave dropped the order';
  if (problem || !handed.picks) {
    log.warn('the wave handed no usable picks; the order picks alone', { wave: wave.waveId, problem });
    return drop(ctx);
  }
  const completion = {
    taskId: `${wave.waveWorkflowId}:sort`,
    completedBy: handed.pickedBy,
    completedAt: new Date().toISOString(),
    payload: { picks: handed.picks },
  };
  return { kind: 'completed', completion };
}

/** Out of the wave without a cancel or change: the same reservations, picked alone. */
function drop(ctx: FulfillmentContext): WaveOutcome {
  ctx.controls.wave = null;
  ctx.controls.wavePicks = null;
  ctx.state.wave = null;
  return { kind: 'dropped' };
}

/** Tells a wave the order is not (or no longer) in it; a wave that has ended needs no telling. */
export async function tell(waveWorkflowId: string, orderNumber: string, reason: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(waveWorkflowId).signal(waveOrderLeftSignal, { orderNumber, reason });
  } catch (error) {
    log.info('the wave has ended', { waveWorkflowId, error: String(error) });
  }
}
