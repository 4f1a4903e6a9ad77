import type { MikroORM } from '@mikro-orm/postgresql';
import { Gauge, type Registry } from 'prom-client';
import { num, query } from '../../db/sql';
import { PERIOD_CLOSE } from '../../workflows/period-close/period-close.contract';

/**
 * What the books and the processes hold right now, read from PostgreSQL when Prometheus scrapes: these are states
 * (open tasks) and totals kept by the database (postings, rule decisions), so any number of API processes report the
 * same values and a restart loses nothing. All of it is one statement on one snapshot, reused for a few seconds.
 */

/** One row of the snapshot: which series, up to three label values, the value. */
export interface SnapshotRow {
  metric: string;
  a: string | null;
  b: string | null;
  c: string | null;
  value: string | number;
}

/**
 * An open task's SLA state: `escalated` once its SLA timer fired (the workflow raised its priority), `breached` when
 * its due time has passed but the escalation has not landed yet, `on_track` before it, `none` without a due time.
 */
const SLA_STATE = `case when escalated_at is not null then 'escalated' when due_at is null then 'none'
  when due_at < now() then 'breached' else 'on_track' end`;

/** Every series' rows in one statement (each part reads an index or a small table). */
const SNAPSHOT_SQL = `
  select 'open_tasks' as metric, task_type as a, ${SLA_STATE} as b, null as c, count(*) as value
    from human_task where status in ('open', 'claimed') group by 2, 3
  union all
  select 'rule_decisions', coalesce(rs.code, d.rule_set_id::text), d.rule_set_type, d.version::text, count(*)
    from rule_decision d left join rule_set rs on rs.id = d.rule_set_id group by rs.code, d.rule_set_id, 3, 4
  union all
  select 'postings', source_type, null, null, count(*) from journal_entry group by source_type
  union all
  select 'processes', process_type, status, null, count(*) from process_instance group by process_type, status
  union all
  select 'active_steps', process_type, coalesce(current_step, ''), null, count(*)
    from process_instance where status in ('pending', 'running') group by process_type, 3
  union all
  select 'mrp_runs', status, null, null, count(*) from mrp_run group by status
  union all
  select 'mrp_progress', id::text, levels_done::text, levels_total::text, 0
    from mrp_run where status = 'calculating'
  union all
  select 'periods', status, null, null, count(*) from accounting_period group by status
  union all
  select 'period_closes', business_key, coalesce(current_step, ''), null, 1
    from process_instance where process_type = '${PERIOD_CLOSE}' and status in ('pending', 'running')`;

/** How long one snapshot is reused: a scrape every few seconds (or many scrapers) costs PostgreSQL one statement. */
export const BUSINESS_SNAPSHOT_CACHE_MS = 5_000;

/** Reads the snapshot at most once per {@link BUSINESS_SNAPSHOT_CACHE_MS}; concurrent scrapes share one read. */
export class BusinessSnapshot {
  private last: { at: number; rows: SnapshotRow[] } | undefined;
  private running: Promise<SnapshotRow[]> | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly cacheMs = BUSINESS_SNAPSHOT_CACHE_MS,
  ) {}

  async rows(): Promise<SnapshotRow[]> {
    if (this.last && Date.now() - this.last.at < this.cacheMs) return this.last.rows;
    this.running ??= this.orm.em
      .fork()
      .transactional(async (em) => {
        // A scrape must never hold the database: a slow plan gives up rather than piling up behind others.
        await query(em, 'set local statement_timeout = 5000');
        return query<SnapshotRow>(em, SNAPSHOT_SQL);
      })
      .then((rows) => {
        this.last = { at: Date.now(), rows };
        return rows;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}

type Labels<N extends string> = Partial<Record<N, string>>;

/**
 * The database-derived gauges on `registry`, each set fresh on every scrape from `snapshot` (series that went away
 * disappear). A scrape while PostgreSQL is unreachable leaves them out (the source-up gauge says so), so the rest of
 * /metrics still answers.
 */
export function registerBusinessMetrics(registry: Registry, snapshot: BusinessSnapshot): void {
  const gauge = <N extends string>(
    name: string,
    help: string,
    labelNames: readonly N[],
    metric: string,
    labels: (row: SnapshotRow) => Labels<N>,
    value: (row: SnapshotRow) => number = (row) => num(row.value),
  ) =>
    new Gauge<N>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await snapshot.rows().catch(() => []);
        for (const row of rows) if (row.metric === metric) this.set(labels(row), value(row));
      },
    });

  gauge(
    'millwright_open_human_tasks',
    'Human tasks not yet completed (open or claimed), by task type and SLA state (none, on_track, breached, escalated)',
    ['task_type', 'sla_state'],
    'open_tasks',
    (row) => ({ task_type: row.a ?? '', sla_state: row.b ?? '' }),
  );
  gauge(
    'millwright_rule_decisions',
    'Rule decisions recorded (rule_decision), by rule set, rule-set type and version',
    ['rule_set', 'rule_set_type', 'version'],
    'rule_decisions',
    (row) => ({ rule_set: row.a ?? '', rule_set_type: row.b ?? '', version: row.c ?? '' }),
  );
  gauge(
    'millwright_postings',
    'Journal entries posted, by source type (the document that posted them)',
    ['source_type'],
    'postings',
    (row) => ({ source_type: row.a ?? '' }),
  );
  gauge(
    'millwright_processes',
    'Process instances, by process type and status',
    ['process_type', 'status'],
    'processes',
    (row) => ({ process_type: row.a ?? '', status: row.b ?? '' }),
  );
  gauge(
    'millwright_processes_active',
    'Process instances pending or running, by process type and the step they are at',
    ['process_type', 'step'],
    'active_steps',
    (row) => ({ process_type: row.a ?? '', step: row.b ?? '' }),
  );
  gauge(
    'millwright_mrp_runs',
    'MRP runs, by status (queued, calculating and review are in progress)',
    ['status'],
    'mrp_runs',
    (row) => ({ status: row.a ?? '' }),
  );
  gauge(
    'millwright_mrp_run_progress_ratio',
    'Share of low-level codes done (0..1) of each MRP run still calculating',
    ['run_id'],
    'mrp_progress',
    (row) => ({ run_id: row.a ?? '' }),
    (row) => (num(row.c) > 0 ? num(row.b) / num(row.c) : 0),
  );
  gauge(
    'millwright_accounting_periods',
    'Accounting periods, by status (soft-locked: a close is under way)',
    ['status'],
    'periods',
    (row) => ({ status: row.a ?? '' }),
  );
  gauge(
    'millwright_period_close_in_progress',
    'Period closes under way (1 each), by period and the step the close is at',
    ['period', 'step'],
    'period_closes',
    (row) => ({ period: row.a ?? '', step: row.b ?? '' }),
  );
}
