import type { Client } from '@temporalio/client';
import {
  RECONCILIATION_SCHEDULE_ID,
  RECONCILIATION_WORKFLOW,
  RECONCILIATION_WORKFLOW_ID,
  type ReconciliationInput,
} from '../workflows/reconciliation/reconciliation.contract';
import { ensureSchedule } from './ensure-schedule';

/** When the daily reconciliation runs (UTC), unless MILLWRIGHT_RECONCILIATION_CRON says otherwise. */
export const DEFAULT_RECONCILIATION_CRON = '0 3 * * *';

/**
 * The Temporal Schedule that starts the daily reconciliation, repairing what it finds (worker/ensure-schedule.ts).
 * Missed runs (Temporal down) are caught up within a day.
 */
export function ensureReconciliationSchedule(
  temporal: Client,
  options: { taskQueue: string; cron: string },
): Promise<'created' | 'updated'> {
  const input: ReconciliationInput = { repair: true };
  return ensureSchedule(temporal, {
    scheduleId: RECONCILIATION_SCHEDULE_ID,
    workflowType: RECONCILIATION_WORKFLOW,
    workflowId: RECONCILIATION_WORKFLOW_ID,
    taskQueue: options.taskQueue,
    cron: options.cron,
    args: [input],
    catchupWindow: '1 day',
  });
}
