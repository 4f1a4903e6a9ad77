import type { RevaluationState } from '../../workflows/revaluation/revaluation.contract';
import { processRevaluationChunk } from '../../db/inventory/revaluation-job';
import { inTransaction, type ActivityDeps } from '../context';

/** The re-valuation workflow's one side effect: one chunk, one transaction, resumable from the job's checkpoint. */
export function createRevaluationActivities(deps: ActivityDeps) {
  return {
    async runRevaluationChunk(input: { jobId: number; chunkSize: number }): Promise<RevaluationState> {
      const progress = await inTransaction(deps, (em) => processRevaluationChunk(em, input.jobId, input.chunkSize));
      return {
        jobId: progress.jobId,
        totalEvents: progress.totalEvents,
        processedEvents: progress.processedEvents,
        revaluedMoves: progress.revaluedMoves,
        chunks: progress.chunks,
        done: progress.done,
      };
    },
  };
}
