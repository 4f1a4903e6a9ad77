import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../errors';
import { query } from '../sql';

/**
 * SQL: the company's time zone. Read inside the posting's own statement (a primary-key lookup of a one-row table),
 * so every process agrees on it without a cache to invalidate and without another round trip.
 */
export const COMPANY_TIME_ZONE = `coalesce((select time_zone from company_settings where id = 1), 'UTC')`;

/** SQL with one `?` (a timestamptz): the `YYYY-MM` period it falls in, in the company's time zone. */
export const PERIOD_CODE_OF = `to_char(?::timestamptz at time zone ${COMPANY_TIME_ZONE}, 'YYYY-MM')`;

/**
 * SQL: the status a posting sees for the period row `p`: `open`, `closed`, or `behind` (open, but before a closed
 * month: the books only accept postings at or after the latest closed month). The caller locks `p` for share.
 */
export const POSTING_STATUS = `case when p.status = 'open' and exists (
    select 1 from accounting_period later where later.status = 'closed' and later.code > p.code) then 'behind'
  else p.status end`;

/** The period a posting resolved to: its code and its status (null when the month was never opened). */
export interface PeriodLookup {
  code: string;
  status: string | null;
}

/**
 * `YYYY-MM` of a timestamp in an IANA time zone (pure). The books' periods are in the company's time zone: pass
 * `await companyTimeZone(em)`; the UTC default is only right for a company that keeps UTC.
 */
export function periodCodeOf(date: Date, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}

/** The company's IANA time zone (see COMPANY_TIME_ZONE), for code that groups postings by period itself. */
export async function companyTimeZone(em: EntityManager): Promise<string> {
  const [row] = await query<{ tz: string }>(em, `select ${COMPANY_TIME_ZONE} as tz`);
  return row?.tz ?? 'UTC';
}

/** The period a posting dated `date` falls in (company time zone), share-locked, with the status it sees. */
export async function lookupPeriod(em: EntityManager, date: Date): Promise<PeriodLookup> {
  const [row] = await query<{ code: string; status: string | null }>(
    em,
    `select c.code, (select ${POSTING_STATUS} from accounting_period p where p.code = c.code for share of p) as status
       from (select ${PERIOD_CODE_OF} as code) c`,
    [date.toISOString()],
  );
  if (!row) throw new Error('the period lookup returned no row');
  return { code: row.code, status: row.status };
}

/**
 * Who is posting, for a soft-locked period (a close under way): an ordinary document is refused; the close's own
 * postings and a controller's audited adjustment land.
 */
export type PostingAccess = 'document' | 'close' | 'controller-adjustment';

/**
 * The period a posting dated `date` falls in, locked for share so a concurrent close waits for the posting
 * (and a posting waits for a close). A month is opened on first use unless it lies before a closed month or
 * beyond the posting horizon; a closed month refuses the posting, a soft-locked one all but `access` close or
 * controller-adjustment.
 */
export async function assertPeriodOpen(
  em: EntityManager,
  date: Date,
  access: PostingAccess = 'document',
): Promise<string> {
  return assertStatusOpen(em, date, await lookupPeriod(em, date), access);
}

/**
 * assertPeriodOpen for a caller that already looked the period up under the same share lock (status null when
 * the month does not exist yet): only a new month costs more round trips.
 */
export async function assertStatusOpen(
  em: EntityManager,
  date: Date,
  period: PeriodLookup,
  access: PostingAccess = 'document',
): Promise<string> {
  const status = period.status ?? (await openMonth(em, date, period.code));
  if (status === 'open') return period.code;
  if (status === 'soft-locked') {
    if (access !== 'document') return period.code;
    throw new BooksError(
      'PERIOD_SOFT_LOCKED',
      `Period ${period.code} is being closed: only the close's own postings and a controller's adjustments may ` +
        `land in it, so postings dated ${date.toISOString()} are refused until the close finishes or is abandoned`,
      'effectiveAt',
    );
  }
  if (status === 'behind') throw await beforeClosed(em, period.code, date, 'is open but lies');
  throw new BooksError(
    'PERIOD_CLOSED',
    `Period ${period.code} is closed; postings dated ${date.toISOString()} are refused`,
    'effectiveAt',
  );
}

/**
 * Opens the month `code` on its first posting. Every later month is locked for share first, so a close of one
 * of them waits for this insert and then sees it; a month before a closed one is never opened.
 */
async function openMonth(em: EntityManager, date: Date, code: string): Promise<string | null> {
  const later = await query<{ status: string }>(
    em,
    'select status from accounting_period where code > ? order by code for share',
    [code],
  );
  if (later.some((row) => row.status === 'closed'))
    throw await beforeClosed(em, code, date, 'was never opened and lies');
  await assertWithinHorizon(em, code, date);
  await query(
    em,
    `insert into accounting_period (code, starts_on, ends_on, status)
     values (?, to_date(?, 'YYYY-MM'), (to_date(?, 'YYYY-MM') + interval '1 month - 1 day')::date, 'open')
     on conflict (code) do nothing`,
    [code, code, code],
  );
  const [row] = await query<{ status: string }>(
    em,
    `select ${POSTING_STATUS} as status from accounting_period p where p.code = ? for share of p`,
    [code],
  );
  return row?.status ?? null;
}

/**
 * Refuses opening a month beyond the company's posting horizon (months after the current one, company time zone):
 * a mistyped year would otherwise open a period decades ahead that every close would then have to step over.
 */
async function assertWithinHorizon(em: EntityManager, code: string, date: Date): Promise<void> {
  const [row] = await query<{ latest: string; months: number }>(
    em,
    `select to_char((now() at time zone ${COMPANY_TIME_ZONE}) + make_interval(months => h.months), 'YYYY-MM') as latest,
            h.months
       from (select coalesce((select posting_horizon_months from company_settings where id = 1), 12) as months) h`,
  );
  if (!row || code <= row.latest) return;
  throw new BooksError(
    'PERIOD_BEYOND_HORIZON',
    `Postings dated ${date.toISOString()} would open period ${code}, beyond the posting horizon: periods open at ` +
      `most ${row.months} months ahead (up to ${row.latest}; a company setting)`,
    'effectiveAt',
  );
}

async function beforeClosed(em: EntityManager, code: string, date: Date, what: string): Promise<BooksError> {
  const [row] = await query<{ code: string | null }>(
    em,
    `select max(code) as code from accounting_period where status = 'closed'`,
  );
  return new BooksError(
    'PERIOD_BEFORE_CLOSED',
    `Period ${code} ${what} before the closed period ${row?.code ?? '?'}: postings dated ${date.toISOString()} are ` +
      'refused (the books accept postings only at or after the latest closed month)',
    'effectiveAt',
  );
}

/**
 * The start (local midnight, company time zone) of the earliest open period after the latest closed one:
 * everything before it is frozen and never re-valued.
 */
export async function openWindowStart(em: EntityManager): Promise<Date> {
  const [row] = await query<{ starts_at: string | null }>(
    em,
    `with latest_closed as (select max(ends_on) as ends_on from accounting_period where status = 'closed'),
          first_day as (
            select coalesce(
              (select min(starts_on) from accounting_period, latest_closed
                where status = 'open' and starts_on > coalesce(latest_closed.ends_on, '-infinity'::date)),
              (select ends_on + 1 from latest_closed)) as day)
     select to_char((day::timestamp at time zone ${COMPANY_TIME_ZONE}) at time zone 'UTC',
                    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as starts_at
       from first_day`,
  );
  return row?.starts_at ? new Date(row.starts_at) : new Date(0);
}
