import type { Client } from '@temporalio/client';
import {
  AUDIT_SEAL_CRON,
  AUDIT_SEAL_SCHEDULE_ID,
  AUDIT_SEAL_WORKFLOW,
  AUDIT_SEAL_WORKFLOW_ID,
} from '../workflows/audit-seal/audit-seal.contract';
import { ensureSchedule, runIdOf } from './ensure-schedule';

/**
 * The Temporal Schedule that seals the audit chain (worker/ensure-schedule.ts). Missed runs are not caught up: the
 * next run seals everything anyway.
 */
export function ensureAuditSealSchedule(
  temporal: Client,
  options: { taskQueue: string; cron?: string; scheduleId?: string },
): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? AUDIT_SEAL_SCHEDULE_ID;
  return ensureSchedule(temporal, {
    scheduleId,
    workflowType: AUDIT_SEAL_WORKFLOW,
    workflowId: runIdOf(scheduleId, AUDIT_SEAL_SCHEDULE_ID, AUDIT_SEAL_WORKFLOW_ID),
    taskQueue: options.taskQueue,
    cron: options.cron ?? AUDIT_SEAL_CRON,
    args: [],
    catchupWindow: '1 minute',
  });
}
