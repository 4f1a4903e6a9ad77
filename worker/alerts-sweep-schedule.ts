import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  ALERTS_SWEEP_SCHEDULE_ID,
  ALERTS_SWEEP_WORKFLOW,
  ALERTS_SWEEP_WORKFLOW_ID,
  type AlertsSweepInput,
} from '../workflows/alerts-sweep/alerts-sweep.contract';

/**
 * Creates the Temporal Schedule that sweeps the alerts every few minutes, or brings an existing one to `cron`,
 * `taskQueue` and `input`: every worker calls this when it starts (as it does the cycle counts'). A sweep still going
 * when the next is due makes the next one skip; missed sweeps are not caught up (the next one sees everything anyway).
 */
export async function ensureAlertsSweepSchedule(
  temporal: Client,
  options: { taskQueue: string; cron: string; scheduleId?: string; input?: AlertsSweepInput },
): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? ALERTS_SWEEP_SCHEDULE_ID;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: ALERTS_SWEEP_WORKFLOW,
    workflowId: scheduleId === ALERTS_SWEEP_SCHEDULE_ID ? ALERTS_SWEEP_WORKFLOW_ID : `${scheduleId}-run`,
    taskQueue: options.taskQueue,
    args: [options.input ?? {}],
  };
  const spec = { cronExpressions: [options.cron] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' };
  try {
    await temporal.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await temporal.schedule
    .getHandle(scheduleId)
    .update((previous) => ({ ...previous, spec, action, policies: { ...previous.policies, ...policies } }));
  return 'updated';
}
