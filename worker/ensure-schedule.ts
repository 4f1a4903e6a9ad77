import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

/** One platform schedule: which workflow it starts, with what, how often, and how far back missed runs are caught up. */
export interface PlatformSchedule {
  scheduleId: string;
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  cron: string;
  args: unknown[];
  /** '1 day' for daily jobs a missed run must not skip; '1 minute' for sweeps the next run covers anyway. */
  catchupWindow: '1 minute' | '1 day';
}

/**
 * Creates a Temporal Schedule, or brings an existing one to the given cron, task queue and arguments: every worker
 * calls this for each platform schedule when it starts, so the schedule exists once a worker ran, whatever order
 * workers start in. A run still going when the next is due makes the next one skip (overlap SKIP).
 */
export async function ensureSchedule(temporal: Client, schedule: PlatformSchedule): Promise<'created' | 'updated'> {
  const { scheduleId } = schedule;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: schedule.workflowType,
    workflowId: schedule.workflowId,
    taskQueue: schedule.taskQueue,
    args: schedule.args,
  };
  const spec = { cronExpressions: [schedule.cron] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: schedule.catchupWindow };
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

/** The workflow id of a schedule's runs: the platform's own for its schedule id, `<id>-run` for a test's. */
export const runIdOf = (scheduleId: string, platformScheduleId: string, platformWorkflowId: string) =>
  scheduleId === platformScheduleId ? platformWorkflowId : `${scheduleId}-run`;
