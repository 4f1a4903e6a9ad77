import { contentHash, contentHashWith, sha256, type AuditRowContent } from './canonical';
import { canonicalFromJsonText } from './canonical-text';

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

/** Separates the columns in {@link AUDIT_CONTENT_JOINED}: the unit separator, which jsonb's text never holds raw. */
const UNIT = '\x1f';

/**
 * The same columns as {@link AUDIT_CONTENT_COLUMNS} joined into one text per row by {@link UNIT} (a null workflow id as
 * an empty field, any other after '='; details last), read back by {@link splitContentText}. The chain's verifier
 * reads a million rows so: the driver then decodes one field per row instead of eight, which cost Node more than
 * hashing (2 µs a row less in all, database included, measured on bench/audit-chain.bench.ts's rows). A text column
 * holding the separator itself splits into too many fields and is read again column by column, never guessed.
 */
export const AUDIT_CONTENT_JOINED = `a.id || E'\\x1f' || (a.at at time zone 'UTC')::text || E'\\x1f' || a.actor || E'\\x1f'
  || a.action || E'\\x1f' || a.entity_type || E'\\x1f' || a.entity_id || E'\\x1f' || coalesce('=' || a.workflow_id, '')
  || E'\\x1f' || a.details::text`;

/**
 * One {@link AUDIT_CONTENT_JOINED} text as the columns of {@link AUDIT_CONTENT_COLUMNS} (as text), or null when it does
 * not split into exactly those columns (a column holds the separator: read that row by its columns instead).
 */
export function splitContentText(text: string | null): (string | null)[] | null {
  if (text === null) return null;
  const columns: (string | null)[] = text.split(UNIT);
  if (columns.length !== 8) return null;
  const workflowId = columns[6] as string;
  if (workflowId === '') columns[6] = null;
  else if (workflowId[0] === '=') columns[6] = workflowId.slice(1);
  else return null;
  return columns;
}

/**
 * The position of the separator before details in a {@link AUDIT_CONTENT_JOINED} text that splits into exactly its
 * columns (as {@link splitContentText} would split it), or -1. jsonb's text never holds the separator raw, so exactly
 * seven of them, the workflow id's field empty or starting with '=', is a text whose columns are known.
 */
export function detailsSeparator(text: string): number {
  let at = -1;
  for (let n = 0; n < 7; n += 1) {
    at = text.indexOf(UNIT, at + 1);
    if (at < 0) return -1;
  }
  if (text.indexOf(UNIT, at + 1) >= 0) return -1;
  const workflowStart = text.lastIndexOf(UNIT, at - 1) + 1;
  return workflowStart === at || text.charCodeAt(workflowStart) === 61 ? at : -1;
}

/**
 * The content hash of a joined row text (one that {@link detailsSeparator} takes), built from the text itself: no
 * columns split out, no object, no JSON.stringify per column. Taken only when every column before details is text
 * JSON.stringify writes unchanged between quotes (no quote, backslash, control character or surrogate) and the id
 * has at most 15 digits (a number JavaScript writes back as read); otherwise, and when details are not taken by
 * canonical-text.ts, the columns' own path (contentHashOfText). Verifying a million rows spent a fifth of its time on
 * the split columns and their escapes (bench/audit-chain.bench.ts); canonical.test.ts holds both paths to the same hash.
 */
export function contentHashOfJoined(text: string, detailsAt: number): string | null {
  const ends: number[] = [];
  for (let i = 0; i < detailsAt; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 31) ends.push(i);
    else if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return slowContentHash(text);
  }
  const [id, at, actor, action, entityType, entityId] = ends as [number, number, number, number, number, number];
  const details = canonicalFromJsonText(text.slice(detailsAt + 1));
  if (details === null || id === 0 || id > 15 || !digitsOnly(text, id)) return slowContentHash(text);
  const workflow = entityId + 1 === detailsAt ? 'null' : `"${text.slice(entityId + 2, detailsAt)}"`;
  return sha256(
    `{"action":"${text.slice(actor + 1, action)}","actor":"${text.slice(at + 1, actor)}","at":"${isoMicros(
      text.slice(id + 1, at),
    )}","details":${details},"entityId":"${text.slice(entityType + 1, entityId)}","entityType":"${text.slice(
      action + 1,
      entityType,
    )}","id":${text.slice(0, id)},"workflowId":${workflow}}`,
  );
}

function digitsOnly(text: string, end: number): boolean {
  if (text.charCodeAt(0) === 48 && end > 1) return false;
  for (let i = 0; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function slowContentHash(text: string): string | null {
  return contentHashOfText(splitContentText(text) ?? undefined);
}

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

/** A row of {@link AUDIT_CONTENT_COLUMNS} read as an array of text, in the columns' order. */
type TextColumns = readonly (string | null)[];

/**
 * The canonical content of a row of {@link AUDIT_CONTENT_COLUMNS} read as an array of text, in the columns' order
 * (undefined or a null id: the audit row is gone). The chain's verifier reads rows so (chain-segment.ts): a million
 * rows as named objects cost more than hashing them.
 */
export function contentOfText(r: TextColumns | undefined): AuditRowContent | null {
  const columns = columnsOfText(r);
  if (!columns) return null;
  return { ...columns, details: r?.[7] === null || r?.[7] === undefined ? null : (JSON.parse(r[7]) as unknown) };
}

/** A text row's columns but details, as content names them (null: the audit row is gone). */
function columnsOfText(r: TextColumns | undefined): Omit<AuditRowContent, 'details'> | null {
  if (r === undefined || r[0] === null || r[0] === undefined || !r[1]) return null;
  return {
    id: Number(r[0]),
    at: isoMicros(r[1]),
    actor: r[2] ?? '',
    action: r[3] ?? '',
    entityType: r[4] ?? '',
    entityId: r[5] ?? '',
    workflowId: r[6] ?? null,
  };
}

/**
 * The content hash of a row of {@link AUDIT_CONTENT_COLUMNS} read as text, as {@link contentOfText} then contentHash
 * give it (null: the row is gone), with the details made canonical straight from jsonb's text (canonical-text.ts)
 * rather than parsed and walked. A hash that does not match the seal is computed again by `exactContentHash` before
 * it is called a break.
 */
export function contentHashOfText(r: TextColumns | undefined): string | null {
  const columns = columnsOfText(r);
  if (!columns) return null;
  const details = r?.[7] === null || r?.[7] === undefined ? 'null' : canonicalFromJsonText(r[7]);
  return details === null ? exactContentHash(r) : contentHashWith(columns, details);
}

/** The content hash of a row read as text through the parsed value (JSON.parse, canonicalJson); null: row gone. */
export function exactContentHash(r: TextColumns | undefined): string | null {
  const content = contentOfText(r);
  return content && contentHash(content);
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
