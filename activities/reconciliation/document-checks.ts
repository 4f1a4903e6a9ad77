import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import type { DocumentProcess } from './reconciliation-deps';

// Consistency reads across documents, process instances and the outbox: anti-joins over tables chosen by the
// wiring, which the QueryBuilder has no entity for. They run once a day (or by hand), never on a hot path.

/** A document with no trace of a process: no process instance, no queued start. */
export interface UnstartedDocument {
  businessKey: string;
  workflowId: string;
  status: string;
  createdBy: string;
  createdAt: Date;
}

/** Documents older than `minutes` with no process instance and no outbox row for the workflow id they record. */
export async function documentsWithoutProcess(
  em: EntityManager,
  document: DocumentProcess & { workflowIdSql: string },
  minutes: number,
  limit: number,
): Promise<UnstartedDocument[]> {
  return query<UnstartedDocument>(
    em,
    `select ${document.businessKeySql} as "businessKey", ${document.workflowIdSql} as "workflowId", d.status,
            d.created_by as "createdBy", d.created_at as "createdAt"
       from ${document.table} d
      where d.created_at < now() - make_interval(secs => ?)
        and not exists (select 1 from process_instance p where p.workflow_id = ${document.workflowIdSql})
        and not exists (select 1 from process_start_outbox o where o.workflow_id = ${document.workflowIdSql})
      order by d.created_at limit ?`,
    [minutes * 60, limit],
  );
}

/** An instance the console shows as running (or queued to start). */
export interface RecordedProcess {
  workflowId: string;
  processType: string;
  businessKey: string;
  status: string;
}

/** Instances of `processTypes` recorded as running; reconciliation asks Temporal whether they still are. */
export async function recordedRunning(em: EntityManager, processTypes: string[]): Promise<RecordedProcess[]> {
  if (processTypes.length === 0) return [];
  return query<RecordedProcess>(
    em,
    `select workflow_id as "workflowId", process_type as "processType", business_key as "businessKey", status
       from process_instance where status = 'running' and process_type in (?) order by started_at`,
    [processTypes],
  );
}

/** Running or queued instances of one document's process type whose document does not exist. */
export async function recordedWithoutDocument(
  em: EntityManager,
  document: DocumentProcess,
  limit: number,
): Promise<RecordedProcess[]> {
  return query<RecordedProcess>(
    em,
    `select p.workflow_id as "workflowId", p.process_type as "processType", p.business_key as "businessKey", p.status
       from process_instance p
      where p.process_type = ? and p.status in ('running', 'pending')
        and not exists (select 1 from ${document.table} d where ${document.businessKeySql} = p.business_key)
      order by p.started_at limit ?`,
    [document.processType, limit],
  );
}

/** Which of `businessKeys` name an existing document. */
export async function existingDocuments(
  em: EntityManager,
  document: DocumentProcess,
  businessKeys: string[],
): Promise<Set<string>> {
  if (businessKeys.length === 0) return new Set();
  const rows = await query<{ key: string }>(
    em,
    `select ${document.businessKeySql} as key from ${document.table} d where ${document.businessKeySql} in (?)`,
    [businessKeys],
  );
  return new Set(rows.map((row) => row.key));
}

/** A queued start Temporal has not accepted yet. */
export interface QueuedStart {
  workflowId: string;
  processType: string;
  businessKey: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** Outbox rows still pending after `minutes`: the relay keeps trying, or nobody relays. */
export async function stuckStarts(em: EntityManager, minutes: number, limit: number): Promise<QueuedStart[]> {
  return query<QueuedStart>(
    em,
    `select workflow_id as "workflowId", process_type as "processType", business_key as "businessKey", attempts,
            last_error as "lastError", created_at as "createdAt"
       from process_start_outbox
      where status = 'pending' and created_at < now() - make_interval(secs => ?)
      order by created_at limit ?`,
    [minutes * 60, limit],
  );
}

/** Stored answers to idempotent requests past their expiry (they already count as new). */
export async function expiredKeyCount(em: EntityManager): Promise<number> {
  const [row] = await query<{ n: string }>(
    em,
    'select count(*) as n from api_idempotency_key where expires_at < now()',
  );
  return num(row?.n ?? 0);
}
