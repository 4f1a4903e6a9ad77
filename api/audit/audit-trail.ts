import { Readable } from 'node:stream';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canonicalJson, GENESIS_CHAIN_HASH } from '../../db/audit/canonical';
import { sealAuditLog } from '../../db/audit/seal';
import type { Role } from '../../db/entities';
import { query } from '../../db/sql';
import { ApiError } from '../errors';
import {
  csvResponse,
  EXPORT_CHUNK,
  listPage,
  orderClause,
  sendCsvStream,
  sqlListQuery,
  when,
  whereClause,
  type SqlListSpec,
} from '../lists/sql-list';
import { routeDocs } from '../openapi/route-docs';
import { pageOf } from '../pagination';

/** Who reads the trail: auditors, and admins. Nothing here changes business data (sealing only appends seals). */
const AUDIT_READERS: readonly Role[] = ['admin', 'auditor'];

/** One audit row with its place in the chain (null while the sealer has not reached it). */
export const auditTrailRow = z.object({
  id: z.number().int().describe('The audit row id (not the chain order: see `seq`)'),
  seq: z.number().int().nullable().describe('Chain position; null while the row is not sealed yet'),
  at: z.string().describe('When, in UTC to the microsecond (as the chain hashes it)'),
  actor: z.string().describe('The authenticated user (or the system actor) who acted'),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().describe('The document or record acted on'),
  workflowId: z.string().nullable().describe('The process instance, when the action belongs to one'),
  details: z.unknown().describe('What the action carried, as audited'),
  contentHash: z.string().nullable().describe("sha256 of the row's canonical content"),
  previousHash: z.string().nullable().describe("The previous position's chain hash (64 zeros before the first)"),
  chainHash: z.string().nullable().describe('sha256(previousHash + contentHash)'),
});
export type AuditTrailRow = z.infer<typeof auditTrailRow>;

const SORT_FIELDS = {
  at: 'a.at',
  seq: 's.seq',
  id: 'a.id',
  actor: 'a.actor',
  action: 'a.action',
  entityType: 'a.entity_type',
  entityId: 'a.entity_id',
  workflowId: 'a.workflow_id',
} as const;

/** A UTC day (`2026-12-03`, the whole day) or an instant (`2026-12-03T10:15:00Z`; no zone means UTC). */
const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:\d{2})?)?$/;
const instant = (what: string) =>
  z
    .string()
    .max(40)
    .regex(INSTANT, 'must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SSZ)')
    .refine(isRealInstant, 'is not a real date and time')
    .or(z.literal(''))
    .optional()
    .describe(what);

const text = (max: number, what: string) => z.string().max(max).optional().describe(what);

export const auditTrailQuery = sqlListQuery(SORT_FIELDS, {
  actor: text(64, 'The user who acted (exact username)'),
  action: text(60, 'The action (exact, e.g. `order.created`)'),
  entityType: text(40, 'The kind of document or record (exact, e.g. `sales_order`)'),
  entityId: text(200, 'The document or record (exact, e.g. an order number or SKU)'),
  workflowId: text(200, 'The process instance (exact workflow id)'),
  from: instant('From this day (UTC, inclusive) or instant'),
  to: instant('To this day (UTC, the whole day) or instant (inclusive)'),
});
type AuditTrailQuery = z.infer<typeof auditTrailQuery>;

/**
 * A calendar day that exists (no 30 February) in the years 1000-9998, a time of day before 24:00 and a zone offset
 * of at most 14 hours: what PostgreSQL reads as given (it would refuse or misread the rest).
 */
function isRealInstant(text: string): boolean {
  const match = INSTANT.exec(text);
  if (!match) return false;
  const [, day = '', time, zone] = match;
  const year = Number(day.slice(0, 4));
  if (year < 1000 || year > 9998) return false; // a `to` day's bound is the next midnight: still a 4-digit year
  const midnight = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) return false;
  const [hours = 0, minutes = 0, seconds = 0] = (time ?? '').split(':').map(Number);
  const [zoneHours = 0, zoneMinutes = 0] = zone && zone !== 'Z' ? zone.slice(1).split(':').map(Number) : [];
  if (zoneHours > 14 || zoneMinutes > 59) return false;
  return hours < 24 && minutes < 60 && seconds < 60 && !Number.isNaN(Date.parse(toInstant(text)));
}

/** `YYYY-MM-DDTHH:MM[:SS]` without a zone is UTC. */
function toInstant(text: string): string {
  const match = INSTANT.exec(text);
  if (!match) return text;
  const [, day, time, zone] = match;
  return time ? `${day}T${time}${zone ?? 'Z'}` : `${day}T00:00:00Z`;
}

/** The exclusive upper bound of `to`: the next UTC midnight for a day, just past the instant otherwise. */
function upperBound(text: string): { sql: string; value: string } {
  const match = INSTANT.exec(text);
  if (match && !match[2]) {
    const next = new Date(Date.parse(`${match[1]}T00:00:00Z`) + 86_400_000).toISOString();
    return { sql: 'a.at < ?::timestamptz', value: next };
  }
  return { sql: 'a.at <= ?::timestamptz', value: toInstant(text) };
}

/** The query with its time range checked as a whole: `to` before `from` is refused naming `to`. */
export function checkedTrailQuery(listQuery: AuditTrailQuery): AuditTrailQuery {
  if (listQuery.from && listQuery.to) {
    const from = Date.parse(toInstant(listQuery.from));
    const bound = upperBound(listQuery.to);
    const to = Date.parse(bound.value);
    // A day's bound is exclusive (the next midnight), an instant's inclusive: either way the range must hold a moment.
    const empty = bound.sql.includes('<=') ? to < from : to <= from;
    if (empty) throw new ApiError('VALIDATION_FAILED', 'querystring.to: must not be before from', 'to');
  }
  return listQuery;
}

const optionalText = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** The audit trail: audit_log with each row's seal and the seal before it (the link the chain hash covers). */
export const auditTrailSpec: SqlListSpec<AuditTrailQuery, AuditTrailRow> = {
  select: `a.id, s.seq, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_text, a.actor,
       a.action, a.entity_type, a.entity_id, a.workflow_id, a.details, s.content_hash, s.chain_hash,
       case when s.seq = 1 then '${GENESIS_CHAIN_HASH}' else p.chain_hash end as previous_hash`,
  from: `from audit_log a left join audit_seal s on s.audit_id = a.id left join audit_seal p on p.seq = s.seq - 1`,
  sortFields: SORT_FIELDS,
  defaultSort: '-at',
  tieBreaker: 'a.id',
  searchFields: ['a.actor', 'a.action', 'a.entity_type', 'a.entity_id', 'a.workflow_id'],
  where: (q) => [
    ...when(q.actor, 'a.actor = ?'),
    ...when(q.action, 'a.action = ?'),
    ...when(q.entityType, 'a.entity_type = ?'),
    ...when(q.entityId, 'a.entity_id = ?'),
    ...when(q.workflowId, 'a.workflow_id = ?'),
    ...when(q.from, 'a.at >= ?::timestamptz', [q.from ? toInstant(q.from) : null]),
    ...(q.to ? [{ sql: upperBound(q.to).sql, params: [upperBound(q.to).value] }] : []),
  ],
  toRow: (r) => ({
    id: Number(r.id),
    seq: r.seq === null || r.seq === undefined ? null : Number(r.seq),
    at: String(r.at_text),
    actor: String(r.actor),
    action: String(r.action),
    entityType: String(r.entity_type),
    entityId: String(r.entity_id),
    workflowId: optionalText(r.workflow_id),
    details: r.details ?? {},
    contentHash: optionalText(r.content_hash),
    previousHash: optionalText(r.previous_hash),
    chainHash: optionalText(r.chain_hash),
  }),
  csv: [
    { name: 'id', format: (r) => r.id },
    { name: 'seq', format: (r) => r.seq ?? '' },
    { name: 'at', format: (r) => r.at },
    { name: 'actor', format: (r) => r.actor },
    { name: 'action', format: (r) => r.action },
    { name: 'entityType', format: (r) => r.entityType },
    { name: 'entityId', format: (r) => r.entityId },
    { name: 'workflowId', format: (r) => r.workflowId ?? '' },
    // Canonical JSON: with the other columns, what an outside party hashes to check contentHash.
    { name: 'details', format: (r) => canonicalJson(r.details) },
    { name: 'contentHash', format: (r) => r.contentHash ?? '' },
    { name: 'previousHash', format: (r) => r.previousHash ?? '' },
    { name: 'chainHash', format: (r) => r.chainHash ?? '' },
  ],
};

/**
 * The filtered trail as a JSON array, a chunk at a time in one REPEATABLE READ read-only transaction (the same
 * snapshot for every chunk, as the CSV export reads it).
 */
export async function* trailJson(em: EntityManager, listQuery: AuditTrailQuery): AsyncGenerator<string> {
  const where = whereClause(auditTrailSpec, listQuery);
  const order = orderClause(auditTrailSpec, listQuery.sort);
  yield '[';
  let first = true;
  await em.begin({ isolationLevel: 'repeatable read' as never, readOnly: true });
  try {
    for (let offset = 0; ; offset += EXPORT_CHUNK) {
      const rows = await query<Record<string, unknown>>(
        em,
        `select ${auditTrailSpec.select} ${auditTrailSpec.from} ${where.sql} ${order} limit ? offset ?`,
        [...where.params, EXPORT_CHUNK, offset],
      );
      if (rows.length > 0) {
        yield (first ? '\n' : ',\n') + rows.map((row) => JSON.stringify(auditTrailSpec.toRow(row))).join(',\n');
        first = false;
      }
      if (rows.length < EXPORT_CHUNK) break;
    }
  } finally {
    await em.commit();
  }
  yield '\n]\n';
}

/** Streams the filtered trail as a JSON attachment (chunked; one chunk of rows in memory at a time). */
function sendJsonStream(reply: FastifyReply, em: EntityManager, listQuery: AuditTrailQuery): FastifyReply {
  return reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('content-disposition', 'attachment; filename="audit-trail.json"')
    .send(Readable.from(trailJson(em, listQuery)));
}

const FILTERS =
  'filtered by user (actor), action, entity type, document (entity id), process (workflow id) and time range ' +
  '(`from`/`to`: UTC days or instants), searched across those, sorted by any column';

/**
 * The auditor's trail (issue 18, item 2): `GET /trail` (one page), `GET /trail/export.csv` and
 * `GET /trail/export.json` (every row the filters select, e.g. a period's `from`/`to`, with each row's chain
 * position, content hash, previous chain hash and chain hash). Each seals the newest rows first, so what was done a
 * moment ago shows with its hashes. Reads only.
 */
export function auditTrailRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/trail',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          ...routeDocs({
            summary: 'Search the audit trail',
            description: `Audit rows, newest first, one page at a time, each with its chain position and hashes, ${FILTERS}. Reads only.`,
          }),
          querystring: auditTrailQuery,
          response: { 200: pageOf(auditTrailRow) },
        },
      },
      async (request) => {
        const listQuery = checkedTrailQuery(request.query);
        await sealAuditLog(orm.em.fork());
        return listPage(orm.em.fork(), auditTrailSpec, listQuery);
      },
    );

    app.get(
      '/trail/export.csv',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          ...routeDocs({
            summary: 'Export the audit trail as CSV',
            description:
              `Every audit row the filters select (${FILTERS}), all pages, streamed, with \`seq\`, \`contentHash\`, ` +
              '`previousHash` and `chainHash`; `details` as canonical JSON. Reads only.',
          }),
          querystring: auditTrailQuery,
          produces: ['text/csv'],
          response: csvResponse,
        },
      },
      async (request, reply) => {
        const listQuery = checkedTrailQuery(request.query);
        await sealAuditLog(orm.em.fork());
        return sendCsvStream(reply, orm.em.fork(), auditTrailSpec, listQuery, 'audit-trail.csv');
      },
    );

    app.get(
      '/trail/export.json',
      {
        config: { roles: AUDIT_READERS },
        schema: {
          tags: ['audit'],
          ...routeDocs({
            summary: 'Export the audit trail as JSON',
            description:
              `Every audit row the filters select (${FILTERS}), all pages, streamed as one JSON array, each row with ` +
              'its chain position and hashes: `contentHash` is sha256 of the canonical JSON of `id, at, actor, ' +
              'action, entityType, entityId, workflowId, details`, and `chainHash` = sha256(`previousHash` + ' +
              '`contentHash`). Reads only.',
          }),
          querystring: auditTrailQuery,
          response: { 200: z.array(auditTrailRow) },
        },
      },
      async (request, reply) => {
        const listQuery = checkedTrailQuery(request.query);
        await sealAuditLog(orm.em.fork());
        return sendJsonStream(reply, orm.em.fork(), listQuery);
      },
    );
  };
}
