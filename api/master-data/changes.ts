import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../../db/entities';
import { ApiError } from '../errors';

/** What a change did to each field: `{ leadTimeDays: { from: null, to: 14 } }`. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * Records a master-data change in the audit log, in the caller's unit of work (persisted, written by the same
 * flush as the change itself, so the entry exists exactly when the change does).
 */
export function auditChange(
  em: EntityManager,
  entry: { actor: string; action: string; entityType: string; entityId: string; details?: Record<string, unknown> },
): void {
  const audit = new AuditEntry();
  audit.actor = entry.actor;
  audit.action = entry.action;
  audit.entityType = entry.entityType;
  audit.entityId = entry.entityId;
  audit.details = entry.details ?? {};
  em.persist(audit);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Copies the given scalar fields from `body` onto `entity` (fields absent from the body are left alone) and returns
 * what actually changed, for the audit entry.
 */
export function assignFields<E extends object>(
  entity: E,
  body: Partial<Record<keyof E & string, unknown>>,
  fields: ReadonlyArray<keyof E & string>,
): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    if (!(field in body) || body[field] === undefined) continue;
    const to = body[field];
    const from = entity[field];
    if (same(from, to)) continue;
    changes[field] = { from, to };
    (entity as Record<string, unknown>)[field] = to;
  }
  return changes;
}

/**
 * Refuses (409 FIELD_FROZEN naming the field) a change to any of `frozen` when `hasHistory` says the record is
 * already referenced by the books. Unchanged values pass, so re-importing an exported file is fine.
 */
export async function refuseFrozenChanges<E extends object>(
  entity: E,
  body: Partial<Record<keyof E & string, unknown>>,
  frozen: ReadonlyArray<keyof E & string>,
  hasHistory: () => Promise<boolean>,
  why: string,
): Promise<void> {
  const touched = frozen.filter((field) => body[field] !== undefined && !same(entity[field], body[field]));
  if (touched.length === 0 || !(await hasHistory())) return;
  const field = touched[0] as string;
  throw new ApiError('FIELD_FROZEN', `${field} cannot change: ${why}`, field);
}

/** 409 DUPLICATE naming the key field when a record with this key exists already. */
export function duplicate(label: string, field: string, key: string): ApiError {
  return new ApiError('DUPLICATE', `There is already a ${label} ${key}`, field);
}
