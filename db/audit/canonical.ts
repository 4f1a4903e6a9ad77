import { createHash } from 'node:crypto';

/**
 * Every column of one audit_log row, as the chain hashes it. `at` is the timestamp in UTC to the microsecond (as
 * PostgreSQL stores it: a JavaScript Date would drop the microseconds of rows written with `now()`).
 */
export interface AuditRowContent {
  id: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  workflowId: string | null;
  details: unknown;
}

/** The chain hash before the first seal: 64 zeros, so the first link is computed like every other one. */
export const GENESIS_CHAIN_HASH = '0'.repeat(64);

/**
 * Stable canonical JSON: object keys sorted (by UTF-16 code units) at every depth, arrays in order, no whitespace.
 * The same content always gives the same text whatever order its keys were written or stored in (jsonb reorders).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new Error(`canonical JSON cannot hold ${String(value)}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => byCodeUnits(a, b));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
}

/** Plain code-unit order (not locale order, which differs between machines). */
function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 (hex) of the row's canonical JSON: every column, named as in {@link AuditRowContent}. */
export function contentHash(row: AuditRowContent): string {
  const { id, at, actor, action, entityType, entityId, workflowId, details } = row;
  return sha256(canonicalJson({ id, at, actor, action, entityType, entityId, workflowId, details }));
}

/** sha256 (hex) of the previous chain hash followed by this row's content hash (both as hex text). */
export function chainHash(previousChainHash: string, rowContentHash: string): string {
  return sha256(previousChainHash + rowContentHash);
}
