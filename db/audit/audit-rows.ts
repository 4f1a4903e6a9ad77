import type { AuditRowContent } from './canonical';

/**
 * The audit_log columns as the chain reads them, for a select over `audit_log a`. Hand-written SQL rather than entity
 * loads because the canonical content needs the timestamp to the microsecond, which a Date (the entity's `at`) loses.
 */
export const AUDIT_CONTENT_COLUMNS = `a.id as row_id,
  to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as row_at,
  a.actor as row_actor, a.action as row_action, a.entity_type as row_entity_type, a.entity_id as row_entity_id,
  a.workflow_id as row_workflow_id, a.details as row_details`;

/** One row selected with {@link AUDIT_CONTENT_COLUMNS} (all null when a left join found no audit row). */
export interface AuditContentColumns {
  row_id: number | null;
  row_at: string | null;
  row_actor: string | null;
  row_action: string | null;
  row_entity_type: string | null;
  row_entity_id: string | null;
  row_workflow_id: string | null;
  row_details: unknown;
}

/** The canonical content of a selected row, or null when the audit row is gone. */
export function toContent(row: AuditContentColumns): AuditRowContent | null {
  if (row.row_id === null || row.row_at === null) return null;
  return {
    id: row.row_id,
    at: row.row_at,
    actor: row.row_actor ?? '',
    action: row.row_action ?? '',
    entityType: row.row_entity_type ?? '',
    entityId: row.row_entity_id ?? '',
    workflowId: row.row_workflow_id,
    details: row.row_details,
  };
}
