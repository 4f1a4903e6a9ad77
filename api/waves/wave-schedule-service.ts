import type { MikroORM } from '@mikro-orm/postgresql';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import {
  WAVE_RELEASE_WORKFLOW,
  waveReleaseScheduleId,
  type WaveReleaseInput,
} from '../../workflows/wave-release/wave-release.contract';
import { ApiError } from '../errors';

/** What a supervisor sets for a warehouse's scheduled wave release. */
export interface WaveScheduleSettings {
  intervalMinutes: number;
  carrier: string;
  cutoffTime: string;
  zones?: string[];
  pickSlaMinutes: number;
  paused: boolean;
}

export interface WaveScheduleView extends WaveScheduleSettings {
  warehouseCode: string;
  scheduleId: string;
  nextRunAt: string | null;
  recentRuns: Array<{ scheduledAt: string; workflowId: string }>;
}

type Deps = { orm: MikroORM; temporal: Client; taskQueue: string };

/**
 * Creates or updates a warehouse's wave-release Temporal Schedule (every `intervalMinutes`, a run skipped while the
 * last one still runs), paused or not, with an audit entry. The entry commits only once Temporal took the change, so a
 * refused change leaves no trace and an accepted one is always audited.
 */
export async function saveWaveSchedule(
  deps: Deps,
  warehouseCode: string,
  settings: WaveScheduleSettings,
  userName: string,
): Promise<WaveScheduleView> {
  const em = deps.orm.em.fork();
  const [warehouse] = await query<{ code: string }>(
    em,
    'select code from warehouse where code = ? and active and not virtual',
    [warehouseCode],
  );
  if (!warehouse) throw new ApiError('NOT_FOUND', `No active warehouse ${warehouseCode}`, 'warehouseCode');
  const zones = settings.zones ?? [];
  if (zones.length > 0) {
    const known = await query<{ code: string }>(
      em,
      'select z.code from zone z join warehouse w on w.id = z.warehouse_id where w.code = ? and z.code in (?)',
      [warehouseCode, zones],
    );
    const index = zones.findIndex((zone) => !known.some((k) => k.code === zone));
    if (index >= 0) {
      throw new ApiError('VALIDATION_FAILED', `${zones[index]} is not a zone of ${warehouseCode}`, `zones[${index}]`);
    }
  }
  const scheduleId = waveReleaseScheduleId(warehouseCode);
  const input: WaveReleaseInput = {
    warehouseCode,
    ...(zones.length > 0 ? { zones } : {}),
    carrier: settings.carrier,
    cutoffTime: settings.cutoffTime,
    pickSlaMinutes: settings.pickSlaMinutes,
    configuredBy: userName,
  };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: WAVE_RELEASE_WORKFLOW,
    workflowId: scheduleId,
    taskQueue: deps.taskQueue,
    args: [input],
  };
  const spec = { intervals: [{ every: `${settings.intervalMinutes} minutes` as const }] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' as const };
  const state = { paused: settings.paused, note: `${settings.paused ? 'paused' : 'set'} by ${userName}` };
  await em.transactional(async (tx) => {
    await appendAudit(tx, {
      actor: userName,
      action: 'wave-schedule.saved',
      entityType: 'wave_schedule',
      entityId: warehouseCode,
      details: { scheduleId, ...settings, zones },
    });
    try {
      await deps.temporal.schedule.create({ scheduleId, spec, action, policies, state });
      return;
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
    await deps.temporal.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, state }));
  });
  return readWaveSchedule(deps.temporal, warehouseCode);
}

/** Pauses or resumes a warehouse's wave-release schedule (audited); its settings stay as they are. */
export async function pauseWaveSchedule(
  deps: Deps,
  warehouseCode: string,
  paused: boolean,
  userName: string,
): Promise<WaveScheduleView> {
  const handle = deps.temporal.schedule.getHandle(waveReleaseScheduleId(warehouseCode));
  await deps.orm.em.fork().transactional(async (tx) => {
    await appendAudit(tx, {
      actor: userName,
      action: paused ? 'wave-schedule.paused' : 'wave-schedule.resumed',
      entityType: 'wave_schedule',
      entityId: warehouseCode,
    });
    await notFoundAs(warehouseCode, () =>
      paused ? handle.pause(`paused by ${userName}`) : handle.unpause(`resumed by ${userName}`),
    );
  });
  return readWaveSchedule(deps.temporal, warehouseCode);
}

/** A warehouse's wave-release schedule as Temporal holds it: settings, paused, next run, recent runs. */
export async function readWaveSchedule(temporal: Client, warehouseCode: string): Promise<WaveScheduleView> {
  const scheduleId = waveReleaseScheduleId(warehouseCode);
  const description = await notFoundAs(warehouseCode, () => temporal.schedule.getHandle(scheduleId).describe());
  return viewOf(warehouseCode, scheduleId, description);
}

function viewOf(warehouseCode: string, scheduleId: string, description: ScheduleDescription): WaveScheduleView {
  const input = (description.action.type === 'startWorkflow' ? description.action.args?.[0] : {}) as WaveReleaseInput;
  const every = description.spec.intervals?.[0]?.every ?? 0;
  return {
    warehouseCode,
    scheduleId,
    intervalMinutes: Math.round(every / 60_000),
    carrier: input.carrier,
    cutoffTime: input.cutoffTime,
    ...(input.zones ? { zones: input.zones } : {}),
    pickSlaMinutes: input.pickSlaMinutes,
    paused: description.state.paused,
    nextRunAt: description.info.nextActionTimes[0]?.toISOString() ?? null,
    recentRuns: description.info.recentActions.map((run) => ({
      scheduledAt: run.scheduledAt.toISOString(),
      workflowId: run.action.workflow.workflowId,
    })),
  };
}

async function notFoundAs<T>(warehouseCode: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) {
      throw new ApiError('NOT_FOUND', `No wave-release schedule for ${warehouseCode}`, 'warehouseCode');
    }
    throw error;
  }
}
