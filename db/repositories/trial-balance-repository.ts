import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE } from '../accounting/periods';
import { num, query } from '../sql';

const cents = (value: unknown) => Math.round(num(value) * 100);

export type TrialBalanceBasis = 'cumulative' | 'period';

/**
 * What a trial balance covers, in the company's local dates (`YYYY-MM-DD`). `cumulative`: every posting through
 * `to` (all postings when null), its movement the fiscal year to date and its opening what came before the fiscal
 * year. `period`: the movement from `from` through `to`, its opening everything before `from`.
 */
export interface TrialBalanceRange {
  basis: TrialBalanceBasis;
  from?: string;
  to: string | null;
  /** The `YYYY-MM` period the range was given as, echoed in the report. */
  period?: string | null;
}

/** The first day of the fiscal year that `day` (`YYYY-MM-DD`) falls in, given the year's first month (1-12). */
export function fiscalYearStart(day: string, firstMonth: number): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const startYear = month >= firstMonth ? year : year - 1;
  return `${String(startYear).padStart(4, '0')}-${String(firstMonth).padStart(2, '0')}-01`;
}

/**
 * Per account: opening balance, debit and credit movement, closing balance (balances signed debit minus credit),
 * with the account's type and normal side; postings are placed by their local date in the company's time zone.
 * `debit`, `credit` (totals through `to`) and `balance` (= closing) are kept for callers of the cumulative report.
 * Sums are compared in cents, so `balanced` is exact.
 */
export async function trialBalance(em: EntityManager, range: TrialBalanceRange) {
  const [calendar] = await query<{ first_month: number; time_zone: string; today: string }>(
    em,
    `select coalesce((select fiscal_year_start_month from company_settings where id = 1), 1) as first_month,
            ${COMPANY_TIME_ZONE} as time_zone,
            to_char((now() at time zone ${COMPANY_TIME_ZONE})::date, 'YYYY-MM-DD') as today`,
  );
  const firstMonth = num(calendar?.first_month ?? 1);
  const from = range.from ?? fiscalYearStart(range.to ?? calendar?.today ?? '1970-01-01', firstMonth);
  const rows = await query<Record<string, unknown>>(
    em,
    `with lines as (
       select jl.account_code, jl.debit, jl.credit, (e.entry_date at time zone ${COMPANY_TIME_ZONE})::date as day
         from journal_line jl join journal_entry e on e.id = jl.entry_id),
     sums as (
       select account_code,
              coalesce(sum(debit - credit) filter (where day < ?::date), 0) as opening,
              coalesce(sum(debit) filter (where day >= ?::date), 0) as debit_movement,
              coalesce(sum(credit) filter (where day >= ?::date), 0) as credit_movement,
              sum(debit) as debit, sum(credit) as credit
         from lines where ?::date is null or day <= ?::date
        group by account_code)
     select a.code, a.name, a.type, a.normal_side, a.active,
            coalesce(s.opening, 0) as opening, coalesce(s.debit_movement, 0) as debit_movement,
            coalesce(s.credit_movement, 0) as credit_movement,
            coalesce(s.debit, 0) as debit, coalesce(s.credit, 0) as credit
       from account a left join sums s on s.account_code = a.code
      where a.active or s.account_code is not null
      order by a.code`,
    [from, from, from, range.to, range.to],
  );
  const accounts = rows.map((r) => {
    const closingCents = cents(r.opening) + cents(r.debit_movement) - cents(r.credit_movement);
    return {
      code: String(r.code),
      name: String(r.name),
      type: String(r.type),
      normalSide: r.normal_side === 'credit' ? ('credit' as const) : ('debit' as const),
      active: Boolean(r.active),
      opening: num(r.opening),
      debitMovement: num(r.debit_movement),
      creditMovement: num(r.credit_movement),
      closing: closingCents / 100,
      debit: num(r.debit),
      credit: num(r.credit),
      balance: closingCents / 100,
    };
  });
  const sum = (column: string) => rows.reduce((total, r) => total + cents(r[column]), 0);
  const debitCents = sum('debit');
  const creditCents = sum('credit');
  const openingCents = sum('opening');
  const debitMovementCents = sum('debit_movement');
  const creditMovementCents = sum('credit_movement');
  const closingCents = openingCents + debitMovementCents - creditMovementCents;
  return {
    basis: range.basis,
    period: range.period ?? null,
    from,
    to: range.to,
    timeZone: String(calendar?.time_zone ?? 'UTC'),
    fiscalYearStartMonth: firstMonth,
    accounts,
    totals: {
      debit: debitCents / 100,
      credit: creditCents / 100,
      difference: (debitCents - creditCents) / 100,
      opening: openingCents / 100,
      debitMovement: debitMovementCents / 100,
      creditMovement: creditMovementCents / 100,
      closing: closingCents / 100,
    },
    balanced:
      debitCents === creditCents &&
      openingCents === 0 &&
      debitMovementCents === creditMovementCents &&
      closingCents === 0,
  };
}
