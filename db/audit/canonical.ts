import * as crypto from 'node:crypto';
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
  // Plain loops and string building: verifying a chain of a million rows runs this for every row and every object in it.
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const order = keyOrder(Object.keys(record));
  let text = '{';
  let first = true;
  for (let i = 0; i < order.keys.length; i += 1) {
    const inner = record[order.keys[i] as string];
    if (inner === undefined) continue;
    text += (first ? order.heads[i] : `,${order.heads[i]}`) + canonicalJson(inner);
    first = false;
  }
  return `${text}}`;
}

/** An object's keys in canonical order, each with its JSON text and colon (`"key":`) ready to write. */
interface KeyOrder {
  /** The keys as Object.keys gave them: an entry serves only objects whose keys are exactly these, in this order. */
  own: string[];
  keys: string[];
  heads: string[];
}

/**
 * Audit details come in few shapes (the same keys row after row): each shape's sorted keys and their JSON texts are kept,
 * so a verify of a million rows sorts and escapes each shape's keys once, not per row. Bounded: past SHAPES_KEPT shapes
 * (details keyed by free values, say SKUs) the rest are sorted each time.
 */
const shapes = new Map<string, KeyOrder>();
const SHAPES_KEPT = 2_000;

function keyOrder(own: string[]): KeyOrder {
  const id = own.join(',');
  const kept = shapes.get(id);
  // The joined text is only a hint (a key may hold a comma): the entry serves when its keys are these keys.
  if (kept && sameKeys(kept.own, own)) return kept;
  const keys = own.slice().sort(byCodeUnits);
  const order = { own, keys, heads: keys.map((key) => `${JSON.stringify(key)}:`) };
  if (!kept && shapes.size < SHAPES_KEPT) shapes.set(id, order);
  return order;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Plain code-unit order (not locale order, which differs between machines). */
function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** One-shot `crypto.hash` where Node has it (>= 20.12): a fraction of a createHash object's cost per call. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** sha256 of a text's UTF-8 bytes, in hex. */
export function sha256(text: string): string {
  if (oneShot) return oneShot('sha256', text, 'hex');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The row's canonical JSON, the same text as `canonicalJson` of its columns, written out with the columns' keys in their
 * sorted order: verifying a million rows skips building, walking and sorting the row's object (only `details` is
 * walked). canonical.test.ts holds it to canonicalJson.
 */
export function contentText(row: AuditRowContent): string {
  return contentTextWith(row, canonicalJson(row.details));
}

/** {@link contentText} with the details given already as their canonical JSON (`row.details` is not read). */
function contentTextWith(row: Omit<AuditRowContent, 'details'>, canonicalDetails: string): string {
  const s = JSON.stringify;
  return (
    `{"action":${s(row.action)},"actor":${s(row.actor)},"at":${s(row.at)},"details":${canonicalDetails},` +
    `"entityId":${s(row.entityId)},"entityType":${s(row.entityType)},"id":${s(row.id)},"workflowId":${s(row.workflowId)}}`
  );
}

/** sha256 (hex) of the row's canonical JSON: every column, named as in {@link AuditRowContent}. */
export function contentHash(row: AuditRowContent): string {
  return sha256(contentText(row));
}

/**
 * {@link contentHash} of a row whose details are given as their canonical JSON (canonical-text.ts writes it from the
 * database's text without parsing it).
 */
export function contentHashWith(row: Omit<AuditRowContent, 'details'>, canonicalDetails: string): string {
  return sha256(contentTextWith(row, canonicalDetails));
}

/** sha256 (hex) of the previous chain hash followed by this row's content hash (both as hex text). */
export function chainHash(previousChainHash: string, rowContentHash: string): string {
  return sha256(previousChainHash + rowContentHash);
}
