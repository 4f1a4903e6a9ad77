import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../sql';

/**
 * Claims an idempotency key inside the caller's transaction. Returns `{ fresh: true }` when this is the first
 * execution (the caller does the work and stores the result with `storeResult`), or the stored result of the
 * execution that already committed. A concurrent duplicate blocks on the key until the first one commits.
 */
export async function claimKey(
  em: EntityManager,
  key: string,
  activity: string,
): Promise<{ fresh: true } | { fresh: false; result: unknown }> {
  const inserted = await query<{ key: string }>(
    em,
    `insert into idempotency_record (key, activity, result, created_at) values (?, ?, null, now())
     on conflict (key) do nothing returning key`,
    [key, activity],
  );
  if (inserted.length > 0) return { fresh: true };
  const [row] = await query<{ result: unknown }>(em, 'select result from idempotency_record where key = ?', [key]);
  return { fresh: false, result: row?.result ?? null };
}

export async function storeResult(em: EntityManager, key: string, result: unknown): Promise<void> {
  await query(em, 'update idempotency_record set result = ? where key = ?', [JSON.stringify(result ?? null), key]);
}
