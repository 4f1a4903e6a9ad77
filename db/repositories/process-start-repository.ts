import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../sql';

/**
 * One process start, as committed to the outbox with its document. The workflow id is deterministic (derived from
 * the document number), so starting it twice is harmless: Temporal refuses the second start as already started.
 */
export interface ProcessStart {
  workflowId: string;
  /** The registered workflow function, e.g. 'orderFulfillment'. */
  workflowType: string;
  /** The process type shown in the console and stored as the ProcessType search attribute. */
  processType: string;
  businessKey: string;
  taskQueue: string;
  args: unknown[];
  requestedBy: string;
}

/** An outbox row the relay (or the API right after its commit) is about to start. */
export interface PendingStart extends ProcessStart {
  attempts: number;
}

/** Longest wait between two attempts at a start Temporal keeps refusing. */
export const MAX_START_BACKOFF_SECONDS = 60;

/**
 * Queues a process start inside the caller's transaction: the outbox row and the console's process_instance row
 * (status 'pending') commit exactly when the document does. Both inserts do nothing when the row exists, so a
 * repeated enqueue (a retried activity, a repair script) is harmless.
 */
export async function enqueueProcessStart(em: EntityManager, start: ProcessStart): Promise<void> {
  await query(
    em,
    `insert into process_start_outbox (workflow_id, workflow_type, process_type, business_key, task_queue, args, status,
                                       attempts, next_attempt_at, requested_by, created_at)
     values (?, ?, ?, ?, ?, ?, 'pending', 0, now(), ?, now())
     on conflict (workflow_id) do nothing`,
    [
      start.workflowId,
      start.workflowType,
      start.processType,
      start.businessKey,
      start.taskQueue,
      JSON.stringify(start.args),
      start.requestedBy,
    ],
  );
  await query(
    em,
    `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step, started_at,
                                   updated_at) values (?, '', ?, ?, 'pending', 'starting', now(), now())
     on conflict (workflow_id) do nothing`,
    [start.workflowId, start.processType, start.businessKey],
  );
}

interface OutboxRow {
  workflow_id: string;
  workflow_type: string;
  process_type: string;
  business_key: string;
  task_queue: string;
  args: unknown[];
  requested_by: string;
  attempts: number;
}

function toPendingStart(row: OutboxRow): PendingStart {
  return {
    workflowId: row.workflow_id,
    workflowType: row.workflow_type,
    processType: row.process_type,
    businessKey: row.business_key,
    taskQueue: row.task_queue,
    args: row.args,
    requestedBy: row.requested_by,
    attempts: row.attempts,
  };
}

/**
 * Locks up to `limit` pending starts that are due (`for update skip locked`, so two relays never start the same row
 * at once) inside the caller's transaction. `workflowIds` narrows it to those rows (the API's start right after its
 * commit), regardless of their next attempt time.
 */
export async function lockDueStarts(
  em: EntityManager,
  options: { limit: number; workflowIds?: string[] },
): Promise<PendingStart[]> {
  const byId = options.workflowIds !== undefined;
  const rows = await query<OutboxRow>(
    em,
    `select workflow_id, workflow_type, process_type, business_key, task_queue, args, requested_by, attempts
       from process_start_outbox
      where status = 'pending' and ${byId ? 'workflow_id in (?)' : 'next_attempt_at <= now()'}
      order by next_attempt_at, workflow_id limit ? for update skip locked`,
    byId ? [options.workflowIds, options.limit] : [options.limit],
  );
  return rows.map(toPendingStart);
}

/** Temporal accepted the start (or already had it): the outbox row is done and the console shows it running. */
export async function markStartStarted(em: EntityManager, workflowId: string, runId: string | null): Promise<void> {
  await query(
    em,
    `update process_start_outbox set status = 'started', started_at = now(), last_error = null where workflow_id = ?`,
    [workflowId],
  );
  await query(
    em,
    `update process_instance set status = 'running', current_step = 'started', run_id = coalesce(?, run_id),
            updated_at = now()
      where workflow_id = ? and status = 'pending'`,
    [runId, workflowId],
  );
}

/** A refused start stays pending; the next attempt waits twice as long as the last, at most a minute. */
export async function markStartFailed(em: EntityManager, workflowId: string, error: string): Promise<void> {
  await query(
    em,
    `update process_start_outbox
        set attempts = attempts + 1, last_error = ?,
            next_attempt_at = now() + least(?, power(2, least(attempts, 10))) * interval '1 second'
      where workflow_id = ? and status = 'pending'`,
    [error.slice(0, 2000), MAX_START_BACKOFF_SECONDS, workflowId],
  );
}
