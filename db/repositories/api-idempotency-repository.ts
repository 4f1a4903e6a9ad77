import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../sql';

/** What a create request with an `Idempotency-Key` is recognised by. */
export interface ApiKeyClaim {
  actor: string;
  key: string;
  /** Method and route pattern, e.g. "POST /api/orders". */
  route: string;
  requestHash: string;
  /** How long the key is kept (MILLWRIGHT_IDEMPOTENCY_KEY_DAYS). */
  keepDays: number;
}

/** The answer stored under a key by the request that used it first. */
export interface StoredApiAnswer {
  route: string;
  requestHash: string;
  statusCode: number;
  response: unknown;
}

/**
 * Claims an idempotency key inside the caller's transaction. Returns null when this request is the first with the key
 * (or the key had expired): the caller does the work and stores its answer with `storeApiAnswer` before committing.
 * Otherwise returns the answer the first request stored. A concurrent duplicate blocks on the key's row until the
 * first request's transaction ends: it then reads the committed answer, or, if that transaction rolled back, claims
 * the key itself.
 */
export async function claimApiKey(em: EntityManager, claim: ApiKeyClaim): Promise<StoredApiAnswer | null> {
  const claimed = await query<{ key: string }>(
    em,
    `insert into api_idempotency_key (actor, key, route, request_hash, status_code, response, created_at, expires_at)
     values (?, ?, ?, ?, 0, 'null', now(), now() + ? * interval '1 day')
     on conflict (actor, key) do update
       set route = excluded.route, request_hash = excluded.request_hash, status_code = 0, response = 'null',
           created_at = excluded.created_at, expires_at = excluded.expires_at
       where api_idempotency_key.expires_at <= now()
     returning key`,
    [claim.actor, claim.key, claim.route, claim.requestHash, claim.keepDays],
  );
  if (claimed.length > 0) return null;
  const [row] = await query<{ route: string; request_hash: string; status_code: number; response: unknown }>(
    em,
    'select route, request_hash, status_code, response from api_idempotency_key where actor = ? and key = ?',
    [claim.actor, claim.key],
  );
  if (!row) throw new Error(`idempotency key ${claim.key} vanished while claimed`);
  return { route: row.route, requestHash: row.request_hash, statusCode: row.status_code, response: row.response };
}

/** Stores the answer of the request that claimed the key, in its transaction (so it exists exactly when the work does). */
export async function storeApiAnswer(
  em: EntityManager,
  owner: { actor: string; key: string },
  statusCode: number,
  response: unknown,
): Promise<void> {
  await query(em, 'update api_idempotency_key set status_code = ?, response = ? where actor = ? and key = ?', [
    statusCode,
    JSON.stringify(response ?? null),
    owner.actor,
    owner.key,
  ]);
}

/** Deletes the keys past their expiry (the daily reconciliation calls it); returns how many went. */
export async function purgeExpiredApiKeys(em: EntityManager): Promise<number> {
  const rows = await query<{ key: string }>(
    em,
    'delete from api_idempotency_key where expires_at <= now() returning key',
  );
  return rows.length;
}
