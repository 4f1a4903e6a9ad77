import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  RECONCILIATION_SCHEDULE_ID,
  RECONCILIATION_WORKFLOW,
  RECONCILIATION_WORKFLOW_ID,
  type ReconciliationInput,
} from '../workflows/reconciliation/reconciliation.contract';

/** When the daily reconciliation runs (UTC), unless MILLWRIGHT_RECONCILIATION_CRON says otherwise. */
export const DEFAULT_RECONCILIATION_CRON = '0 3 * * *';

/**
 * Creates the Temporal Schedule that starts the daily reconciliation, or brings an existing one to `cron` and
 * `taskQueue`: every worker calls this when it starts, so the schedule exists once a worker ran, whatever order
 * workers start in. A run still going when the next is due makes the next one skip; missed runs (Temporal down)
 * are caught up within a day.
 */
export async function ensureReconciliationSchedule(
  temporal: Client,
  options: { taskQueue: string; cron: string },
): Promise<'created' | 'updated'> {
  const input: ReconciliationInput = { repair: true };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: RECONCILIATION_WORKFLOW,
    workflowId: RECONCILIATION_WORKFLOW_ID,
    taskQueue: options.taskQueue,
    args: [input],
  };
  const spec = { cronExpressions: [options.cron] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' };
  try {
    await temporal.schedule.create({ scheduleId: RECONCILIATION_SCHEDULE_ID, spec, action, policies });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await temporal.schedule
    .getHandle(RECONCILIATION_SCHEDULE_ID)
    .update((previous) => ({ ...previous, spec, action, policies: { ...previous.policies, ...policies } }));
  return 'updated';
}
