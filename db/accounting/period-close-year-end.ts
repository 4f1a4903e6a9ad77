import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';
import { postJournal, type JournalLineInput } from './journal';
import { COMPANY_TIME_ZONE } from './periods';

/**
 * Step 6's fiscal year end (issue 17, ../shared/POSTINGS.md "fiscal year end"): in the last month of the fiscal year
 * (the month before company_settings.fiscal_year_start_month), before the closing balances are stored, every
 * profit-and-loss account (type revenue or expense) is brought to zero and the net goes to retained earnings (3100):
 * one balanced entry per close attempt (key `<workflowId>:year-end`, i.e. `period-close:<code>:<attempt>:year-end`),
 * dated at the year's last second with the close's posting access. The balances are read through the period (the
 * whole history up to it), after any earlier attempt's entry, so a new attempt after a reopen closes only what the
 * accounts hold now and the stored closing balances show every P&L account at zero.
 */

export const RETAINED_EARNINGS = '3100';
const PNL_TYPES = `('revenue', 'expense')`;
const PERIOD_END = `((to_date(?, 'YYYY-MM') + interval '1 month')::timestamp at time zone ${COMPANY_TIME_ZONE})`;
const cents = (value: unknown) => Math.round(num(value) * 100);
const money = (value: number) => value / 100;

/** One P&L account closed: its balance before the entry (debit positive), brought to zero. */
export interface YearEndAccount {
  account: string;
  name: string;
  type: 'revenue' | 'expense';
  /** The balance closed, net debit (an expense's cost positive, revenue negative). */
  balance: number;
}

/** The year-end step's result, shown in the close status as `yearEnd`. */
export interface CloseYearEnd {
  periodCode: string;
  /** False when the month is not the fiscal year's last: nothing is posted and `note` says why. */
  yearEnd: boolean;
  /** The fiscal year closed, first and last month (`2017-01..2017-12`). */
  fiscalYear: string;
  idempotencyKey: string | null;
  /** The closing entry (null when skipped or when every P&L account was already zero). */
  entryId: number | null;
  entryDate: string | null;
  /** The year's result credited to 3100: revenue less expense (a loss is negative, debited to 3100). */
  netResult: number;
  accountsClosed: YearEndAccount[];
  note: string | null;
}

/** The fiscal year `code` falls in (by the company's start month) and whether `code` is its last month. */
export async function fiscalYearOf(
  em: EntityManager,
  code: string,
): Promise<{ first: string; last: string; isLastMonth: boolean; startMonth: number }> {
  const [row] = await query<{ start: number }>(
    em,
    `select coalesce((select fiscal_year_start_month from company_settings where id = 1), 1) as start`,
  );
  const startMonth = num(row?.start) || 1;
  const [year, month] = code.split('-').map(Number) as [number, number];
  const firstYear = month >= startMonth ? year : year - 1;
  const lastMonth = startMonth === 1 ? 12 : startMonth - 1;
  const lastYear = startMonth === 1 ? firstYear : firstYear + 1;
  const pad = (m: number) => String(m).padStart(2, '0');
  return {
    first: `${firstYear}-${pad(startMonth)}`,
    last: `${lastYear}-${pad(lastMonth)}`,
    isLastMonth: month === lastMonth,
    startMonth,
  };
}

/** Net debit per P&L account through the period (all lines dated up to and including it), non-zero only. */
export async function profitAndLossBalances(em: EntityManager, code: string): Promise<YearEndAccount[]> {
  const rows = await query<{ code: string; name: string; type: 'revenue' | 'expense'; net: string }>(
    em,
    `select a.code, a.name, a.type, sum(jl.debit - jl.credit) as net
       from journal_line jl join journal_entry je on je.id = jl.entry_id join account a on a.code = jl.account_code
      where je.period_code <= ? and a.type in ${PNL_TYPES}
      group by a.code, a.name, a.type
     having sum(jl.debit - jl.credit) <> 0
      order by a.code`,
    [code],
  );
  return rows.map((row) => ({ account: row.code, name: row.name, type: row.type, balance: money(cents(row.net)) }));
}

/**
 * Runs the year-end step in the caller's transaction (the caller makes it run once per attempt): skipped outside the
 * fiscal year's last month; otherwise posts the one closing entry (or finds it under its key) and returns it.
 */
export async function closeFiscalYear(
  em: EntityManager,
  input: {
    code: string;
    workflowId: string;
    attempt: number;
    createdBy: string;
    /** The step's run within the attempt: 2, 3, ... when a retry after a failed proof runs it again (own key). */
    round?: number;
  },
): Promise<CloseYearEnd> {
  const year = await fiscalYearOf(em, input.code);
  const fiscalYear = `${year.first}..${year.last}`;
  if (!year.isLastMonth) {
    return {
      periodCode: input.code,
      yearEnd: false,
      fiscalYear,
      idempotencyKey: null,
      entryId: null,
      entryDate: null,
      netResult: 0,
      accountsClosed: [],
      note: `not the fiscal year's last month: the fiscal year ${fiscalYear} ends with ${year.last}`,
    };
  }
  const round = input.round ?? 1;
  const key = round > 1 ? `${input.workflowId}:year-end:${round}` : `${input.workflowId}:year-end`;
  const [end] = await query<{ at: Date }>(em, `select ${PERIOD_END} - interval '1 second' as at`, [input.code]);
  const entryDate = new Date(end!.at);
  const [existing] = await query<{ id: number }>(em, 'select id from journal_entry where idempotency_key = ?', [key]);
  // Already posted (a retry outside runOnce): the accounts closed are the entry's own lines, reversed.
  const accounts = existing ? await entryAccounts(em, num(existing.id)) : await profitAndLossBalances(em, input.code);
  const lines: JournalLineInput[] = accounts.map((row) => {
    const value = cents(row.balance);
    return value > 0
      ? { account: row.account, creditCents: value, memo: `${row.name} closed to retained earnings` }
      : { account: row.account, debitCents: -value, memo: `${row.name} closed to retained earnings` };
  });
  const netDebit = accounts.reduce((sum, row) => sum + cents(row.balance), 0);
  if (netDebit > 0) lines.push({ account: RETAINED_EARNINGS, debitCents: netDebit, memo: `loss of ${fiscalYear}` });
  if (netDebit < 0) lines.push({ account: RETAINED_EARNINGS, creditCents: -netDebit, memo: `profit of ${fiscalYear}` });
  const entryId = existing
    ? num(existing.id)
    : await postJournal(em, {
        entryDate,
        sourceType: 'period-close',
        sourceRef: input.workflowId,
        description:
          `Fiscal year ${fiscalYear} closed to retained earnings (attempt ${input.attempt}` +
          `${round > 1 ? `, again after a failed proof: run ${round}` : ''})`,
        lines,
        idempotencyKey: key,
        createdBy: input.createdBy,
        access: 'close',
      });
  return {
    periodCode: input.code,
    yearEnd: true,
    fiscalYear,
    idempotencyKey: key,
    entryId,
    entryDate: entryDate.toISOString(),
    netResult: money(-netDebit),
    accountsClosed: accounts,
    note: accounts.length === 0 ? 'every profit-and-loss account already stood at zero: nothing to post' : null,
  };
}

/** The P&L accounts an entry closed, as the balances it closed (each line reversed). */
async function entryAccounts(em: EntityManager, entryId: number): Promise<YearEndAccount[]> {
  const rows = await query<{ code: string; name: string; type: 'revenue' | 'expense'; net: string }>(
    em,
    `select a.code, a.name, a.type, sum(jl.credit - jl.debit) as net
       from journal_line jl join account a on a.code = jl.account_code
      where jl.entry_id = ? and a.type in ${PNL_TYPES}
      group by a.code, a.name, a.type order by a.code`,
    [entryId],
  );
  return rows.map((row) => ({ account: row.code, name: row.name, type: row.type, balance: money(cents(row.net)) }));
}
