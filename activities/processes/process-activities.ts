import { query } from '../../db/sql';
import { inTransaction, type ActivityDeps } from '../context';

/**
 * How an instance stands in the console's projection: running, or how it ended. A process that ended on purpose
 * says how (an order cancelled, a credit hold rejected), not a green "completed" for every ending.
 */
export type ProcessStepStatus = 'running' | 'completed' | 'cancelled' | 'rejected' | 'failed';

export interface ProcessStepInput {
  workflowId: string;
  runId: string;
  processType: string;
  businessKey: string;
  step: string;
  status: ProcessStepStatus;
  error?: string;
}

/** Keeps the console's process-instance projection in step with the workflow (an upsert, so retries are harmless). */
export function createProcessActivities(deps: ActivityDeps) {
  return {
    async recordProcessStep(input: ProcessStepInput): Promise<void> {
      const closed = input.status !== 'running';
      await inTransaction(deps, (em) =>
        query(
          em,
          `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step,
                                         started_at, updated_at, closed_at, last_error)
           values (?, ?, ?, ?, ?, ?, now(), now(), case when ? then now() end, ?)
           on conflict (workflow_id) do update set run_id = excluded.run_id, status = excluded.status,
             current_step = excluded.current_step, updated_at = now(),
             closed_at = coalesce(process_instance.closed_at, excluded.closed_at), last_error = excluded.last_error`,
          [
            input.workflowId,
            input.runId,
            input.processType,
            input.businessKey,
            input.status,
            input.step,
            closed,
            input.error ?? null,
          ],
        ),
      );
    },
  };
}
