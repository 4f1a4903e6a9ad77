import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../errors';
import { query } from '../sql';

/** `YYYY-MM` of a timestamp, in UTC (the books' calendar). */
export function periodCodeOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/**
 * The period a posting dated `date` falls in, locked for share so a concurrent close waits for the posting
 * (and a posting waits for a close). Months are opened on first use; a closed month refuses the posting.
 */
export async function assertPeriodOpen(em: EntityManager, date: Date): Promise<string> {
  const code = periodCodeOf(date);
  const lock = 'select status from accounting_period where code = ? for share';
  // Nearly every posting finds its month already open: one statement. Only a new month is inserted first.
  let [period] = await query<{ status: string }>(em, lock, [code]);
  if (!period) {
    await query(
      em,
      `insert into accounting_period (code, starts_on, ends_on, status)
       values (?, date_trunc('month', ?::timestamptz at time zone 'UTC')::date,
               (date_trunc('month', ?::timestamptz at time zone 'UTC') + interval '1 month - 1 day')::date, 'open')
       on conflict (code) do nothing`,
      [code, date.toISOString(), date.toISOString()],
    );
    [period] = await query<{ status: string }>(em, lock, [code]);
  }
  if (period?.status !== 'open') throw periodClosed(code, date);
  return code;
}

/**
 * assertPeriodOpen for a caller that already read the period's status under the same share lock (null when the
 * period did not exist): only a new month costs another round trip.
 */
export async function assertStatusOpen(em: EntityManager, date: Date, status: string | null): Promise<string> {
  if (status === null) return assertPeriodOpen(em, date);
  const code = periodCodeOf(date);
  if (status !== 'open') throw periodClosed(code, date);
  return code;
}

function periodClosed(code: string, date: Date): BooksError {
  return new BooksError(
    'PERIOD_CLOSED',
    `Period ${code} is closed; postings dated ${date.toISOString()} are refused`,
    'effectiveAt',
  );
}

/** The first day of the earliest open period: everything before it is frozen and never re-valued. */
export async function openWindowStart(em: EntityManager): Promise<Date> {
  const [row] = await query<{ starts_on: string | null }>(
    em,
    `select to_char(min(starts_on), 'YYYY-MM-DD') as starts_on from accounting_period where status = 'open'
      and starts_on > coalesce((select max(ends_on) from accounting_period where status = 'closed'), '-infinity'::date)`,
  );
  if (row?.starts_on) return new Date(`${row.starts_on}T00:00:00.000Z`);
  const [closed] = await query<{ ends_on: string | null }>(
    em,
    `select to_char(max(ends_on) + 1, 'YYYY-MM-DD') as ends_on from accounting_period where status = 'closed'`,
  );
  return closed?.ends_on ? new Date(`${closed.ends_on}T00:00:00.000Z`) : new Date(0);
}
