import { defineQuery } from '@temporalio/workflow';

/** Process type of the chunked inventory re-valuation after a large backdated posting. */
export const INVENTORY_REVALUATION = 'inventory-revaluation';

export function revaluationWorkflowId(jobId: number): string {
  return `${INVENTORY_REVALUATION}:${jobId}`;
}

export interface RevaluationInput {
  jobId: number;
  /** Postings replayed per chunk; each chunk is one transaction. */
  chunkSize: number;
}

/** Live progress, shown on the instance page (query) and as the current step in the process list. */
export interface RevaluationState {
  jobId: number;
  totalEvents: number;
  processedEvents: number;
  revaluedMoves: number;
  chunks: number;
  done: boolean;
}

export const getRevaluationStateQuery = defineQuery<RevaluationState>('getState');
