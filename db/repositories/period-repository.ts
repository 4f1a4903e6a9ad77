import type { EntityManager } from '@mikro-orm/postgresql';
import type { PeriodStatus } from '../entities';
import { num, query } from '../sql';

export interface PeriodRow {
  code: string;
  startsOn: string;
  endsOn: string;
  status: PeriodStatus;
  closedAt: string | null;
  closedBy: string | null;
  /** The reason of the latest close (kept in the audit log), while the period is closed. */
  closeReason: string | null;
  entries: number;
}

const COLUMNS = `p.code, to_char(p.starts_on, 'YYYY-MM-DD') as starts_on, to_char(p.ends_on, 'YYYY-MM-DD') as ends_on,
  p.status, p.closed_at, p.closed_by,
  case when p.status = 'closed' then (select a.details->>'reason' from audit_log a
    where a.entity_type = 'accounting_period' and a.entity_id = p.code and a.action = 'period.closed'
    order by a.id desc limit 1) end as close_reason,
  (select count(*) from journal_entry e where e.period_code = p.code) as entries`;

function toPeriod(r: Record<string, unknown>): PeriodRow {
  return {
    code: String(r.code),
    startsOn: String(r.starts_on),
    endsOn: String(r.ends_on),
    status: statusOf(r.status),
    closedAt: r.closed_at === null ? null : new Date(r.closed_at as string).toISOString(),
    closedBy: r.closed_by === null ? null : String(r.closed_by),
    closeReason: r.close_reason == null ? null : String(r.close_reason),
    entries: num(r.entries),
  };
}

/** A stored status as the type (an unknown value reads as open: the column's check allows none). */
function statusOf(value: unknown): PeriodStatus {
  return value === 'closed' || value === 'soft-locked' ? value : 'open';
}

/** Every period the books have opened (months open on first posting), newest first. */
export async function listPeriods(em: EntityManager): Promise<PeriodRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select ${COLUMNS} from accounting_period p order by code desc`,
  );
  return rows.map(toPeriod);
}

export async function findPeriod(em: EntityManager, code: string): Promise<PeriodRow | null> {
  const [row] = await query<Record<string, unknown>>(em, `select ${COLUMNS} from accounting_period p where code = ?`, [
    code,
  ]);
  return row ? toPeriod(row) : null;
}

/**
 * Locks the period row for the caller's transaction. Postings hold it `for share` while they write, so this waits
 * for postings in flight and blocks new ones until the caller commits.
 */
export async function lockPeriod(em: EntityManager, code: string): Promise<PeriodStatus | null> {
  const [row] = await query<{ status: string }>(em, 'select status from accounting_period where code = ? for update', [
    code,
  ]);
  if (!row) return null;
  return statusOf(row.status);
}

export async function markClosed(em: EntityManager, code: string, closedBy: string): Promise<void> {
  await query(em, `update accounting_period set status = 'closed', closed_at = now(), closed_by = ? where code = ?`, [
    closedBy,
    code,
  ]);
}

/** Reopening clears who closed it; the audit log keeps both acts. */
export async function markOpen(em: EntityManager, code: string): Promise<void> {
  await query(em, `update accounting_period set status = 'open', closed_at = null, closed_by = null where code = ?`, [
    code,
  ]);
}

/**
 * Serialises closes and reopens for the caller's transaction, so the order checks below cannot race (a close of
 * February and a reopen of January at once).
 */
export async function lockPeriodAdministration(em: EntityManager): Promise<void> {
  await query(em, `select pg_advisory_xact_lock(hashtext('millwright:accounting_period'))`);
}

/** Sets a period's status (soft lock, or lifting it back to open); the caller holds the row lock. */
export async function markStatus(em: EntityManager, code: string, status: 'open' | 'soft-locked'): Promise<void> {
  await query(em, 'update accounting_period set status = ? where code = ?', [status, code]);
}

/**
 * Marks the stored closing balances of `code` and every later period invalid (a reopen): the month may change
 * again, and each later month's opening chains from it. Returns the periods whose balances were invalidated.
 */
export async function invalidateClosingBalancesFrom(em: EntityManager, code: string): Promise<string[]> {
  const rows = await query<{ period_code: string }>(
    em,
    `update period_closing_balance set valid = false where period_code >= ? and valid returning period_code`,
    [code],
  );
  return [...new Set(rows.map((row) => row.period_code))].sort();
}

/** The earliest month before `code` not yet closed (open or soft-locked), if any: months close in order. */
export async function earliestOpenBefore(em: EntityManager, code: string): Promise<string | null> {
  const [row] = await query<{ code: string }>(
    em,
    `select code from accounting_period where code < ? and status <> 'closed' order by code limit 1`,
    [code],
  );
  return row?.code ?? null;
}

/** The latest closed month after `code`, if any: months reopen in reverse order. */
export async function latestClosedAfter(em: EntityManager, code: string): Promise<string | null> {
  const [row] = await query<{ code: string }>(
    em,
    `select code from accounting_period where code > ? and status = 'closed' order by code desc limit 1`,
    [code],
  );
  return row?.code ?? null;
}
