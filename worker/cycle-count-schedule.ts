import type { Client } from '@temporalio/client';
import {
  CYCLE_COUNT_SCHEDULE_ID,
  CYCLE_COUNT_WORKFLOW,
  CYCLE_COUNT_WORKFLOW_ID,
  type CycleCountInput,
} from '../workflows/stock-count/cycle-count.contract';
import { ensureSchedule, runIdOf } from './ensure-schedule';

/**
 * The Temporal Schedule that opens the cycle counts due each day (worker/ensure-schedule.ts). Missed runs are caught
 * up within a day.
 */
export function ensureCycleCountSchedule(
  temporal: Client,
  options: { taskQueue: string; cron: string; scheduleId?: string; input?: CycleCountInput },
): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? CYCLE_COUNT_SCHEDULE_ID;
  return ensureSchedule(temporal, {
    scheduleId,
    workflowType: CYCLE_COUNT_WORKFLOW,
    workflowId: runIdOf(scheduleId, CYCLE_COUNT_SCHEDULE_ID, CYCLE_COUNT_WORKFLOW_ID),
    taskQueue: options.taskQueue,
    cron: options.cron,
    args: [options.input ?? {}],
    catchupWindow: '1 day',
  });
}
