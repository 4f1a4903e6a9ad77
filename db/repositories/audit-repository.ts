import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../sql';

export interface AuditInput {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  workflowId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one audit entry in the caller's transaction, so the entry exists exactly when the change does. */
export async function appendAudit(em: EntityManager, entry: AuditInput): Promise<void> {
  await query(
    em,
    `insert into audit_log (at, actor, action, entity_type, entity_id, workflow_id, details)
     values (now(), ?, ?, ?, ?, ?, ?)`,
    [
      entry.actor,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.workflowId ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}
