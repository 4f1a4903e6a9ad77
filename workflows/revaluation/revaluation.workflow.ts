import { continueAsNew, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { CURRENT_STEP } from '../search-attributes';
import {
  getRevaluationStateQuery,
  INVENTORY_REVALUATION,
  type RevaluationInput,
  type RevaluationState,
} from './revaluation.contract';

/** A chunk locks one valuation scope for a bounded time; a crashed worker's chunk is retried after this. */
const CHUNK_ACTIVITY = { startToCloseTimeout: '2 minutes', retry: { maximumInterval: '30 seconds' } } as const;
/** Keeps each run's history small; the job row holds the real checkpoint, so continuing as new loses nothing. */
const CHUNKS_PER_RUN = 200;

const { runRevaluationChunk, recordProcessStep } = proxyActivities<ReturnType<typeof createActivities>>(CHUNK_ACTIVITY);

/**
 * Re-values a valuation scope after a large backdated posting, chunk by chunk, each chunk its own transaction,
 * never one giant one. Progress is visible through the `getState` query and the instance's current step.
 */
export async function inventoryRevaluation(input: RevaluationInput): Promise<RevaluationState> {
  const { workflowId, runId } = workflowInfo();
  const state: RevaluationState = {
    jobId: input.jobId,
    totalEvents: 0,
    processedEvents: 0,
    revaluedMoves: 0,
    chunks: 0,
    done: false,
  };
  setHandler(getRevaluationStateQuery, () => state);
  const record = async (status: 'running' | 'completed') => {
    const percent = state.totalEvents > 0 ? Math.floor((100 * state.processedEvents) / state.totalEvents) : 0;
    const step = status === 'completed' ? 'completed' : `revaluing ${Math.min(percent, 99)}%`;
    upsertSearchAttributes([{ key: CURRENT_STEP, value: step }]);
    await recordProcessStep({
      workflowId,
      runId,
      processType: INVENTORY_REVALUATION,
      businessKey: `REVAL-${input.jobId}`,
      step,
      status,
    });
  };
  await record('running');
  for (let run = 0; run < CHUNKS_PER_RUN; run += 1) {
    Object.assign(state, await runRevaluationChunk({ jobId: input.jobId, chunkSize: input.chunkSize }));
    if (state.done) {
      await record('completed');
      return state;
    }
    await record('running');
  }
  return continueAsNew<typeof inventoryRevaluation>(input);
}
