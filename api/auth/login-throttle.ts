import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';

/** How many failed sign-ins of one user name within the window lock it, how long the window and the lock last. */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 };

/**
 * Who tried, from where: the audit rows' details (never the password). The rows are about the sign-in, not the user
 * record (entity type `sign-in`, id the user name typed), so a user's administration trail stays its own.
 */
export interface Attempt {
  username: string;
  ip: string;
}

/**
 * When the user name is locked: the seconds left (for Retry-After). A refused attempt is audited. Checked before the
 * password is, so a locked name costs no hashing and even the right password does not open it.
 */
export async function lockedFor(em: EntityManager, attempt: Attempt): Promise<number | undefined> {
  const [row] = await query<{ seconds: number }>(
    em,
    `select ceil(extract(epoch from locked_until - now()))::int as seconds from login_throttle
      where username = ? and locked_until > now()`,
    [attempt.username],
  );
  if (!row) return undefined;
  await appendAudit(em, {
    actor: attempt.username,
    action: 'auth.login-refused-locked',
    entityType: 'sign-in',
    entityId: attempt.username,
    details: { ip: attempt.ip, retryAfterSeconds: row.seconds },
  });
  return Math.max(1, row.seconds);
}

/**
 * Counts one failed sign-in and locks the name when the count reaches the limit within the window; audits the
 * failure and, once, the lock. A count starts afresh when its window ran out or its lock expired. The name's row is
 * locked while it is counted (one transaction), so concurrent failures on several API nodes each count.
 */
export async function recordFailure(
  em: EntityManager,
  attempt: Attempt,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<void> {
  await em.transactional(async (tx) => {
    await query(
      tx,
      `insert into login_throttle (username, failures, window_started_at) values (?, 0, now())
       on conflict (username) do nothing`,
      [attempt.username],
    );
    const [row] = await query<{ failures: number; fresh: boolean; locked: boolean }>(
      tx,
      `select failures,
              window_started_at <= now() - make_interval(mins => ?) or locked_until <= now() as fresh,
              coalesce(locked_until > now(), false) as locked
         from login_throttle where username = ? for update`,
      [policy.windowMinutes, attempt.username],
    );
    const failures = row?.fresh ? 1 : Number(row?.failures ?? 0) + 1;
    const locks = failures >= policy.maxFailures && !row?.locked;
    await query(
      tx,
      `update login_throttle set failures = ?,
              window_started_at = case when ? then now() else window_started_at end,
              locked_until = case when ? then now() + make_interval(mins => ?) when ? then null else locked_until end
        where username = ?`,
      [failures, Boolean(row?.fresh), locks, policy.lockMinutes, Boolean(row?.fresh), attempt.username],
    );
    await appendAudit(tx, {
      actor: attempt.username,
      action: 'auth.login-failed',
      entityType: 'sign-in',
      entityId: attempt.username,
      details: { ip: attempt.ip, failures, maxFailures: policy.maxFailures, windowMinutes: policy.windowMinutes },
    });
    if (locks) {
      await appendAudit(tx, {
        actor: attempt.username,
        action: 'auth.account-locked',
        entityType: 'sign-in',
        entityId: attempt.username,
        details: { ip: attempt.ip, failures, lockMinutes: policy.lockMinutes },
      });
    }
  });
}

/** A successful sign-in starts the count afresh. */
export async function clearFailures(em: EntityManager, username: string): Promise<void> {
  await query(em, 'delete from login_throttle where username = ?', [username]);
}
