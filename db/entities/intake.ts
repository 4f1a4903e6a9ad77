import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

/**
 * The stored answer to a create request sent with an `Idempotency-Key` header: a retry with the same key and the
 * same request gets this answer again instead of a second document; the same key with a different request is
 * refused. Keyed per actor, so two users' keys never collide; expired keys count as new and are purged daily.
 */
export class ApiIdempotencyKey {
  actor!: string;
  key!: string;
  /** Method and route pattern, e.g. "POST /api/orders". */
  route!: string;
  /** sha256 hex of the canonical JSON of the route's params and body (api/intake/request-hash.ts). */
  requestHash!: string;
  statusCode!: number;
  response!: unknown;
  createdAt: Date = new Date();
  expiresAt!: Date;
}

export const ApiIdempotencyKeySchema = new EntitySchema<ApiIdempotencyKey>({
  class: ApiIdempotencyKey,
  tableName: 'api_idempotency_key',
  indexes: [{ properties: ['expiresAt'] }],
  properties: {
    actor: { type: 'string', length: 100, primary: true },
    key: { type: 'string', length: 200, primary: true },
    route: { type: 'string', length: 200 },
    requestHash: { type: 'string', length: 64 },
    statusCode: { type: 'number' },
    response: { type: 'json' },
    createdAt: { ...timestampColumn },
    expiresAt: { ...timestampColumn },
  },
});

export type ProcessStartStatus = 'pending' | 'started';

/**
 * A process start committed together with its document (the transactional outbox): the API starts it right after
 * the commit, and a relay retries every row still pending until Temporal accepts it ("already started" counts as
 * accepted), so a document never lives without its process.
 */
export class ProcessStartOutbox {
  workflowId!: string;
  /** The registered workflow function, e.g. 'orderFulfillment'. */
  workflowType!: string;
  processType!: string;
  businessKey!: string;
  taskQueue!: string;
  args!: unknown[];
  status: ProcessStartStatus = 'pending';
  attempts = 0;
  lastError: string | null = null;
  nextAttemptAt: Date = new Date();
  requestedBy!: string;
  createdAt: Date = new Date();
  startedAt: Date | null = null;
}

export const ProcessStartOutboxSchema = new EntitySchema<ProcessStartOutbox>({
  class: ProcessStartOutbox,
  tableName: 'process_start_outbox',
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  properties: {
    workflowId: { type: 'string', length: 200, primary: true },
    workflowType: { type: 'string', length: 80 },
    processType: { type: 'string', length: 40 },
    businessKey: { type: 'string', length: 120 },
    taskQueue: { type: 'string', length: 200 },
    args: { type: 'json' },
    status: { type: 'string', length: 20, default: 'pending' },
    attempts: { type: 'number', default: 0 },
    lastError: { type: 'text', nullable: true },
    nextAttemptAt: { ...timestampColumn },
    requestedBy: { type: 'string', length: 100 },
    createdAt: { ...timestampColumn },
    startedAt: { ...timestampColumn, nullable: true },
  },
});
