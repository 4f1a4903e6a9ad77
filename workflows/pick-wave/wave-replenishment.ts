import { ApplicationFailure, condition, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { createTaskBoard } from '../human-task';
import {
  PICK_WAVE,
  type PickWaveInput,
  type ReplenishMove,
  type WaveFaceReplenishment,
  type WaveReplenishment,
  type WaveZonePath,
} from './pick-wave.contract';
import { findReplenishProblem } from './replenish-validation';

const waves = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/** What the wave hands its replenishment. */
export interface ReplenishContext {
  input: PickWaveInput;
  workflowId: string;
  tasks: ReturnType<typeof createTaskBoard>;
  paths: WaveZonePath[];
  faces: WaveFaceReplenishment[];
  slaMs: number;
  everyoneLeft: () => boolean;
}

/**
 * Pick-face replenishment (issue 20, `patched('pick-wave-replenishment')`): one task for a clerk to move the proposed
 * lots from reserve storage to the faces the wave would take below their minimum; once completed the moves are booked
 * (one idempotent activity). `waitForZone` holds a zone's pick task back until then when the zone holds such a face.
 */
export function waveReplenishment(ctx: ReplenishContext) {
  const moves = ctx.faces.flatMap((face) => face.moves);
  const waitingZones = [...new Set(ctx.faces.map((face) => face.zoneCode))].sort();
  const state: WaveReplenishment = {
    status: 'open',
    faces: ctx.faces,
    waitingZones,
    movedBy: null,
    moved: [],
    problem: null,
  };
  const waitingPickLines = ctx.paths
    .filter((path) => waitingZones.includes(path.zoneCode))
    .reduce((sum, path) => sum + path.stops.reduce((lines, stop) => lines + stop.items.length, 0), 0);
  const done = () => state.status !== 'open';

  async function run(): Promise<void> {
    const { input } = ctx;
    const outcome = await ctx.tasks.runUntil(
      {
        taskId: `${ctx.workflowId}:replenish`,
        taskType: 'wave-replenish',
        title: `Replenish ${ctx.faces.length} pick face(s) for wave ${input.waveId} (zones ${waitingZones.join(', ')})`,
        processType: PICK_WAVE,
        businessKey: input.waveId,
        candidateRole: 'clerk',
        priority: 'high',
        slaMs: ctx.slaMs,
        formKind: 'wave-replenish',
        payload: {
          waveId: input.waveId,
          faces: ctx.faces,
          moves,
          waitingPickLines,
          ...(input.cutoffAt ? { cutoffAt: input.cutoffAt } : {}),
        },
        requiredFields: ['moved'],
      },
      (payload) => findReplenishProblem(moves, payload.moved),
      { interruptWhen: ctx.everyoneLeft },
    );
    if (outcome.kind !== 'completed') {
      state.status = 'withdrawn';
      return;
    }
    const moved = (outcome.completion.payload.moved as ReplenishMove[]).map((m) => ({
      fromLocation: m.fromLocation,
      toLocation: m.toLocation,
      itemSku: m.itemSku,
      lotCode: m.lotCode ?? null,
      quantity: m.quantity,
    }));
    state.movedBy = outcome.completion.completedBy;
    try {
      await waves.replenishPickFaces({
        workflowId: ctx.workflowId,
        waveId: input.waveId,
        moved,
        userName: state.movedBy,
      });
      Object.assign(state, { status: 'booked', moved });
    } catch (error) {
      // The books refused a move (the reserve bin no longer holds it free): nothing was booked; the zones go on.
      const cause = error instanceof Error && error.cause instanceof ApplicationFailure ? error.cause : null;
      Object.assign(state, { status: 'refused', problem: cause?.message ?? String(error) });
    }
  }

  async function waitForZone(zoneCode: string): Promise<void> {
    if (!waitingZones.includes(zoneCode)) return;
    await condition(() => done() || ctx.everyoneLeft());
  }

  return { state, run, waitForZone };
}
