import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

/**
 * The trial balance of one month read from the period close's stored closing balances (issue 17, reports): the
 * opening of each account is the latest earlier period's valid stored closing balance plus the lines of any months
 * between it and this one that have none; the month's debits and credits are its own journal lines, read from its stored
 * closing balances once it is closed (stored with them). Only without any
 * valid earlier closing does it sum the history before the month. Amounts in currency units, opening and closing as
 * debit minus credit.
 */
export interface ClosingTrialBalanceRow {
  code: string;
  name: string;
  type: string;
  opening: number;
  debit: number;
  credit: number;
  closing: number;
}

export interface ClosingTrialBalance {
  period: string;
  periodStatus: string;
  /** The period whose stored closing balances are the opening, or null when the history was summed. */
  openingFrom: string | null;
  /** Whether this period's own closing balances are stored (and valid): then they equal `closing` per account. */
  closingStored: boolean;
  accounts: ClosingTrialBalanceRow[];
  totals: {
    openingDebit: number;
    openingCredit: number;
    debit: number;
    credit: number;
    closingDebit: number;
    closingCredit: number;
  };
  balanced: boolean;
}

const cents = (value: unknown) => Math.round(num(value) * 100);
const money = (value: number) => value / 100;

/** Null when no accounting period has the code. */
export async function closingTrialBalance(em: EntityManager, period: string): Promise<ClosingTrialBalance | null> {
  const [found] = await query<{ status: string }>(em, 'select status from accounting_period where code = ?', [period]);
  if (!found) return null;
  const [previous] = await query<{ code: string | null }>(
    em,
    'select max(period_code) as code from period_closing_balance where period_code < ? and valid',
    [period],
  );
  const from = previous?.code ?? null;
  const [own] = await query<{ n: string; invalid: string }>(
    em,
    `select count(*) as n, count(*) filter (where not valid) as invalid
       from period_closing_balance where period_code = ?`,
    [period],
  );
  // Only a closed month's stored rows are final (during a close, a controller's adjustment may still land).
  const storedTotals = found.status === 'closed' && num(own?.n) > 0 && num(own?.invalid) === 0;
  const rows = await query<{
    code: string;
    name: string;
    type: string;
    opening: string;
    debit: string;
    credit: string;
  }>(
    em,
    `with stored as (select account_code, debit - credit as net from period_closing_balance
                      where period_code = ?::text and valid),
          between_lines as (select jl.account_code, sum(jl.debit - jl.credit) as net
                              from journal_line jl join journal_entry je on je.id = jl.entry_id
                             where je.period_code < ? and (?::text is null or je.period_code > ?::text)
                             group by jl.account_code),
          opening as (select account_code, sum(net) as net from (select * from stored union all select * from between_lines) o
                       group by account_code),
          -- A closed month with its balances stored reads its own totals from them; any other sums its lines.
          moved as (select account_code, period_debit as debit, period_credit as credit from period_closing_balance
                     where ?::boolean and period_code = ?
                    union all
                    select jl.account_code, sum(jl.debit) as debit, sum(jl.credit) as credit
                      from journal_line jl join journal_entry je on je.id = jl.entry_id
                     where not ?::boolean and je.period_code = ? group by jl.account_code)
     select a.code, a.name, a.type, coalesce(o.net, 0) as opening,
            coalesce(m.debit, 0) as debit, coalesce(m.credit, 0) as credit
       from account a left join opening o on o.account_code = a.code left join moved m on m.account_code = a.code
      where o.account_code is not null or m.account_code is not null
      order by a.code`,
    [from, period, from, from, storedTotals, period, storedTotals, period],
  );
  const totals = { openingDebit: 0, openingCredit: 0, debit: 0, credit: 0, closingDebit: 0, closingCredit: 0 };
  const accounts = rows.map((row) => {
    const opening = cents(row.opening);
    const debit = cents(row.debit);
    const credit = cents(row.credit);
    const closing = opening + debit - credit;
    totals.openingDebit += Math.max(opening, 0);
    totals.openingCredit += Math.max(-opening, 0);
    totals.debit += debit;
    totals.credit += credit;
    totals.closingDebit += Math.max(closing, 0);
    totals.closingCredit += Math.max(-closing, 0);
    return {
      code: row.code,
      name: row.name,
      type: row.type,
      opening: money(opening),
      debit: money(debit),
      credit: money(credit),
      closing: money(closing),
    };
  });
  const balanced =
    totals.openingDebit === totals.openingCredit &&
    totals.debit === totals.credit &&
    totals.closingDebit === totals.closingCredit;
  return {
    period,
    periodStatus: found.status,
    openingFrom: from,
    closingStored: num(own?.n) > 0 && num(own?.invalid) === 0,
    accounts,
    totals: {
      openingDebit: money(totals.openingDebit),
      openingCredit: money(totals.openingCredit),
      debit: money(totals.debit),
      credit: money(totals.credit),
      closingDebit: money(totals.closingDebit),
      closingCredit: money(totals.closingCredit),
    },
    balanced,
  };
}
