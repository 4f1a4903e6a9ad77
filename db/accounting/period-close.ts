import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit } from '../repositories/audit-repository';
import {
  earliestOpenBefore,
  lockPeriod,
  lockPeriodAdministration,
  markClosed,
  markStatus,
} from '../repositories/period-repository';
import { BooksError } from '../errors';
import { num, query } from '../sql';
import { COMPANY_TIME_ZONE } from './periods';
import type { CloseAbsorption } from './period-close-absorption';
import { fiscalYearOf, RETAINED_EARNINGS, type CloseYearEnd } from './period-close-year-end';

/**
 * The period close's steps against the books (issue 17): soft lock, preconditions, subledger reconciliations, closing
 * balances, the proof and the hard lock. Each is idempotent (a retried or resumed step finds its work done), so the
 * workflow can repeat any of them; each reads the books as they stand when it runs.
 */

const cents = (value: unknown) => Math.round(num(value) * 100);
const money = (value: number) => value / 100;

/** What stops a close at its preconditions, each naming the document or period behind it. */
export interface CloseBlocker {
  kind: 'earlier-period' | 'open-task' | 'running-revaluation' | 'fee-not-accrued';
  /** The period, task id or revaluation job behind it (the cockpit links to it). */
  ref: string;
  message: string;
}

/** One subledger against its control account. Amounts are in currency units, balances in the account's nature. */
export interface CloseReconciliation {
  name: 'inventory' | 'grni' | 'wip' | 'subcontract-fees' | 'receivables';
  account: string;
  accountName: string;
  /** The account's balance through the period (its nature: debit for assets, credit for liabilities). */
  accountAtPeriodEnd: number;
  /** What later documents moved on the account (their postings dated in later months; not lines posted around them). */
  accountAfterPeriod: number;
  /** The subledger as it stands now. */
  subledgerNow: number;
  /** The subledger at the period's end: now, less what the later documents moved. */
  subledgerAtPeriodEnd: number;
  /** subledgerAtPeriodEnd − accountAtPeriodEnd; 0 when they reconcile. */
  difference: number;
  reconciled: boolean;
  /** The documents behind the subledger figure (up to 20), largest first. */
  documents: Array<{ ref: string; amount: number }>;
  /**
   * When they do not reconcile: the period's entries on the account that no stock move, invoice or order of the
   * subledger stands behind (posted by hand, or straight into the ledger), largest first (up to 20): the usual cause.
   */
  suspectEntries: Array<{ entryId: number; sourceType: string; sourceRef: string; amount: number }>;
}

/** The proof of step 7: each check with the figures it compared. */
export interface CloseProof {
  periodDebit: number;
  periodCredit: number;
  unbalancedEntries: number;
  closingDebit: number;
  closingCredit: number;
  /** Accounts whose stored closing balance differs from the previous closing plus the period's lines. */
  chainBreaks: string[];
  /** Reconciliations that no longer hold. */
  reconciliationsFailing: string[];
  holds: boolean;
  problems: string[];
}

/** The human task types that move goods or cost and so must be done (or withdrawn) before their month closes. */
export const BLOCKING_TASK_TYPES = [
  'goods-receipt',
  'supplier-receipt',
  'putaway',
  'pick',
  'production-kit-pick',
  'production-merged-pick',
  'production-completion',
  'subcontract-send-pick',
  'subcontract-return',
  'supplier-return',
] as const;

/** SQL with one `?` (a period code): the instant the period begins (local midnight of its first day). */
const PERIOD_START = `(to_date(?, 'YYYY-MM')::timestamp at time zone ${COMPANY_TIME_ZONE})`;
/** SQL with one `?` (a period code): the instant the period ends (local midnight after its last day). */
const PERIOD_END = `((to_date(?, 'YYYY-MM') + interval '1 month')::timestamp at time zone ${COMPANY_TIME_ZONE})`;

/**
 * Step 1: soft-locks the period for its close (only the close's own postings and a controller's adjustments land from
 * now on). Idempotent: a period already soft-locked is left as it is; audited once with the close's workflow.
 */
export async function softLockForClose(
  em: EntityManager,
  input: { code: string; workflowId: string; startedBy: string },
): Promise<{ status: string }> {
  await lockPeriodAdministration(em);
  const status = await lockPeriod(em, input.code);
  if (!status) throw new Error(`No accounting period ${input.code}`);
  if (status === 'closed') return { status };
  if (status !== 'soft-locked') {
    await markStatus(em, input.code, 'soft-locked');
    await appendAudit(em, {
      actor: input.startedBy,
      action: 'period.soft-locked',
      entityType: 'accounting_period',
      entityId: input.code,
      workflowId: input.workflowId,
      details: { reason: `period close ${input.workflowId}` },
    });
  }
  return { status: 'soft-locked' };
}

/** Step 2: what blocks the close now (empty when nothing does). */
export async function closeBlockers(em: EntityManager, code: string): Promise<CloseBlocker[]> {
  const blockers: CloseBlocker[] = [];
  const earlier = await query<{ code: string; status: string }>(
    em,
    `select code, status from accounting_period where code < ? and status <> 'closed' order by code`,
    [code],
  );
  for (const period of earlier) {
    blockers.push({
      kind: 'earlier-period',
      ref: period.code,
      message: `Period ${period.code} is ${period.status}: months close in order`,
    });
  }
  const tasks = await query<{ id: string; task_type: string; title: string; status: string; created_at: Date }>(
    em,
    `select id, task_type, title, status, created_at from human_task
      where status in ('open', 'claimed') and task_type in (${BLOCKING_TASK_TYPES.map(() => '?').join(', ')})
        and created_at < ${PERIOD_END}
      order by created_at, id`,
    [...BLOCKING_TASK_TYPES, code],
  );
  for (const task of tasks) {
    blockers.push({
      kind: 'open-task',
      ref: task.id,
      message: `Open ${task.task_type} task "${task.title}" (${task.status}, dated ${new Date(task.created_at).toISOString()})`,
    });
  }
  const jobs = await query<{ id: number; status: string; sku: string }>(
    em,
    `select j.id, j.status, i.sku from revaluation_job j join item i on i.id = j.item_id
      where j.status in ('pending', 'running') order by j.id`,
  );
  for (const job of jobs) {
    blockers.push({
      kind: 'running-revaluation',
      ref: String(job.id),
      message: `Revaluation job ${job.id} of ${job.sku} is ${job.status}: valuation is still changing`,
    });
  }
  blockers.push(...(await feesNotAccrued(em, code)));
  return blockers;
}

/**
 * Subcontract fees for goods delivered in the period accrued (step 2): each delivery received in the month accrued the
 * order's fee for its units (finished quantity x fee per unit) and its entry credited exactly that to 2300. A delivery
 * written around its process (no entry, or another amount) is named, order and delivery, so the fee is booked first.
 */
async function feesNotAccrued(em: EntityManager, code: string): Promise<CloseBlocker[]> {
  const rows = await query<{ ref: string; due: string; accrued: string; booked: string | null }>(
    em,
    `select o.order_number || '/' || d.delivery_no as ref, round(d.finished_quantity * o.fee_per_unit, 2) as due,
            d.fee_accrued as accrued,
            (select sum(jl.credit - jl.debit) from journal_entry je
               join journal_line jl on jl.entry_id = je.id and jl.account_code = '2300'
              where je.idempotency_key = 'subcontract:' || o.order_number || ':d' || d.delivery_no || ':entry') as booked
       from subcontract_delivery d join subcontract_order o on o.id = d.order_id
      where d.received_at >= ${PERIOD_START} and d.received_at < ${PERIOD_END} and d.status <> 'rejected'
      order by o.order_number, d.delivery_no`,
    [code, code],
  );
  return (
    rows
      // The due fee is compared within a cent: the delivery rounded quantity x fee in binary floating point.
      .filter((row) => Math.abs(cents(row.due) - cents(row.accrued)) > 1 || cents(row.booked) !== cents(row.accrued))
      .map((row) => ({
        kind: 'fee-not-accrued' as const,
        ref: row.ref,
        message:
          row.booked === null
            ? `Subcontract delivery ${row.ref}: no entry accrued its fee ${num(row.due).toFixed(2)} to 2300`
            : `Subcontract delivery ${row.ref}: fee due ${num(row.due).toFixed(2)}, accrued ${num(row.accrued).toFixed(2)}, ` +
              `booked to 2300 ${num(row.booked).toFixed(2)}`,
      }))
  );
}

interface SubledgerSpec {
  name: CloseReconciliation['name'];
  account: string;
  /** +1: debit-natured (assets), −1: credit-natured (liabilities). */
  sign: 1 | -1;
  /** SQL returning rows (ref, amount) of the subledger as it stands now. */
  documents: string;
}

/** The five subledgers and their control accounts (../shared/POSTINGS.md). */
const SUBLEDGERS: SubledgerSpec[] = [
  {
    name: 'inventory',
    account: '1300',
    sign: 1,
    documents: `select i.sku || coalesce('@' || w.code, '') as ref, v.value as amount
                  from item_valuation v join item i on i.id = v.item_id left join warehouse w on w.id = v.warehouse_id
                 where v.value <> 0`,
  },
  {
    name: 'grni',
    account: '2100',
    sign: -1,
    documents: `select g.order_number || '/' || g.line_no as ref, g.open_value as amount from (
        select po.order_number, l.line_no,
               coalesce((select sum(coalesce(cl.value_in, round(m.quantity * l.unit_cost, 2)))
                           from stock_move m left join cost_layer cl on cl.source_move_id = m.id
                          where m.move_type = 'receipt' and m.document_type = 'purchase-order'
                            and m.document_ref = po.order_number and m.line_no = l.line_no), 0)
             - coalesce((select sum(round(sm.quantity * sm.receipt_unit_cost, 2))
                           from supplier_invoice_match sm join supplier_invoice_line il on il.id = sm.invoice_line_id
                           join supplier_invoice si on si.id = il.invoice_id
                          where il.order_line_id = l.id and si.status = 'posted'), 0)
             - coalesce((select sum(rl.grni_amount)
                           from supplier_return_line rl join supplier_return sr on sr.id = rl.return_id
                          where rl.order_line_id = l.id and sr.status = 'posted'), 0) as open_value
          from purchase_order_line l join purchase_order po on po.id = l.order_id) g
       where g.open_value <> 0
      union all
      -- Receipts without a purchase order (a clerk's manual receipt, a test's stock) credit GRNI too, and no invoice
      -- will ever match them: each stays received-not-invoiced.
      select m.document_type || ':' || m.document_ref as ref, sum(coalesce(cl.value_in, 0)) as amount
        from stock_move m left join cost_layer cl on cl.source_move_id = m.id
       where m.move_type = 'receipt' and m.offset_account = '2100' and m.document_type <> 'purchase-order'
       group by m.document_type, m.document_ref
      having sum(coalesce(cl.value_in, 0)) <> 0
      union all
      -- Freight of a carrier receipt is credited to GRNI until the carrier's invoice clears it (not matched yet).
      select 'carrier-receipt:' || r.receipt_number as ref, r.amount
        from carrier_receipt r where r.status = 'posted'`,
  },
  {
    name: 'wip',
    account: '1400',
    sign: 1,
    documents: `select o.number as ref, sum(c.amount) as amount
                  from production_cost c join production_order o on o.id = c.production_order_id
                 group by o.number having sum(c.amount) <> 0`,
  },
  {
    name: 'subcontract-fees',
    account: '2300',
    sign: -1,
    documents: `select o.order_number || '/' || d.delivery_no as ref,
                       d.fee_accrued - d.fee_reversed - coalesce((select sum(fs.accrued_cleared) from subcontract_fee_settlement fs
                                                  where fs.delivery_id = d.id), 0) as amount
                  from subcontract_delivery d join subcontract_order o on o.id = d.order_id
                 where d.status <> 'rejected'
                   and d.fee_accrued - d.fee_reversed - coalesce((select sum(fs.accrued_cleared) from subcontract_fee_settlement fs
                                                  where fs.delivery_id = d.id), 0) <> 0`,
  },
  {
    name: 'receivables',
    account: '1100',
    sign: 1,
    documents: `select invoice_number as ref, amount - paid_amount as amount from customer_invoice
                 where amount - paid_amount <> 0`,
  },
];

/**
 * Step 3 (and again in the proof): each subledger against its control account at the period's end. The subledgers
 * keep their current state, not a history, so the subledger at the period's end is taken as now less what the later
 * documents moved: the account's postings dated in later months whose source is a subledger document (or a later
 * close's own distribution, which moves WIP and valuation too). A later line posted around the subledger moved the
 * account but not the subledger, so it is left out here: it is the later month's difference (its close names it), not
 * this month's. A difference is the subledger and the account disagreeing about the books up to the period's end.
 */
export async function reconcileSubledgers(em: EntityManager, code: string): Promise<CloseReconciliation[]> {
  const results: CloseReconciliation[] = [];
  for (const spec of SUBLEDGERS) {
    const [account] = await query<{ name: string; through: string; after: string }>(
      em,
      `select a.name,
              coalesce((select sum(jl.debit - jl.credit) from journal_line jl join journal_entry je on je.id = jl.entry_id
                         where jl.account_code = a.code and je.period_code <= ?), 0) as through,
              coalesce((select sum(jl.debit - jl.credit) from journal_line jl join journal_entry je on je.id = jl.entry_id
                         where jl.account_code = a.code and je.period_code > ?
                           and je.source_type in (${SUBLEDGER_SOURCES})), 0) as after
         from account a where a.code = ?`,
      [code, code, spec.account],
    );
    const rows = await query<{ ref: string; amount: string }>(
      em,
      `select ref, amount from (${spec.documents}) d order by abs(amount) desc, ref`,
    );
    const subledgerNow = rows.reduce((sum, row) => sum + cents(row.amount), 0);
    const through = cents(account?.through) * spec.sign;
    const after = cents(account?.after) * spec.sign;
    const subledgerAtEnd = subledgerNow - after;
    results.push({
      name: spec.name,
      account: spec.account,
      accountName: account?.name ?? spec.account,
      accountAtPeriodEnd: money(through),
      accountAfterPeriod: money(after),
      subledgerNow: money(subledgerNow),
      subledgerAtPeriodEnd: money(subledgerAtEnd),
      difference: money(subledgerAtEnd - through),
      reconciled: subledgerAtEnd === through,
      documents: rows.slice(0, 20).map((row) => ({ ref: String(row.ref), amount: money(cents(row.amount)) })),
      suspectEntries: subledgerAtEnd === through ? [] : await suspectEntries(em, code, spec.account),
    });
  }
  return results;
}

/**
 * The documents behind one subledger whose reference starts with `refPrefix` (e.g. one subcontract order's
 * deliveries, `SC-000012/`), each with its amount: what the reconciliation sums for them.
 */
export async function subledgerDocuments(
  em: EntityManager,
  name: CloseReconciliation['name'],
  refPrefix: string,
): Promise<Array<{ ref: string; amount: number }>> {
  const spec = SUBLEDGERS.find((candidate) => candidate.name === name);
  if (!spec) return [];
  const rows = await query<{ ref: string; amount: string }>(
    em,
    `select ref, amount from (${spec.documents}) d where starts_with(ref, ?) order by ref`,
    [refPrefix],
  );
  return rows.map((row) => ({ ref: String(row.ref), amount: money(cents(row.amount)) }));
}

/** The source types of the documents that post to the subledger-controlled accounts (never a person's entry). */
const DOCUMENT_SOURCES = `select distinct document_type from stock_move
  union all values ('customer-invoice'), ('supplier-invoice'), ('supplier-return'), ('payment'), ('revaluation'),
                   ('carrier-receipt'), ('production-order'), ('subcontract-order'), ('purchase-order')`;

/** The sources whose postings move a subledger along with its account: the documents, and a close's distribution. */
const SUBLEDGER_SOURCES = `${DOCUMENT_SOURCES} union all values ('period-close')`;

/**
 * The period's entries on `account` whose source is not one of the subledger's documents (see DOCUMENT_SOURCES):
 * what a person or a script posted around the subledger.
 */
async function suspectEntries(em: EntityManager, code: string, account: string) {
  const rows = await query<{ id: number; source_type: string; source_ref: string; amount: string }>(
    em,
    `select je.id, je.source_type, je.source_ref, sum(jl.debit - jl.credit) as amount
       from journal_entry je join journal_line jl on jl.entry_id = je.id and jl.account_code = ?
      where je.period_code = ? and je.source_type not in (${DOCUMENT_SOURCES})
      group by je.id order by abs(sum(jl.debit - jl.credit)) desc, je.id limit 20`,
    [account, code],
  );
  return rows.map((row) => ({
    entryId: num(row.id),
    sourceType: row.source_type,
    sourceRef: row.source_ref,
    amount: money(cents(row.amount)),
  }));
}

/**
 * Step 6: the closing balance of every account with lines up to and including the period (the whole history: the
 * opening of the next period is this closing), stored replacing any earlier attempt's rows. Returns how many.
 */
export async function storeClosingBalances(em: EntityManager, code: string): Promise<{ accounts: number }> {
  await query(em, 'delete from period_closing_balance where period_code = ?', [code]);
  const rows = await query<{ account_code: string }>(
    em,
    `insert into period_closing_balance (period_code, account_code, debit, credit, period_debit, period_credit, valid,
                                         computed_at)
     select ?, jl.account_code, greatest(sum(jl.debit - jl.credit), 0), greatest(sum(jl.credit - jl.debit), 0),
            coalesce(sum(jl.debit) filter (where je.period_code = ?), 0),
            coalesce(sum(jl.credit) filter (where je.period_code = ?), 0), true, now()
       from journal_line jl join journal_entry je on je.id = jl.entry_id
      where je.period_code <= ?
      group by jl.account_code
     returning account_code`,
    [code, code, code, code],
  );
  return { accounts: rows.length };
}

/**
 * Step 7: the period's debits equal its credits and every entry balances; the stored closing balances balance and
 * chain from the previous period's (previous closing + this period's lines); the reconciliations still hold.
 */
export async function proveClose(
  em: EntityManager,
  code: string,
  options: {
    yearEndStep?: boolean;
    /** The steps' own results, each held to its postings (absent in a close from before this check). */
    steps?: CloseStepResults;
  } = {},
): Promise<CloseProof> {
  const [totals] = await query<{ debit: string; credit: string }>(
    em,
    `select coalesce(sum(jl.debit), 0) as debit, coalesce(sum(jl.credit), 0) as credit
       from journal_line jl join journal_entry je on je.id = jl.entry_id where je.period_code = ?`,
    [code],
  );
  const [unbalanced] = await query<{ n: string }>(
    em,
    `select count(*) as n from (select je.id from journal_entry je join journal_line jl on jl.entry_id = je.id
                                  where je.period_code = ? group by je.id having sum(jl.debit) <> sum(jl.credit)) u`,
    [code],
  );
  const [closing] = await query<{ debit: string; credit: string; n: string }>(
    em,
    `select coalesce(sum(debit), 0) as debit, coalesce(sum(credit), 0) as credit, count(*) as n
       from period_closing_balance where period_code = ? and valid`,
    [code],
  );
  const [previous] = await query<{ code: string | null }>(
    em,
    `select max(period_code) as code from period_closing_balance where period_code < ? and valid`,
    [code],
  );
  // The chain: this closing = the previous stored closing + this period's and any unclosed months' lines between.
  const breaks = await query<{ account_code: string }>(
    em,
    `with prev as (select account_code, debit - credit as net from period_closing_balance
                    where period_code = ?::text and valid),
          moved as (select jl.account_code, sum(jl.debit - jl.credit) as net
                      from journal_line jl join journal_entry je on je.id = jl.entry_id
                     where je.period_code <= ? and (?::text is null or je.period_code > ?::text)
                     group by jl.account_code),
          cur as (select account_code, debit - credit as net from period_closing_balance where period_code = ? and valid)
     select coalesce(cur.account_code, prev.account_code, moved.account_code) as account_code
       from cur full join prev on prev.account_code = cur.account_code
            full join moved on moved.account_code = coalesce(cur.account_code, prev.account_code)
      where coalesce(cur.net, 0) <> coalesce(prev.net, 0) + coalesce(moved.net, 0)
      order by 1`,
    [previous?.code ?? null, code, previous?.code ?? null, previous?.code ?? null, code],
  );
  const reconciliations = await reconcileSubledgers(em, code);
  const proof: CloseProof = {
    periodDebit: money(cents(totals?.debit)),
    periodCredit: money(cents(totals?.credit)),
    unbalancedEntries: num(unbalanced?.n),
    closingDebit: money(cents(closing?.debit)),
    closingCredit: money(cents(closing?.credit)),
    chainBreaks: breaks.map((row) => row.account_code),
    reconciliationsFailing: reconciliations.filter((r) => !r.reconciled).map((r) => `${r.name} (${r.account})`),
    holds: true,
    problems: [],
  };
  if (cents(totals?.debit) !== cents(totals?.credit))
    proof.problems.push(`the period's debits ${proof.periodDebit} differ from its credits ${proof.periodCredit}`);
  if (proof.unbalancedEntries > 0)
    proof.problems.push(`${proof.unbalancedEntries} entries of the period do not balance`);
  if (num(closing?.n) === 0) proof.problems.push('no closing balances are stored for the period');
  if (cents(closing?.debit) !== cents(closing?.credit))
    proof.problems.push(`closing debits ${proof.closingDebit} differ from closing credits ${proof.closingCredit}`);
  if (proof.chainBreaks.length > 0)
    proof.problems.push(`closing balances do not chain from the previous period: ${proof.chainBreaks.join(', ')}`);
  for (const failing of proof.reconciliationsFailing) proof.problems.push(`reconciliation ${failing} no longer holds`);
  // At fiscal year end the year-end step closed the profit-and-loss accounts to retained earnings (3100); a close
  // started before that step existed (yearEndStep false) is not held to it.
  if (options.yearEndStep !== false && (await fiscalYearOf(em, code)).isLastMonth) {
    const open = await query<{ account_code: string }>(
      em,
      `select b.account_code from period_closing_balance b join account a on a.code = b.account_code
        where b.period_code = ? and b.valid and a.type in ('revenue', 'expense') and b.debit <> b.credit
        order by 1`,
      [code],
    );
    if (open.length > 0)
      proof.problems.push(
        `fiscal year end: profit-and-loss accounts not closed to retained earnings: ${open.map((r) => r.account_code).join(', ')}`,
      );
  }
  if (options.steps) proof.problems.push(...(await stepPostingProblems(em, code, options.steps)));
  proof.holds = proof.problems.length === 0;
  return proof;
}

/** One entry's net debit per account, in cents; null when no entry stands under `key` with the id `entryId`. */
async function entryNet(
  em: EntityManager,
  key: string,
  entryId: number,
  code: string,
): Promise<Map<string, number> | null> {
  const rows = await query<{ account_code: string | null; net: string | null }>(
    em,
    `select jl.account_code, sum(jl.debit - jl.credit) as net
       from journal_entry je left join journal_line jl on jl.entry_id = je.id
      where je.idempotency_key = ? and je.id = ? and je.period_code = ?
      group by jl.account_code`,
    [key, entryId, code],
  );
  if (rows.length === 0) return null;
  return new Map(rows.filter((row) => row.account_code).map((row) => [row.account_code!, cents(row.net)]));
}

/** The steps' results the proof holds to their postings. */
export interface CloseStepResults {
  absorption: CloseAbsorption | null;
  yearEnd: CloseYearEnd | null;
  /** The year end run again by retries after a failed proof, each its own entry (absent before that existed). */
  yearEndRetries?: CloseYearEnd[];
}

/**
 * Step 7's "every step's postings exist and sum to what the step reported": the distribution's entry stands under
 * its key, in the period, and moved onto the share accounts exactly the shares it reported (a distribution reported
 * without its entry is named); the year-end entry stands under its key and closed each reported account by its
 * balance, the net result on retained earnings.
 */
async function stepPostingProblems(em: EntityManager, code: string, steps: CloseStepResults): Promise<string[]> {
  const problems: string[] = [];
  const { absorption } = steps;
  if (absorption) {
    const reported = new Map<string, number>();
    for (const pool of absorption.pools) {
      for (const share of pool.shares) {
        for (const part of share.landed ?? [{ account: share.account, amount: share.share }])
          reported.set(part.account, (reported.get(part.account) ?? 0) + cents(part.amount));
      }
    }
    const reportedTotal = [...reported.values()].reduce((sum, value) => sum + value, 0);
    const lines =
      absorption.entryId === null ? null : await entryNet(em, absorption.idempotencyKey, absorption.entryId, code);
    if (lines === null && (absorption.entryId !== null || [...reported.values()].some((value) => value !== 0))) {
      problems.push(
        `absorption: no entry${absorption.entryId === null ? '' : ` ${absorption.entryId}`} under ${absorption.idempotencyKey} in ${code}, though the ` +
          `step reported ${money(reportedTotal).toFixed(2)} distributed`,
      );
    } else if (lines) {
      for (const [account, value] of reported) {
        const posted = lines.get(account) ?? 0;
        if (posted !== value)
          problems.push(
            `absorption: the step reported ${money(value).toFixed(2)} onto ${account}, its entry ` +
              `${absorption.entryId} posted ${money(posted).toFixed(2)}`,
          );
      }
    }
  }
  for (const yearEnd of [steps.yearEnd, ...(steps.yearEndRetries ?? [])]) {
    if (!yearEnd?.yearEnd || yearEnd.entryId === null || !yearEnd.idempotencyKey) continue;
    const lines = await entryNet(em, yearEnd.idempotencyKey, yearEnd.entryId, code);
    if (lines === null) {
      problems.push(`year-end: no entry ${yearEnd.entryId} under ${yearEnd.idempotencyKey} in ${code}`);
    } else {
      const expected = new Map(yearEnd.accountsClosed.map((row) => [row.account, -cents(row.balance)]));
      expected.set(RETAINED_EARNINGS, (expected.get(RETAINED_EARNINGS) ?? 0) - cents(yearEnd.netResult));
      for (const [account, value] of expected) {
        const posted = lines.get(account) ?? 0;
        if (posted !== value)
          problems.push(
            `year-end: the step reported ${money(value).toFixed(2)} onto ${account}, its entry ${yearEnd.entryId} ` +
              `posted ${money(posted).toFixed(2)}`,
          );
      }
    }
  }
  return problems;
}

/**
 * Step 8's end: the hard lock after the controller's approval. Idempotent (a period already closed stays so, nothing
 * audited twice); refuses when an earlier month is open after all (months close in order), the month's stored
 * closing balances were invalidated meanwhile (a reopen of an earlier month), or entries dated in the month were
 * posted after they were stored (its lines no longer sum to the stored period figures): what was proved no longer
 * stands.
 */
export async function hardLockPeriod(
  em: EntityManager,
  input: { code: string; workflowId: string; approvedBy: string; startedBy: string },
): Promise<{ status: 'closed' }> {
  await lockPeriodAdministration(em);
  const status = await lockPeriod(em, input.code);
  if (status === 'closed') return { status };
  const earlier = await earliestOpenBefore(em, input.code);
  if (earlier) {
    throw new BooksError(
      'PERIOD_BEFORE_CLOSED',
      `Period ${earlier} is still open: ${input.code} cannot close before it (months close in order)`,
      'code',
    );
  }
  const [balances] = await query<{ stored: string; invalid: string }>(
    em,
    `select count(*) as stored, count(*) filter (where not valid) as invalid
       from period_closing_balance where period_code = ?`,
    [input.code],
  );
  if (num(balances?.stored) === 0 || num(balances?.invalid) > 0) {
    throw new BooksError(
      'PERIOD_BEFORE_CLOSED',
      `The closing balances of ${input.code} were invalidated (an earlier month was reopened): abandon this close ` +
        'and close the month again',
      'code',
    );
  }
  // What was proved and approved must still be the month's books: a controller's adjustment (or any posting the soft
  // lock lets through) dated in the month after its closing balances were stored would otherwise be locked in beside
  // balances and a proof that leave it out, and the trial balance read from them would disagree with the ledger.
  const moved = await query<{ account_code: string; stored: string; ledger: string }>(
    em,
    `with moved as (select jl.account_code, sum(jl.debit) as debit, sum(jl.credit) as credit
                      from journal_line jl join journal_entry je on je.id = jl.entry_id
                     where je.period_code = ? group by jl.account_code),
          stored as (select account_code, period_debit as debit, period_credit as credit
                       from period_closing_balance where period_code = ? and valid)
     select coalesce(m.account_code, s.account_code) as account_code,
            coalesce(s.debit, 0) - coalesce(s.credit, 0) as stored, coalesce(m.debit, 0) - coalesce(m.credit, 0) as ledger
       from moved m full join stored s on s.account_code = m.account_code
      where coalesce(m.debit, 0) <> coalesce(s.debit, 0) or coalesce(m.credit, 0) <> coalesce(s.credit, 0)
      order by 1`,
    [input.code, input.code],
  );
  if (moved.length > 0) {
    const accounts = moved
      .slice(0, 5)
      .map((row) => `${row.account_code} (proved ${num(row.stored).toFixed(2)}, now ${num(row.ledger).toFixed(2)})`);
    throw new BooksError(
      'PERIOD_BEFORE_CLOSED',
      `Entries dated in ${input.code} were posted after its closing balances were stored and proved: ` +
        `${accounts.join(', ')}${moved.length > 5 ? ` and ${moved.length - 5} more` : ''}; abandon this close and ` +
        'close the month again, so the balances, the proof and the approval cover them',
      'code',
    );
  }
  await markClosed(em, input.code, input.approvedBy);
  await appendAudit(em, {
    actor: input.approvedBy,
    action: 'period.closed',
    entityType: 'accounting_period',
    entityId: input.code,
    workflowId: input.workflowId,
    details: { reason: `period close ${input.workflowId}`, startedBy: input.startedBy, approvedBy: input.approvedBy },
  });
  return { status: 'closed' };
}

/**
 * Abandons a close: the soft lock is lifted (the period is open again) and the act audited with who and why.
 * Idempotent; a period that is already closed or open is left alone.
 */
export async function abandonClose(
  em: EntityManager,
  input: { code: string; workflowId: string; by: string; reason: string },
): Promise<{ status: string }> {
  await lockPeriodAdministration(em);
  const status = await lockPeriod(em, input.code);
  if (status === 'soft-locked') await markStatus(em, input.code, 'open');
  await appendAudit(em, {
    actor: input.by,
    action: 'period-close.abandoned',
    entityType: 'accounting_period',
    entityId: input.code,
    workflowId: input.workflowId,
    details: { reason: input.reason, softLockLifted: status === 'soft-locked' },
  });
  return { status: status === 'soft-locked' ? 'open' : (status ?? 'unknown') };
}
