import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CompanySettings } from '../entities';
import { query } from '../sql';

/** The company's settings row (created with its defaults, UTC and January, if a database lacks it). */
export async function loadCompanySettings(em: EntityManager, lock = false): Promise<CompanySettings> {
  const found = await em.findOne(CompanySettings, { id: 1 }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (found) return found;
  const created = em.create(CompanySettings, { id: 1, fiscalYearStartMonth: 1, timeZone: 'UTC' });
  await em.persist(created).flush();
  return created;
}

/** Whether the books hold any posting: the calendar they were posted under may then no longer change. */
export async function booksHavePostings(em: EntityManager): Promise<boolean> {
  const [row] = await query<{ posted: boolean }>(em, 'select exists (select 1 from journal_entry) as posted');
  return Boolean(row?.posted);
}

/**
 * Why `timeZone` is not usable, or null when it is: the name must be an IANA zone both the runtime (Intl) and
 * PostgreSQL know, since periods are resolved in SQL with `at time zone`.
 */
export async function timeZoneProblem(em: EntityManager, timeZone: string): Promise<string | null> {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    return `timeZone must be an IANA time zone name such as Europe/Berlin, got ${JSON.stringify(timeZone)}`;
  }
  const [row] = await query<{ known: boolean }>(
    em,
    'select exists (select 1 from pg_timezone_names where name = ?) as known',
    [timeZone],
  );
  return row?.known ? null : `timeZone ${timeZone} is not known to the database`;
}
