import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { enqueueProcessStart, type ProcessStart } from '../../db/repositories/process-start-repository';
import {
  INVENTORY_REVALUATION,
  revaluationWorkflowId,
  type RevaluationInput,
} from '../../workflows/revaluation/revaluation.contract';
import { ApiError } from '../errors';
import { ProcessStarter } from '../intake/process-starter';

/** Postings replayed per chunk (one transaction each). */
export const REVALUATION_CHUNK_SIZE = 250;

/**
 * The durable re-valuation of a queued job, as a process start: committed to the outbox in the transaction of the
 * posting that queued the job (api/intake), so the job never waits without its workflow.
 */
export function revaluationStart(
  jobId: number,
  taskQueue: string,
  requestedBy: string,
  chunkSize = REVALUATION_CHUNK_SIZE,
): ProcessStart {
  const input: RevaluationInput = { jobId, chunkSize };
  return {
    workflowId: revaluationWorkflowId(jobId),
    workflowType: 'inventoryRevaluation',
    processType: INVENTORY_REVALUATION,
    businessKey: `REVAL-${jobId}`,
    taskQueue,
    args: [input],
    requestedBy,
  };
}

/**
 * Starts the re-valuation of a queued job outside a request (tests, repair scripts): queues its start (harmless when
 * queued already) and starts it now; refused with PROCESS_UNAVAILABLE when Temporal does not accept it in time (the
 * start then stays in the outbox for the API's relay).
 */
export async function startRevaluation(
  deps: { orm: MikroORM; temporal: Client; taskQueue: string },
  jobId: number,
  chunkSize = REVALUATION_CHUNK_SIZE,
): Promise<string> {
  const start = revaluationStart(jobId, deps.taskQueue, 'system', chunkSize);
  await deps.orm.em.fork().transactional((em) => enqueueProcessStart(em, start));
  const starter = new ProcessStarter({
    orm: deps.orm,
    temporal: deps.temporal,
    log: { info: () => undefined, warn: () => undefined },
    startTimeoutMs: 10_000,
    relayIntervalMs: 60_000,
  });
  const accepted = await starter.startNow([start.workflowId]);
  const [row] = await deps.orm.em
    .fork()
    .execute<Array<{ status: string }>>('select status from process_start_outbox where workflow_id = ?', [
      start.workflowId,
    ]);
  if (accepted === 0 && row?.status !== 'started') {
    throw new ApiError('PROCESS_UNAVAILABLE', `The re-valuation ${start.workflowId} could not be started`);
  }
  return start.workflowId;
}
