import type { EntityManager } from '@mikro-orm/postgresql';
import { MrpRun } from '../entities';

/** What a run is asked to plan (the API's request, stored on the queued run). */
export interface MrpRunRequest {
  /** The run's date (ISO): the first bucket starts on it. */
  asOf: string;
  bucketSize: 'day' | 'week';
  bucketCount: number;
  /** A what-if: never reviewed nor released. */
  simulation: boolean;
  /** A simulation may plan under a draft lot-sizing version (its number); a live run takes the one in force. */
  lotSizingVersion?: number | null;
  workflowId: string | null;
  requestedBy: string;
}

/** Queues a run (the API does this with its process start; tests and the bench directly). */
export async function queueMrpRun(em: EntityManager, request: MrpRunRequest): Promise<MrpRun> {
  if (request.lotSizingVersion != null && !request.simulation) {
    throw new RangeError('Only a simulation may plan under a lot-sizing version that is not in force');
  }
  const run = Object.assign(new MrpRun(), {
    simulation: request.simulation,
    workflowId: request.workflowId,
    asOf: request.asOf,
    bucketSize: request.bucketSize,
    bucketCount: request.bucketCount,
    lotSizingVersion: request.lotSizingVersion ?? null,
    createdBy: request.requestedBy,
  });
  await em.persist(run).flush();
  return run;
}
