import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { storeApiAnswer } from '../../db/repositories/api-idempotency-repository';
import { currentUser } from '../auth/auth-hook';
import { answerOfKey } from '../intake/intake';
import { requestHash } from '../intake/request-hash';

/**
 * Runs a create request that starts no process exactly once per `Idempotency-Key`, as the intake does for orders
 * (same key table, same per-user keys, same 409 for a key reused on other content), but without the intake's
 * Temporal reachability check: a payment is only a posting. The work, the stored answer and the key commit together.
 */
export async function runIdempotent<T>(
  orm: MikroORM,
  request: FastifyRequest,
  options: { route: string; status: number; keepDays: number },
  work: (em: EntityManager, actor: string) => Promise<T>,
): Promise<{ status: number; body: T }> {
  const actor = currentUser(request).username;
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  // The query is part of what the request means (an import's dry-run is not its apply).
  const params = { ...(request.params as object), ...(request.query as object) };
  const hash = requestHash({ params, body: request.body });
  return orm.em.fork().transactional(async (em) => {
    if (key) {
      const claim = { actor, key, route: options.route, requestHash: hash, keepDays: options.keepDays };
      const stored = await answerOfKey(em, claim);
      if (stored) return { status: stored.status, body: stored.body as T };
    }
    const body = await work(em, actor);
    if (key) await storeApiAnswer(em, { actor, key }, options.status, body);
    return { status: options.status, body };
  });
}
