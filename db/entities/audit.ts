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
  indexes: [{ properties: ['entityType', 'entityId'] }, { properties: ['workflowId'] }],
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
