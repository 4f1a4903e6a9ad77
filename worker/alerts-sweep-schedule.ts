import type { Client } from '@temporalio/client';
import {
  ALERTS_SWEEP_SCHEDULE_ID,
  ALERTS_SWEEP_WORKFLOW,
  ALERTS_SWEEP_WORKFLOW_ID,
  type AlertsSweepInput,
} from '../workflows/alerts-sweep/alerts-sweep.contract';
import { ensureSchedule, runIdOf } from './ensure-schedule';

/**
 * The Temporal Schedule that sweeps the alerts every few minutes (worker/ensure-schedule.ts). Missed sweeps are not
 * caught up: the next one sees everything anyway.
 */
export function ensureAlertsSweepSchedule(
  temporal: Client,
  options: { taskQueue: string; cron: string; scheduleId?: string; input?: AlertsSweepInput },
): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? ALERTS_SWEEP_SCHEDULE_ID;
  return ensureSchedule(temporal, {
    scheduleId,
    workflowType: ALERTS_SWEEP_WORKFLOW,
    workflowId: runIdOf(scheduleId, ALERTS_SWEEP_SCHEDULE_ID, ALERTS_SWEEP_WORKFLOW_ID),
    taskQueue: options.taskQueue,
    cron: options.cron,
    args: [options.input ?? {}],
    catchupWindow: '1 minute',
  });
}
