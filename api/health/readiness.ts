import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { retryAfterFor } from '../errors';
import type { Dependency } from '../dependency-errors';
import { withTimeout } from '../timeout';

/** Each check's budget: a readiness probe must answer quickly, whether the server refuses or hangs. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

/** `up` or `down` per dependency, as `/readyz` reports them. */
export type DependencyStates = Record<Dependency, 'up' | 'down'>;

/** What `/readyz` answers: `ok` only when every dependency is up. */
export interface Readiness {
  ok: boolean;
  dependencies: DependencyStates;
}

async function isUp(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await withTimeout(check(), READINESS_CHECK_TIMEOUT_MS);
    return 'up';
  } catch {
    return 'down';
  }
}

/** Asks Temporal's frontend for its system info (the call the client makes when it connects), within `deadlineMs`. */
export function pingTemporal(temporal: Client, deadlineMs: number): Promise<unknown> {
  const { connection } = temporal;
  return connection.withDeadline(Date.now() + deadlineMs, () => connection.workflowService.getSystemInfo({}));
}

/**
 * Asks PostgreSQL for `select 1` through the API's own pool (so a pool holding dead connections shows as down) and
 * Temporal's frontend for its system info (the call the client makes when it connects), both at once, each within {@link READINESS_CHECK_TIMEOUT_MS}.
 */
export async function checkReadiness(deps: { orm: MikroORM; temporal: Client }): Promise<Readiness> {
  const [postgres, temporal] = await Promise.all([
    isUp(() => deps.orm.em.getConnection().execute('select 1')),
    isUp(() => pingTemporal(deps.temporal, READINESS_CHECK_TIMEOUT_MS)),
  ]);
  return { ok: postgres === 'up' && temporal === 'up', dependencies: { postgres, temporal } };
}

/**
 * `GET /readyz`, the readiness probe (public, outside /api and the OpenAPI document, like the liveness probe
 * `/api/health`): 200 when PostgreSQL and Temporal answer, else 503 with Retry-After naming what is down. It says
 * only up or down: the reasons (addresses, errors) are for the log, not for anonymous callers.
 */
export function installReadiness(app: FastifyInstance, deps: { orm: MikroORM; temporal: Client }): void {
  app.get('/readyz', { config: { roles: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const readiness = await checkReadiness(deps);
    if (!readiness.ok) reply.status(503).header('Retry-After', String(retryAfterFor('DEPENDENCY_UNAVAILABLE')));
    return readiness;
  });
}
