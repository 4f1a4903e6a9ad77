import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { claimApiKey, storeApiAnswer } from '../../db/repositories/api-idempotency-repository';
import { appendAudit, type AuditInput } from '../../db/repositories/audit-repository';
import { enqueueProcessStart, type ProcessStart } from '../../db/repositories/process-start-repository';
import { currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import type { ProcessStarter } from './process-starter';
import { requestHash } from './request-hash';

/** The header a client sends to make a create request safe to retry. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** The fault point (MILLWRIGHT_FAULT_API_CRASH_AT) between a create request's commit and its process start. */
export const CRASH_AFTER_COMMIT = 'intake.after-commit';

/** What create routes need to take a request in: one per API app (built in buildApp). */
export interface IntakeContext {
  orm: MikroORM;
  starter: ProcessStarter;
  /** How long keys are kept (MILLWRIGHT_IDEMPOTENCY_KEY_DAYS). */
  idempotencyKeyDays: number;
  /** Test support only: MILLWRIGHT_FAULT_API_CRASH_AT. */
  faultCrashAt?: string;
}

/** What a create route's work produced, inside the intake's transaction. */
export interface IntakeWork<T> {
  /** The response body, stored under the idempotency key and sent again to a retry. */
  body: T;
  /** The status, when it is not the route's usual one. */
  status?: number;
  /** Process starts, committed to the outbox with the document and started right after the commit. */
  starts?: ProcessStart[];
  audit?: AuditInput | AuditInput[];
}

export interface IntakeOptions<S extends number = number> {
  /** Method and route pattern, e.g. "POST /api/orders"; a key reused on another route is refused. */
  route: string;
  /** The status of a fresh answer (201 for a created document). */
  status: S;
  /** A key the body carries (stock moves' `idempotencyKey`), named by this field when it disagrees with the header. */
  bodyKey?: { field: string; value: string | null | undefined };
  /** How a retry's answer differs from the stored one (stock moves answer 200 with `duplicate: true`). */
  replay?: (stored: { status: S; body: unknown }) => { status: S; body: unknown };
}

/** The optional header on every create route (route schemas spread it into `headers`; loose: others pass). */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters (a UUID fits)')
    .optional()
    .describe(
      'Makes the request safe to retry: the same key with the same request answers the first response again (the ' +
        'same document), with a different request 409 IDEMPOTENCY_KEY_REUSED. Keys are per user and kept for days.',
    ),
});

/**
 * Takes in a create request exactly once: refuses at once (503, nothing written) while Temporal is unreachable; in
 * one transaction claims the `Idempotency-Key` (a retry gets the stored answer, a different request with the key a
 * 409), does the route's work, commits its process starts to the outbox with the document, the audit entry and the
 * stored answer; then starts the processes (a start not accepted in time is left to the outbox relay; the answer is
 * still the document's). Returns the status and body to send.
 */
export async function runIntake<T, S extends number = number>(
  ctx: IntakeContext,
  request: FastifyRequest,
  options: IntakeOptions<S>,
  work: (em: EntityManager, taken: { actor: string; key?: string }) => Promise<IntakeWork<T>>,
): Promise<{ status: S; body: T }> {
  const actor = currentUser(request).username;
  const key = idempotencyKeyOf(request, options.bodyKey);
  await ctx.starter.ensureReachable();
  const hash = requestHash({ params: request.params, body: withoutBodyKey(request.body, options.bodyKey) });
  const outcome = await ctx.orm.em.fork().transactional(async (em) => {
    if (key) {
      const claim = { actor, key, route: options.route, requestHash: hash, keepDays: ctx.idempotencyKeyDays };
      const stored = await answerOfKey(em, claim);
      if (stored) return { replayed: true as const, status: stored.status as S, body: stored.body as T };
    }
    const done = await work(em, { actor, key });
    const starts = done.starts ?? [];
    for (const start of starts) await enqueueProcessStart(em, start);
    for (const entry of [done.audit ?? []].flat()) await appendAudit(em, entry);
    const status = (done.status ?? options.status) as S;
    if (key) await storeApiAnswer(em, { actor, key }, status, done.body);
    return { replayed: false as const, status, body: done.body, starts };
  });
  if (outcome.replayed) {
    const answer = options.replay ? options.replay(outcome) : outcome;
    return answer as { status: S; body: T };
  }
  if (ctx.faultCrashAt === CRASH_AFTER_COMMIT) process.kill(process.pid, 'SIGKILL');
  await ctx.starter.startNow(outcome.starts.map((start) => start.workflowId));
  return { status: outcome.status, body: outcome.body };
}

/** What a create request with an `Idempotency-Key` claims: the key, its user, the route and what the request meant. */
export interface KeyClaim {
  actor: string;
  key: string;
  route: string;
  requestHash: string;
  keepDays: number;
}

/**
 * Claims the key inside the request's transaction (a concurrent duplicate waits for the first to commit): the stored
 * answer when the same request came before, undefined when this is its first run (the caller stores its answer with
 * `storeApiAnswer`), a 409 naming the header when the key was used for a different request.
 */
export async function answerOfKey(
  em: EntityManager,
  claim: KeyClaim,
): Promise<{ status: number; body: unknown } | undefined> {
  const stored = await claimApiKey(em, claim);
  if (!stored) return undefined;
  if (stored.route !== claim.route || stored.requestHash !== claim.requestHash) throw keyReused(claim);
  return { status: stored.statusCode, body: stored.response };
}

/** The request's key: the header, or the body's key field; both given and different is refused naming the field. */
function idempotencyKeyOf(request: FastifyRequest, bodyKey: IntakeOptions['bodyKey']): string | undefined {
  const header = request.headers['idempotency-key'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const fromBody = bodyKey?.value ?? undefined;
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `${bodyKey?.field} and the ${IDEMPOTENCY_HEADER} header differ; send one key (the header)`,
      bodyKey?.field,
    );
  }
  return fromHeader ?? fromBody;
}

/** The body's key field is how the key travels, not part of the request it names. */
function withoutBodyKey(body: unknown, bodyKey: IntakeOptions['bodyKey']): unknown {
  if (!bodyKey || body === null || typeof body !== 'object') return body;
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([name]) => name !== bodyKey.field));
}

function keyReused(options: { route: string }): ApiError {
  return new ApiError(
    'IDEMPOTENCY_KEY_REUSED',
    `This ${IDEMPOTENCY_HEADER} was already used for a different request (${options.route} with other content); ` +
      'send a new key for a new request',
    IDEMPOTENCY_HEADER,
  );
}
