import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPANY_TIME_ZONE } from '../../db/accounting/periods';
import { num, query } from '../../db/sql';

/** Receivables (customer invoices, 1100) or payables (posted supplier invoices, 2200). */
export type AgingSide = 'receivables' | 'payables';

/** Amounts open per bucket of days past due as of the report date. */
export interface AgingBuckets {
  current: number;
  days1to30: number;
  days31to60: number;
  days61to90: number;
  over90: number;
  total: number;
}

export interface AgingRow extends AgingBuckets {
  partner: string;
  partnerName: string;
  invoices: number;
}

export interface AgingReport {
  side: AgingSide;
  asOf: string;
  items: AgingRow[];
  total: number;
  totals: AgingBuckets;
  /** The control account's balance at the end of `asOf` (company time zone): the subledger must equal it. */
  ledger: { account: string; balance: number };
  difference: number;
}

/**
 * What each side's open invoices are as of a date: the invoices issued by then, less what payments paid by then
 * (today's paid amount plus what later payments applied), with their due date. One SQL source per side so the
 * buckets and the totals read the same rows.
 */
const OPEN_AS_OF: Record<AgingSide, { sql: string; account: string; sign: string }> = {
  receivables: {
    account: '1100',
    sign: 'jl.debit - jl.credit',
    sql: `select i.id, i.customer_id as partner_id, i.due_on,
                 i.amount - i.paid_amount + coalesce((select sum(a.amount) from payment_allocation a
                   join payment p on p.id = a.payment_id where a.customer_invoice_id = i.id and p.paid_on > :asOf), 0) as open
            from customer_invoice i where i.issued_on <= :asOf`,
  },
  payables: {
    account: '2200',
    sign: 'jl.credit - jl.debit',
    sql: `select i.id, i.supplier_id as partner_id, i.due_date as due_on,
                 i.gross_total - i.paid_amount + coalesce((select sum(a.amount) from payment_allocation a
                   join payment p on p.id = a.payment_id where a.supplier_invoice_id = i.id and p.paid_on > :asOf), 0) as open
            from supplier_invoice i where i.status = 'posted' and i.invoice_date <= :asOf`,
  },
};

const PARTNER: Record<AgingSide, string> = { receivables: 'customer', payables: 'supplier' };

/** Days past due -> bucket: the SQL filter of each bucket column. */
const BUCKETS: Array<[keyof AgingBuckets, string]> = [
  ['current', ':asOf - o.due_on <= 0'],
  ['days1to30', ':asOf - o.due_on between 1 and 30'],
  ['days31to60', ':asOf - o.due_on between 31 and 60'],
  ['days61to90', ':asOf - o.due_on between 61 and 90'],
  ['over90', ':asOf - o.due_on > 90'],
];

/** The aging of one side as of `asOf` (ISO date), one row per partner with something open, paged by partner code. */
export async function agingReport(
  em: EntityManager,
  input: { side: AgingSide; asOf: string; partner?: string; limit: number; offset: number },
): Promise<AgingReport> {
  const source = OPEN_AS_OF[input.side];
  const columns = BUCKETS.map(([name, filter]) => `coalesce(sum(o.open) filter (where ${filter}), 0) as "${name}"`);
  // Every :asOf is the same date; the bucket filters come first in the statement, then the open-amount source.
  const sql = `select p.code as partner, p.name as partner_name, count(*) as invoices, ${columns.join(', ')},
                      sum(o.open) as total
                 from (${source.sql}) o join ${PARTNER[input.side]} p on p.id = o.partner_id
                where o.open > 0 and (?::text is null or p.code = ?)
                group by p.code, p.name`;
  const params = [
    ...Array<string>((sql.match(/:asOf/g) ?? []).length).fill(input.asOf),
    input.partner ?? null,
    input.partner ?? null,
  ];
  const aged = sql.replaceAll(':asOf', '?::date');
  const rows = await query<Record<string, unknown>>(em, `${aged} order by p.code limit ? offset ?`, [
    ...params,
    input.limit,
    input.offset,
  ]);
  const sums = BUCKETS.map(([name]) => `coalesce(sum("${name}"), 0) as "${name}"`).join(', ');
  const [all] = await query<Record<string, unknown>>(
    em,
    `select count(*) as partners, ${sums}, coalesce(sum(total), 0) as total from (${aged}) a`,
    params,
  );
  const totals = buckets(all ?? {});
  const balance = await ledgerBalance(em, source.account, source.sign, input.asOf);
  return {
    side: input.side,
    asOf: input.asOf,
    items: rows.map((row) => ({
      partner: String(row.partner),
      partnerName: String(row.partner_name),
      invoices: num(row.invoices),
      ...buckets(row),
    })),
    total: num(all?.partners),
    totals,
    ledger: { account: source.account, balance },
    difference: Math.round((totals.total - balance) * 100) / 100,
  };
}

/** The control account's balance from every entry dated up to the end of `asOf` in the company's time zone. */
async function ledgerBalance(em: EntityManager, account: string, sign: string, asOf: string): Promise<number> {
  const [row] = await query<{ balance: string }>(
    em,
    `select coalesce(sum(${sign}), 0) as balance
       from journal_line jl join journal_entry je on je.id = jl.entry_id
      where jl.account_code = ? and (je.entry_date at time zone ${COMPANY_TIME_ZONE})::date <= ?::date`,
    [account, asOf],
  );
  return num(row?.balance);
}

function buckets(row: Record<string, unknown>): AgingBuckets {
  return {
    current: num(row.current),
    days1to30: num(row.days1to30),
    days31to60: num(row.days31to60),
    days61to90: num(row.days61to90),
    over90: num(row.over90),
    total: num(row.total),
  };
}
