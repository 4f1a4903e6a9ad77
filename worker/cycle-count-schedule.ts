import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  CYCLE_COUNT_SCHEDULE_ID,
  CYCLE_COUNT_WORKFLOW,
  CYCLE_COUNT_WORKFLOW_ID,
  type CycleCountInput,
} from '../workflows/stock-count/cycle-count.contract';

/**
 * Creates the Temporal Schedule that opens the cycle counts due each day, or brings an existing one to `cron`,
 * `taskQueue` and `input`: every worker calls this when it starts (as it does the reconciliation's). A run still going
 * when the next is due makes the next one skip; missed runs are caught up within a day.
 */
export async function ensureCycleCountSchedule(
  temporal: Client,
  options: { taskQueue: string; cron: string; scheduleId?: string; input?: CycleCountInput },
): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? CYCLE_COUNT_SCHEDULE_ID;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: CYCLE_COUNT_WORKFLOW,
    workflowId: scheduleId === CYCLE_COUNT_SCHEDULE_ID ? CYCLE_COUNT_WORKFLOW_ID : `${scheduleId}-run`,
    taskQueue: options.taskQueue,
    args: [options.input ?? {}],
  };
  const spec = { cronExpressions: [options.cron] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' };
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
