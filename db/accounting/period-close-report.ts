import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';
import { COMPANY_TIME_ZONE } from './periods';

/*
 * Step 5 of the period close (issue 17): a report, no postings. Orders post their own variances when they close (and
 * costs found after the close follow to variance), so the close only shows what the month's variance account holds,
 * document by document, and what the orders still open carry in WIP at the period's end.
 */

const PRODUCTION_VARIANCE = '5500';
const PERIOD_END = `((to_date(?, 'YYYY-MM') + interval '1 month')::timestamp at time zone ${COMPANY_TIME_ZONE})`;
const LISTED = 50;
const cents = (value: unknown) => Math.round(num(value) * 100);

/** One document's production variance in the period (debit positive: cost above what the goods carried). */
export interface VarianceLine {
  sourceType: string;
  sourceRef: string;
  amount: number;
}

/** One open production order's WIP at the period's end. */
export interface OpenWipLine {
  orderNumber: string;
  status: string;
  itemSku: string;
  wip: number;
}

/** Step 5's figures: the variances posted in the period and the WIP still open, each with its total. */
export interface CloseVarianceReport {
  periodCode: string;
  variances: VarianceLine[];
  varianceTotal: number;
  varianceDocuments: number;
  openWip: OpenWipLine[];
  openWipTotal: number;
  openOrders: number;
  /** How many lines each list shows at most (largest first); the totals and counts cover all. */
  listed: number;
}

/** Step 5: the period's production variances per document and the open orders' WIP at the period's end. */
export async function closeVarianceReport(em: EntityManager, code: string): Promise<CloseVarianceReport> {
  const variances = await query<{ source_type: string; source_ref: string; amount: string }>(
    em,
    `select je.source_type, je.source_ref, sum(jl.debit - jl.credit) as amount
       from journal_line jl join journal_entry je on je.id = jl.entry_id
      where jl.account_code = ? and je.period_code = ?
      group by je.source_type, je.source_ref having sum(jl.debit - jl.credit) <> 0
      order by abs(sum(jl.debit - jl.credit)) desc, je.source_type, je.source_ref`,
    [PRODUCTION_VARIANCE, code],
  );
  const open = await query<{ number: string; status: string; sku: string; wip: string }>(
    em,
    `select o.number, o.status, i.sku, sum(c.amount) as wip
       from production_order o join item i on i.id = o.item_id
       join production_cost c on c.production_order_id = o.id and c.effective_at < ${PERIOD_END}
      where o.status not in ('closed', 'cancelled')
      group by o.number, o.status, i.sku having sum(c.amount) <> 0
      order by abs(sum(c.amount)) desc, o.number`,
    [code],
  );
  const total = (rows: Array<{ cents: number }>) => rows.reduce((sum, row) => sum + row.cents, 0) / 100;
  const varianceRows = variances.map((row) => ({ row, cents: cents(row.amount) }));
  const wipRows = open.map((row) => ({ row, cents: cents(row.wip) }));
  return {
    periodCode: code,
    variances: varianceRows.slice(0, LISTED).map(({ row, cents: amount }) => ({
      sourceType: row.source_type,
      sourceRef: row.source_ref,
      amount: amount / 100,
    })),
    varianceTotal: total(varianceRows),
    varianceDocuments: varianceRows.length,
    openWip: wipRows.slice(0, LISTED).map(({ row, cents: wip }) => ({
      orderNumber: row.number,
      status: row.status,
      itemSku: row.sku,
      wip: wip / 100,
    })),
    openWipTotal: total(wipRows),
    openOrders: wipRows.length,
    listed: LISTED,
  };
}
