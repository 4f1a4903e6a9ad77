import type { EntityManager } from '@mikro-orm/postgresql';
import { AGING_BUCKETS, UNIT_VALUE, VALUED_BALANCES } from '../../db/repositories/stock-report-repository';
import { COMPANY_TIME_ZONE } from '../../db/accounting/periods';
import { num, query } from '../../db/sql';

/**
 * The figures behind the console's home page per role (issue 19, dashboards): counts and day series read straight
 * from the tables the processes write (human_task, process_instance, rule_decision, the MRP plan, production orders,
 * supplier invoices, the stock balances and the ledger). Days are the company's calendar days (its time zone).
 */

type Row = Record<string, unknown>;
const OPEN_TASK = `t.status in ('open', 'claimed')`;
const DAY = (column: string) => `to_char((${column} at time zone ${COMPANY_TIME_ZONE})::date, 'YYYY-MM-DD')`;
const TODAY = `(now() at time zone ${COMPANY_TIME_ZONE})::date`;

export interface TaskCounts {
  open: number;
  dueSoon: number;
  breached: number;
}

/** Open tasks, those due within `dueSoonMinutes` and those past due, among the rows `where` selects. */
async function taskCounts(em: EntityManager, where: string, params: unknown[], dueSoonMinutes: number) {
  const [row] = await query<Row>(
    em,
    `select count(*) as open,
            count(*) filter (where t.due_at >= now() and t.due_at < now() + make_interval(mins => ?)) as due_soon,
            count(*) filter (where t.due_at < now()) as breached
       from human_task t where ${OPEN_TASK} and ${where}`,
    [dueSoonMinutes, ...params],
  );
  return { open: num(row?.open ?? 0), dueSoon: num(row?.due_soon ?? 0), breached: num(row?.breached ?? 0) };
}

/** Every open task, whoever's. */
export async function allTaskCounts(em: EntityManager, dueSoonMinutes: number): Promise<TaskCounts> {
  return taskCounts(em, 'true', [], dueSoonMinutes);
}

/**
 * The open tasks of `roles`' inboxes, and those assigned to `username`, with the few most pressing of either (the
 * caller's own first).
 */
export async function taskPanel(em: EntityManager, username: string, roles: string[], dueSoonMinutes: number) {
  const mine = await taskCounts(em, 't.assignee = ?', [username], dueSoonMinutes);
  const inbox = await taskCounts(em, 't.candidate_role in (?)', [roles], dueSoonMinutes);
  const urgent = await query<Row>(
    em,
    `select t.id, t.title, t.task_type, t.business_key, t.assignee, t.due_at, t.due_at < now() as breached
       from human_task t
      where ${OPEN_TASK} and (t.candidate_role in (?) or t.assignee = ?)
        and t.due_at < now() + make_interval(mins => ?)
      order by coalesce(t.assignee = ?, false) desc, t.due_at, t.id limit 10`,
    [roles, username, dueSoonMinutes, username],
  );
  return {
    dueSoonMinutes,
    mine,
    inbox,
    urgent: urgent.map((r) => ({
      id: String(r.id),
      title: String(r.title),
      taskType: String(r.task_type),
      businessKey: String(r.business_key),
      assignee: r.assignee === null ? null : String(r.assignee),
      dueAt: new Date(r.due_at as string).toISOString(),
      breached: Boolean(r.breached),
    })),
  };
}

/** The planner's open work: the live plan's suggestions and exceptions, and production orders past their due date. */
export async function plannerFigures(em: EntityManager) {
  const [plan] = await query<Row>(
    em,
    `with live as (select id from mrp_run where not simulation and status in ('review', 'approved', 'released'))
     select (select count(*) from mrp_planned_order p
              where p.run_id in (select id from live) and p.status in ('suggested', 'approved')) as suggestions,
            (select count(*) from mrp_planned_order p
              where p.run_id in (select id from live) and p.status in ('suggested', 'approved') and p.past_due)
              as past_due_suggestions,
            (select count(*) from mrp_exception e where e.run_id in (select id from live)) as exceptions`,
  );
  const late = await query<Row>(
    em,
    `select o.number, i.sku, to_char(o.due_date, 'YYYY-MM-DD') as due_date, o.status,
            count(*) over () as total
       from production_order o join item i on i.id = o.item_id
      where o.status not in ('completed', 'closed', 'cancelled') and o.due_date < ${TODAY}
      order by o.due_date, o.number limit 10`,
  );
  return {
    suggestions: num(plan?.suggestions ?? 0),
    pastDueSuggestions: num(plan?.past_due_suggestions ?? 0),
    exceptions: num(plan?.exceptions ?? 0),
    lateProductionOrders: num(late[0]?.total ?? 0),
    late: late.map((r) => ({
      number: String(r.number),
      itemSku: String(r.sku),
      dueDate: String(r.due_date),
      status: String(r.status),
    })),
  };
}

/**
 * The controller's open work: period closes under way (and those stopped at a step), periods not yet closed,
 * supplier invoices not posted (matching or awaiting a decision) and received goods not yet invoiced (GRNI lines).
 */
export async function controllerFigures(em: EntityManager) {
  const [row] = await query<Row>(
    em,
    `select (select count(*) from process_instance where process_type = 'period-close' and status = 'running')
              as closes_running,
            (select count(*) from process_instance where process_type = 'period-close' and status = 'running'
                and current_step like '%-blocked') as closes_blocked,
            (select count(*) from accounting_period where status = 'soft-locked') as periods_soft_locked,
            (select count(*) from supplier_invoice where status in ('matching', 'awaiting-approval')) as unposted,
            (select count(*) from supplier_invoice where status = 'awaiting-approval') as awaiting_approval,
            (select coalesce(sum(gross_total), 0) from supplier_invoice
              where status in ('matching', 'awaiting-approval')) as unposted_amount`,
  );
  const closes = await query<Row>(
    em,
    `select business_key, current_step from process_instance
      where process_type = 'period-close' and status = 'running' order by started_at limit 10`,
  );
  return {
    periodClosesRunning: num(row?.closes_running ?? 0),
    periodClosesBlocked: num(row?.closes_blocked ?? 0),
    periodsSoftLocked: num(row?.periods_soft_locked ?? 0),
    unpostedInvoices: num(row?.unposted ?? 0),
    invoicesAwaitingApproval: num(row?.awaiting_approval ?? 0),
    unpostedAmount: num(row?.unposted_amount ?? 0),
    closes: closes.map((r) => ({ businessKey: String(r.business_key), currentStep: String(r.current_step) })),
  };
}

/** The last `days` company days, oldest first, as YYYY-MM-DD. */
export async function lastDays(em: EntityManager, days: number): Promise<string[]> {
  const rows = await query<Row>(
    em,
    `select to_char(d, 'YYYY-MM-DD') as day from generate_series(${TODAY} - (? - 1), ${TODAY}, interval '1 day') d`,
    [days],
  );
  return rows.map((r) => String(r.day));
}

export interface DaySeries {
  name: string;
  values: number[];
}

/** Rows of (series, day, value) as one series per name, a value for each of `days` (0 where none). */
export function toSeries(rows: Row[], days: string[]): DaySeries[] {
  const byName = new Map<string, number[]>();
  for (const r of rows) {
    const name = String(r.series);
    const values = byName.get(name) ?? days.map(() => 0);
    const at = days.indexOf(String(r.day));
    if (at >= 0) values[at] = num(r.value);
    byName.set(name, values);
  }
  return [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, values]) => ({ name, values }));
}

/** Processes completed per type per day over the last `days` days. */
export async function throughput(em: EntityManager, days: string[]) {
  const rows = await query<Row>(
    em,
    `select process_type as series, ${DAY('closed_at')} as day, count(*) as value
       from process_instance
      where status = 'completed' and closed_at >= (?::date)::timestamp at time zone ${COMPANY_TIME_ZONE}
      group by 1, 2`,
    [days[0]],
  );
  return toSeries(rows, days);
}

/**
 * SLA breaches per day by task type: tasks whose due time fell on the day and that were completed after it or are
 * still open past it.
 */
export async function slaBreaches(em: EntityManager, days: string[]) {
  const rows = await query<Row>(
    em,
    `select t.task_type as series, ${DAY('t.due_at')} as day, count(*) as value
       from human_task t
      where t.due_at >= (?::date)::timestamp at time zone ${COMPANY_TIME_ZONE} and t.due_at < now()
        and (t.completed_at > t.due_at or ${OPEN_TASK})
      group by 1, 2`,
    [days[0]],
  );
  return toSeries(rows, days);
}

/** Rule decisions per rule-set type and version per day. */
export async function ruleDecisions(em: EntityManager, days: string[]) {
  const rows = await query<Row>(
    em,
    `select rule_set_type || ' v' || version as series, ${DAY('created_at')} as day, count(*) as value
       from rule_decision
      where created_at >= (?::date)::timestamp at time zone ${COMPANY_TIME_ZONE}
      group by 1, 2`,
    [days[0]],
  );
  return toSeries(rows, days);
}

/** Valued stock by lot age (days since receipt), every bucket present. */
export async function stockAging(em: EntityManager) {
  const rows = await query<Row>(
    em,
    `select bucket, count(*) as lots, round(sum(value), 2) as value from (
       select case when age_days <= 30 then '0-30' when age_days <= 90 then '31-90'
                   when age_days <= 180 then '91-180' else '180+' end as bucket, value
         from (select floor(extract(epoch from (now() - lot.received_at)) / 86400)::int as age_days,
                      sum(b.quantity * ${UNIT_VALUE}) as value
                 ${VALUED_BALANCES}
                where b.lot_id is not null
                group by lot.id having sum(b.quantity) > 0) aged) bucketed
      group by bucket`,
  );
  const byBucket = new Map(rows.map((r) => [String(r.bucket), r]));
  return AGING_BUCKETS.map((bucket) => ({
    bucket,
    lots: num(byBucket.get(bucket)?.lots ?? 0),
    value: num(byBucket.get(bucket)?.value ?? 0),
  }));
}

/** The stock's value now per item category (customer-owned and virtual-warehouse stock unvalued, as everywhere). */
export async function valueByCategory(em: EntityManager) {
  const rows = await query<Row>(
    em,
    `select i.category, round(sum(b.quantity * ${UNIT_VALUE}), 2) as value
       ${VALUED_BALANCES}
      group by i.category having sum(b.quantity * ${UNIT_VALUE}) <> 0
      order by 2 desc, 1`,
  );
  return rows.map((r) => ({ category: String(r.category), value: num(r.value) }));
}

/**
 * Inventory (account 1300) at the end of each day: the ledger's balance before the first day, then each day's net
 * movement added in turn (one pass over the account's lines).
 */
export async function inventoryValueByDay(em: EntityManager, days: string[]) {
  const rows = await query<Row>(
    em,
    `with lines as (
       select (e.entry_date at time zone ${COMPANY_TIME_ZONE})::date as day, l.debit - l.credit as amount
         from journal_line l join journal_entry e on e.id = l.entry_id where l.account_code = '1300')
     select 'before' as day, coalesce(sum(amount), 0) as value from lines where day < ?::date
     union all
     select to_char(day, 'YYYY-MM-DD'), sum(amount) from lines where day >= ?::date group by day`,
    [days[0], days[0]],
  );
  const byDay = new Map(rows.map((r) => [String(r.day), num(r.value)]));
  let balance = byDay.get('before') ?? 0;
  return days.map((day) => {
    balance += byDay.get(day) ?? 0;
    return Math.round(balance * 100) / 100;
  });
}
