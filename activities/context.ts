import type { ProcessStart } from '../db/repositories/process-start-repository';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/activity';
import { BooksError } from '../db/errors';
import { claimKey, storeResult } from '../db/repositories/idempotency-repository';
import type { ReconciliationDeps } from './reconciliation/reconciliation-deps';

/** What activities need from the outside world; the worker builds it once. */
export interface ActivityDeps {
  orm: MikroORM;
  /** Fault injection for crash tests: the named activity kills its process right after committing. */
  crashAfterCommit?: string;
  /** Temporal and the document wiring, for the reconciliation activities (the worker sets it). */
  reconciliation?: ReconciliationDeps;
  /** How new documents' processes start, for activities that create documents (the worker sets it). */
  documentStarts?: DocumentStarts;
}

/**
 * The process starts the API queues with a new document (workflows/<process>/<process>.start.ts). Activities may
 * import only types from workflows, so the worker hands the builders in: a document an activity creates starts
 * exactly as one the API creates.
 */
export interface DocumentStarts {
  purchaseReceipt(orderNumber: string, requestedBy: string, taskQueue: string): ProcessStart;
  productionOrder(orderNumber: string, requestedBy: string, taskQueue: string): ProcessStart;
  subcontractOrder(orderNumber: string, requestedBy: string, taskQueue: string): ProcessStart;
}

/**
 * Runs `work` in its own transaction on a forked EntityManager (never the global one). A refusal by the books
 * (out of stock, closed period ...) is final: it crosses to the workflow as a non-retryable failure carrying its
 * code, so the workflow can compensate instead of retrying forever.
 */
export async function inTransaction<T>(deps: ActivityDeps, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await deps.orm.em.fork().transactional(work);
  } catch (error) {
    if (error instanceof BooksError)
      throw ApplicationFailure.nonRetryable(error.message, error.code, { field: error.field });
    throw error;
  }
}

/**
 * Runs `work` exactly once per idempotency key: the key and the result commit in the same transaction as the
 * work, so a retry after a crash (before or after the commit) finds either nothing or the finished result.
 */
export async function runOnce<T>(
  deps: ActivityDeps,
  activity: string,
  key: string,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const result = await inTransaction(deps, async (em) => {
    const claim = await claimKey(em, `${activity}:${key}`, activity);
    if (!claim.fresh) return claim.result as T;
    const fresh = await work(em);
    await storeResult(em, `${activity}:${key}`, fresh);
    return fresh;
  });
  if (deps.crashAfterCommit === activity) process.kill(process.pid, 'SIGKILL');
  return result;
}
