import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

/** Who did what to which record, and when; append-only like the stock ledger. */
export class AuditEntry {
  id!: number;
  at: Date = new Date();
  actor!: string;
  action!: string;
  entityType!: string;
  entityId!: string;
  workflowId: string | null = null;
  details: Record<string, unknown> = {};
}

export const AuditEntrySchema = new EntitySchema<AuditEntry>({
  class: AuditEntry,
  tableName: 'audit_log',
  indexes: [
    { properties: ['entityType', 'entityId'] },
    { properties: ['workflowId'] },
    // The auditor's trail: by time, by user, by action, newest first.
    { name: 'audit_log_at_index', properties: ['at'] },
    { name: 'audit_log_actor_at_index', properties: ['actor', 'at'] },
    { name: 'audit_log_action_at_index', properties: ['action', 'at'] },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    at: { ...timestampColumn },
    actor: { type: 'string', length: 64 },
    action: { type: 'string', length: 60 },
    entityType: { type: 'string', length: 40 },
    entityId: { type: 'string', length: 200 },
    workflowId: { type: 'string', length: 200, nullable: true },
    details: { type: 'json' },
  },
});

/**
 * The result of an activity execution that already ran, keyed by a caller-chosen idempotency key
 * (workflow id + step). A retried or replayed activity finds its row and returns the stored result.
 */
export class IdempotencyRecord {
  key!: string;
  activity!: string;
  result: unknown;
  createdAt: Date = new Date();
}

export const IdempotencyRecordSchema = new EntitySchema<IdempotencyRecord>({
  class: IdempotencyRecord,
  tableName: 'idempotency_record',
  properties: {
    key: { type: 'string', length: 250, primary: true },
    activity: { type: 'string', length: 80 },
    result: { type: 'json', nullable: true },
    createdAt: { ...timestampColumn },
  },
});

/**
 * One audit row's place in the tamper-evident chain (issue 18): written once by the sealer after the row committed,
 * never changed (append-only by trigger). `contentHash` is the sha256 of the row's canonical content and `chainHash`
 * is sha256(previous chainHash + contentHash); see db/audit/canonical.ts.
 */
export class AuditSeal {
  /** Chain position: 1, 2, 3 ... without gaps, fixed at sealing (ids are not commit order). */
  seq!: number;
  auditId!: number;
  contentHash!: string;
  chainHash!: string;
  sealedAt: Date = new Date();
}

export const AuditSealSchema = new EntitySchema<AuditSeal>({
  class: AuditSeal,
  tableName: 'audit_seal',
  indexes: [{ properties: ['sealedAt'] }],
  properties: {
    seq: { type: 'number', primary: true, autoincrement: false },
    auditId: { type: 'number', unique: true },
    contentHash: { type: 'string', length: 64 },
    chainHash: { type: 'string', length: 64 },
    sealedAt: { ...timestampColumn },
  },
});
