import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { query } from '../../db/sql';
import { BUSINESS_KEY, CURRENT_STEP, PROCESS_TYPE } from '../../workflows/search-attributes';
import {
  INVENTORY_REVALUATION,
  revaluationWorkflowId,
  type RevaluationInput,
} from '../../workflows/revaluation/revaluation.contract';

/** Postings replayed per chunk (one transaction each). */
export const REVALUATION_CHUNK_SIZE = 250;

/**
 * Starts the durable re-valuation of a queued job. The job row is already committed with the posting, so if this
 * start fails the job stays pending and starting it again (same workflow id) picks it up.
 */
export async function startRevaluation(
  deps: { orm: MikroORM; temporal: Client; taskQueue: string },
  jobId: number,
  chunkSize = REVALUATION_CHUNK_SIZE,
): Promise<string> {
  const workflowId = revaluationWorkflowId(jobId);
  const input: RevaluationInput = { jobId, chunkSize };
  await deps.temporal.workflow.start('inventoryRevaluation', {
    workflowId,
    taskQueue: deps.taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: PROCESS_TYPE, value: INVENTORY_REVALUATION },
      { key: BUSINESS_KEY, value: `REVAL-${jobId}` },
      { key: CURRENT_STEP, value: 'started' },
    ],
  });
  await query(
    deps.orm.em.fork(),
    `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step, started_at,
                                   updated_at) values (?, '', ?, ?, 'running', 'started', now(), now())
     on conflict (workflow_id) do nothing`,
    [workflowId, INVENTORY_REVALUATION, `REVAL-${jobId}`],
  );
  return workflowId;
}
