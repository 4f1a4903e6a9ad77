import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  AUDIT_SEAL_CRON,
  AUDIT_SEAL_SCHEDULE_ID,
  AUDIT_SEAL_WORKFLOW,
  AUDIT_SEAL_WORKFLOW_ID,
} from '../workflows/audit-seal/audit-seal.contract';

/**
 * Creates the Temporal Schedule that seals the audit chain, or brings an existing one to `cron` and `taskQueue`:
 * every worker calls this when it starts (as it does the cycle counts'). A run still going when the next is due makes
 * the next one skip; missed runs are not caught up (the next run seals everything anyway).
 */
export async function ensureAuditSealSchedule(
  temporal: Client,
  options: { taskQueue: string; cron?: string; scheduleId?: string },
): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? AUDIT_SEAL_SCHEDULE_ID;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: AUDIT_SEAL_WORKFLOW,
    workflowId: scheduleId === AUDIT_SEAL_SCHEDULE_ID ? AUDIT_SEAL_WORKFLOW_ID : `${scheduleId}-run`,
    taskQueue: options.taskQueue,
    args: [],
  };
  const spec = { cronExpressions: [options.cron ?? AUDIT_SEAL_CRON] };
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
