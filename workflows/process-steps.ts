import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { CURRENT_STEP } from './search-attributes';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

const { recordProcessStep } = proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/** The instance a process records its steps under (the console's process list reads them). */
export interface ProcessIdentity {
  processType: string;
  businessKey: string;
}

/** What {@link processSteps} gives a workflow: entering a step, and running its body with failures recorded. */
export interface ProcessSteps<Step extends string> {
  /**
   * Moves the process to `step`: the state the query answers, the search attribute, the instance row. A final step
   * says how the process ended (`completed`, or `cancelled` / `rejected`, which the process list shows and filters).
   */
  enter(step: Step, status?: 'running' | 'completed' | 'cancelled' | 'rejected'): Promise<void>;
  /** Runs the process body; a failure is recorded on the instance at the step it happened in, then rethrown. */
  run<T>(body: () => Promise<T>): Promise<T>;
}

/**
 * The step bookkeeping every process does the same way (purchase receipt, supplier invoice and return, stock
 * count): one `recordProcessStep` per step and one on failure, so the process list shows where each instance
 * stands and where a failed one stopped. The activity calls are the ones each workflow made itself before, in the
 * same order, so recorded histories replay unchanged.
 */
export function processSteps<Step extends string>(
  instance: ProcessIdentity,
  state: { step: Step },
): ProcessSteps<Step> {
  const { workflowId, runId } = workflowInfo();
  return {
    async enter(step, status = 'running') {
      state.step = step;
      upsertSearchAttributes([{ key: CURRENT_STEP, value: step }]);
      await recordProcessStep({ workflowId, runId, ...instance, step, status });
    },
    async run(body) {
      try {
        return await body();
      } catch (error) {
        await recordProcessStep({
          workflowId,
          runId,
          ...instance,
          step: state.step,
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
    },
  };
}
