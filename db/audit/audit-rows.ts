import type { AuditRowContent } from './canonical';

/**
 * The audit_log columns as the chain reads them, for a select over `audit_log a`. Hand-written SQL rather than entity
 * loads because the canonical content needs the timestamp to the microsecond, which a Date (the entity's `at`) loses.
 * The timestamp comes as PostgreSQL's own text of the UTC time (see {@link isoMicros}): to_char cost more per row
 * than the rest of the select together (bench/audit-chain.bench.ts).
 */
export const AUDIT_CONTENT_COLUMNS = `a.id as row_id,
  (a.at at time zone 'UTC')::text as row_at,
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
    at: isoMicros(row.row_at),
    actor: row.row_actor ?? '',
    action: row.row_action ?? '',
    entityType: row.row_entity_type ?? '',
    entityId: row.row_entity_id ?? '',
    workflowId: row.row_workflow_id,
    details: row.row_details,
  };
}

/**
 * PostgreSQL's ISO text of a timestamp (`2026-01-01 00:00:17` or `2026-01-01 00:00:17.1234`: trailing zeros of the
 * fraction dropped) as the chain's form, `2026-01-01T00:00:17.123400Z`: always six digits, as sealed. Throws on any
 * other shape (a server whose DateStyle is not ISO): a wrong text would show as tampering.
 */
export function isoMicros(text: string): string {
  if (
    text.length < 19 ||
    text.length > 26 ||
    text[10] !== ' ' ||
    text[4] !== '-' ||
    (text.length > 19 && text[19] !== '.')
  ) {
    throw new Error(`audit timestamp "${text}" is not in PostgreSQL's ISO form: set DateStyle to ISO`);
  }
  const fraction = text.length > 20 ? text.slice(20) : '';
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction.padEnd(6, '0')}Z`;
}
