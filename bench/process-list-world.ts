import type { MikroORM } from '@mikro-orm/postgresql';
import { ProcessInstanceSchema } from '../db/entities/process';
import { query } from '../db/sql';

const TRIGRAM_INDEX = 'process_instance_search_trgm_index';

/**
 * The process types of a busy site and their shares of a million instances (per mille): mostly sales orders and
 * goods receipts, then invoices, inspections, carrier receipts and production, a few MRP runs and month-ends.
 * `prefix` is the business key's (a document number), `steps` where a running one may stand.
 */
export const PROCESS_MIX = [
  { type: 'order-fulfillment', share: 450, prefix: 'SO', steps: ['credit-check', 'awaiting-pick', 'posting'] },
  { type: 'purchase-receipt', share: 180, prefix: 'PO', steps: ['awaiting-receipt', 'inspecting', 'posting'] },
  { type: 'supplier-invoice', share: 100, prefix: 'SI', steps: ['matching', 'awaiting-approval', 'posting'] },
  { type: 'quality-inspection', share: 80, prefix: 'QI', steps: ['inspecting', 'awaiting-approval'] },
  { type: 'carrier-receipt', share: 50, prefix: 'CR', steps: ['awaiting-receipt', 'posting'] },
  { type: 'production-order', share: 50, prefix: 'MO', steps: ['releasing', 'gathering', 'posting'] },
  { type: 'stock-count', share: 20, prefix: 'SC', steps: ['snapshot', 'counting', 'awaiting-approval'] },
  { type: 'subcontract-order', share: 20, prefix: 'SUB', steps: ['awaiting-receipt', 'posting'] },
  { type: 'supplier-return', share: 15, prefix: 'RT', steps: ['awaiting-pick', 'posting'] },
  { type: 'merged-issue', share: 15, prefix: 'MI', steps: ['gathering', 'posting'] },
  { type: 'mrp-run', share: 5, prefix: 'MRP', steps: ['re-planning'] },
  { type: 'mrp-net-change', share: 5, prefix: 'NC', steps: ['re-planning'] },
  { type: 'inventory-revaluation', share: 5, prefix: 'RV', steps: ['posting'] },
  { type: 'period-close', share: 5, prefix: 'PC', steps: ['awaiting-approval', 'posting'] },
] as const;

/** How far back the instances reach: a million over three years is about 900 a day. */
export const HISTORY_DAYS = 3 * 365;

/**
 * Loads `count` process instances into `process_instance` with one set-based statement, as the workflows' step
 * recording would have left them after three years of work: started evenly over {@link HISTORY_DAYS} days in
 * workflow-id order (so the table's physical order follows the start time, as appends do), types by
 * {@link PROCESS_MIX}, business keys `SO-0000042`-style numbers (unique per type), workflow ids
 * `<type>:<business key>`. Instances of the last two weeks are mostly running (at one of the type's steps), older
 * ones finished: 93% completed, 3% cancelled, 2% rejected (sales orders on credit hold; others are cancelled
 * instead), 1% failed with an error, 1% terminated by an operator; the oldest running stragglers stay (half a
 * percent), and the last hundred are still `pending` in the outbox. Then vacuums and analyzes the table, as
 * autovacuum would have long before the list grew this large. The same rows every run (setseed).
 */
export async function seedProcessInstances(orm: MikroORM, count: number): Promise<void> {
  const mix = PROCESS_MIX.map((p, i) => {
    const upTo = PROCESS_MIX.slice(0, i + 1).reduce((sum, q) => sum + q.share, 0);
    return `(${i}, '${p.type}', '${p.prefix}', ${upTo}, array[${p.steps.map((s) => `'${s}'`).join(', ')}])`;
  }).join(',\n              ');
  // The trigram index is built once after the load (as a restore would), not grown a row at a time: a third of the
  // load's time otherwise. Its definition is the entity's, so the bench measures the index the migration creates.
  const trigram = ProcessInstanceSchema.meta.indexes.find((index) => index.name === TRIGRAM_INDEX)?.expression;
  if (typeof trigram !== 'string') throw new Error(`process_instance has no ${TRIGRAM_INDEX}`);
  await query(orm.em.fork(), `drop index if exists "${TRIGRAM_INDEX}"`);
  await orm.em.fork().transactional(async (em) => {
    await query(em, 'select setseed(0.1919)');
    await query(
      em,
      `with mix(ord, process_type, prefix, up_to, steps) as (values ${mix}),
       raw as (
         select g, random() as r_type, random() as r_status, random() as r_step,
                now() - make_interval(secs => (? - g) * (? * 86400.0 / ?) + random() * 600) as started
           from generate_series(1, ?) g),
       typed as (
         select raw.*, m.process_type, m.prefix, m.steps,
                m.process_type = 'order-fulfillment' as can_reject,
                started > now() - interval '14 days' as recent
           from raw
           cross join lateral (select * from mix where mix.up_to > raw.r_type * 1000 order by mix.up_to limit 1) m),
       stated as (
         select typed.*,
                case when g > ? - 100 then 'pending'
                     when recent and r_status < 0.7 then 'running'
                     when not recent and r_status < 0.005 then 'running'
                     when r_status < 0.93 then 'completed'
                     when r_status < 0.96 then 'cancelled'
                     when r_status < 0.98 then case when can_reject then 'rejected' else 'cancelled' end
                     when r_status < 0.99 then 'failed'
                     else 'terminated' end as status
           from typed)
       insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step,
                                     started_at, updated_at, closed_at, last_error)
       select process_type || ':' || key, case when status = 'pending' then '' else md5(g::text) end,
              process_type, key, status,
              case status when 'pending' then ''
                          when 'running' then steps[1 + floor(r_step * array_length(steps, 1))::int]
                          when 'completed' then 'completed'
                          when 'cancelled' then 'cancelled'
                          when 'rejected' then 'credit-rejected'
                          when 'failed' then steps[1 + floor(r_step * array_length(steps, 1))::int]
                          else 'terminated' end,
              started,
              case when status in ('pending', 'running') then least(now(), started + make_interval(mins => (r_step * 120)::int))
                   else finished end,
              case when status not in ('pending', 'running') then finished end,
              case when status = 'failed' then 'ActivityFailure: posting period ' || to_char(started, 'YYYY-MM')
                                               || ' is closed' end
         from (select stated.*, prefix || '-' || lpad(g::text, 7, '0') as key,
                      least(now(), started + make_interval(mins => 5 + (r_step * 4 * 1440)::int)) as finished
                 from stated) s`,
      [count, HISTORY_DAYS, count, count, count],
    );
  });
  await query(orm.em.fork(), trigram);
  await query(orm.em.fork(), 'vacuum analyze process_instance');
}
