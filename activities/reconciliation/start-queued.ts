import { appendAudit } from '../../db/repositories/audit-repository';
import { lockDueStarts, markStartFailed, markStartStarted } from '../../db/repositories/process-start-repository';
import { inTransaction, type ActivityDeps } from '../context';
import type { ReconciliationDeps } from './reconciliation-deps';

/** What starting one queued start came to. */
export type QueuedStartResult = { outcome: 'started' } | { outcome: 'gone' } | { outcome: 'refused'; error: string };

/**
 * Starts one queued start now, as the API's relay would: the row is locked (`skip locked`: if the relay holds it, it
 * is the relay's), Temporal accepting it or already having it marks it started; a refusal counts an attempt and
 * leaves it to the relay. The start is audited with the row, in the same transaction.
 */
export async function startQueued(
  deps: ActivityDeps,
  reconciliation: ReconciliationDeps,
  workflowId: string,
  actor: string,
): Promise<QueuedStartResult> {
  return inTransaction(deps, async (em) => {
    const [start] = await lockDueStarts(em, { limit: 1, workflowIds: [workflowId] });
    if (!start) return { outcome: 'gone' } as const;
    try {
      const { runId } = await reconciliation.startProcess(start);
      await markStartStarted(em, workflowId, runId);
      await appendAudit(em, {
        actor,
        action: 'process.started',
        entityType: 'process_start_outbox',
        entityId: workflowId,
        workflowId,
        details: { processType: start.processType, businessKey: start.businessKey, attempts: start.attempts + 1 },
      });
      return { outcome: 'started' } as const;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await markStartFailed(em, workflowId, message);
      return { outcome: 'refused', error: message } as const;
    }
  });
}
