import { appendAudit } from '../../db/repositories/audit-repository';
import { enqueueProcessStart } from '../../db/repositories/process-start-repository';
import { num, query } from '../../db/sql';
import type { Discrepancy, RepairOutcome } from '../../workflows/reconciliation/reconciliation.contract';
import { inTransaction, type ActivityDeps } from '../context';
import { existingDocuments } from './document-checks';
import type { DocumentProcess, ReconciliationDeps } from './reconciliation-deps';
import { startQueued } from './start-queued';
import { terminateIfRunning } from './temporal-checks';

/** What a repair needs: the database, Temporal and the wiring, and whom the audit entries name. */
export interface RepairContext {
  deps: ActivityDeps;
  reconciliation: ReconciliationDeps;
  actor: string;
}

type Repair = (context: RepairContext, discrepancy: Discrepancy) => Promise<Omit<RepairOutcome, 'discrepancy'>>;

/**
 * Repairs each discrepancy that has a safe repair, one at a time; each re-checks its finding first (things move
 * between the check and the repair) and audits what it changed. A failed repair is reported, not thrown: the others
 * still run, and the discrepancy remains for the next run or a person.
 */
export async function repairDiscrepancies(context: RepairContext, discrepancies: Discrepancy[]) {
  const outcomes: RepairOutcome[] = [];
  for (const discrepancy of discrepancies) {
    const repair = discrepancy.repair ? REPAIRS[discrepancy.repair] : undefined;
    if (!repair) continue;
    try {
      outcomes.push({ discrepancy, ...(await repair(context, discrepancy)) });
    } catch (error) {
      outcomes.push({ discrepancy, result: 'failed', note: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}

const REPAIRS: Record<NonNullable<Discrepancy['repair']>, Repair> = {
  'queue-start': queueStart,
  'start-queued': startNow,
  'close-orphan': closeOrphan,
  'purge-expired-keys': purgeExpiredKeys,
};

function documentOf(context: RepairContext, discrepancy: Discrepancy): DocumentProcess {
  const document = context.reconciliation.documents.find((d) => d.processType === discrepancy.processType);
  if (!document) throw new Error(`no document is wired for process type ${discrepancy.processType}`);
  return document;
}

/** Queues the start the API would have queued with the document (then starts it at once if Temporal takes it). */
async function queueStart(context: RepairContext, discrepancy: Discrepancy) {
  const document = documentOf(context, discrepancy);
  const { start, workflowIdSql } = document;
  const businessKey = discrepancy.businessKey;
  if (!start || !workflowIdSql || !businessKey) throw new Error(`${document.documentName}s are not started by intake`);
  const queued = await inTransaction(context.deps, async (em) => {
    const [row] = await query<{ status: string; createdBy: string; workflowId: string; started: boolean }>(
      em,
      `select d.status, d.created_by as "createdBy", ${workflowIdSql} as "workflowId",
              exists (select 1 from process_instance p where p.workflow_id = ${workflowIdSql})
           or exists (select 1 from process_start_outbox o where o.workflow_id = ${workflowIdSql}) as started
         from ${document.table} d where ${document.businessKeySql} = ? for update of d`,
      [businessKey],
    );
    if (!row || row.started || row.status !== document.startStatus) return null;
    const processStart = start(businessKey, row.createdBy);
    if (processStart.workflowId !== row.workflowId) return null;
    await enqueueProcessStart(em, processStart);
    await appendAudit(em, {
      actor: context.actor,
      action: 'process.start-queued',
      entityType: document.table,
      entityId: businessKey,
      workflowId: processStart.workflowId,
      details: { reason: `the ${document.documentName} had no process`, processType: document.processType },
    });
    return processStart.workflowId;
  });
  if (!queued) return { result: 'skipped', note: 'no longer without a process (or changed meanwhile)' } as const;
  const started = await startQueued(context.deps, context.reconciliation, queued, context.actor);
  if (started.outcome === 'refused') {
    return {
      result: 'repaired',
      note: `start queued; Temporal refused it now (${started.error}), the relay retries`,
    } as const;
  }
  return {
    result: 'repaired',
    note: `start queued and ${started.outcome === 'started' ? 'started' : 'taken by the relay'}`,
  } as const;
}

/** Starts a queued start Temporal had not accepted (when it still refuses, the discrepancy remains). */
async function startNow(context: RepairContext, discrepancy: Discrepancy) {
  if (!discrepancy.workflowId) throw new Error('a queued start without a workflow id');
  const started = await startQueued(context.deps, context.reconciliation, discrepancy.workflowId, context.actor);
  if (started.outcome === 'refused')
    return { result: 'failed', note: `Temporal refused it: ${started.error}` } as const;
  if (started.outcome === 'gone')
    return { result: 'skipped', note: 'no longer queued (the relay started it)' } as const;
  return { result: 'repaired', note: 'started' } as const;
}

/** Terminates a process whose document does not exist (it can never finish) and records the instance failed. */
async function closeOrphan(context: RepairContext, discrepancy: Discrepancy) {
  const document = documentOf(context, discrepancy);
  const { workflowId, businessKey } = discrepancy;
  if (!workflowId || businessKey === null) throw new Error('an orphan process without a workflow id');
  const em = context.deps.orm.em.fork();
  if ((await existingDocuments(em, document, [businessKey])).size > 0) {
    return { result: 'skipped', note: `${document.documentName} ${businessKey} exists now` } as const;
  }
  const reason = `reconciliation: ${document.documentName} ${businessKey} does not exist, so the process can never finish`;
  const terminated = await terminateIfRunning(context.reconciliation, workflowId, reason);
  const recorded = await inTransaction(context.deps, async (em) => {
    const closed = await query(
      em,
      `update process_instance set status = 'failed', last_error = ?, closed_at = coalesce(closed_at, now()),
              updated_at = now()
        where workflow_id = ? and status in ('running', 'pending') returning workflow_id`,
      [reason, workflowId],
    );
    // Another run (the doctor beside the daily run) closed it first: nothing changed, nothing to audit.
    if (!terminated && closed.length === 0) return false;
    await appendAudit(em, {
      actor: context.actor,
      action: 'process.orphan-closed',
      entityType: 'process_instance',
      entityId: workflowId,
      workflowId,
      details: { processType: document.processType, businessKey, terminated, reason },
    });
    return true;
  });
  if (!recorded) return { result: 'skipped', note: 'already closed' } as const;
  return { result: 'repaired', note: terminated ? 'terminated and recorded failed' : 'recorded failed' } as const;
}

/** Deletes the stored answers past their expiry (they already count as new requests). */
async function purgeExpiredKeys(context: RepairContext) {
  const purged = await inTransaction(context.deps, async (em) => {
    const [row] = await query<{ n: string }>(
      em,
      'with purged as (delete from api_idempotency_key where expires_at < now() returning 1) select count(*) as n from purged',
    );
    const count = num(row?.n ?? 0);
    if (count > 0) {
      await appendAudit(em, {
        actor: context.actor,
        action: 'idempotency-keys.purged',
        entityType: 'api_idempotency_key',
        entityId: 'expired',
        details: { count },
      });
    }
    return count;
  });
  if (purged === 0) return { result: 'skipped', note: 'none left to purge' } as const;
  return { result: 'repaired', note: `${purged} expired keys purged` } as const;
}
