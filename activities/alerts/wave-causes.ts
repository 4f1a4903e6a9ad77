import type { EntityManager } from '@mikro-orm/postgresql';
import { waveAtRisk, type AlertCause, type WaveRiskSettings } from '../../rules/alerts';
import { num, query } from '../../db/sql';

/**
 * Released pick waves (process `pick-wave` running) with tasks still open, their carrier cut-off (the tasks carry it)
 * and the lines those tasks hold: a zone pick's item lines at its stops, the sort's proposed puts, a replenishment's
 * moves plus the pick lines of the zones waiting for it. Named SQL: a sum over the open tasks' payloads, one row per
 * wave.
 */
export async function waveAtRiskCauses(
  em: EntityManager,
  now: Date,
  settings: WaveRiskSettings,
): Promise<AlertCause[]> {
  const rows = await query<{ wave_id: string; cutoff_at: string; open_tasks: string; lines: string }>(
    em,
    `select t.business_key as wave_id, min(t.payload->>'cutoffAt') as cutoff_at, count(*) as open_tasks,
            sum(case t.task_type
                  when 'wave-pick' then (select count(*) from jsonb_array_elements(t.payload->'stops') s,
                                                            jsonb_array_elements(s->'items') i)
                  when 'wave-sort' then jsonb_array_length(coalesce(t.payload->'proposed', '[]'))
                  when 'wave-replenish' then jsonb_array_length(coalesce(t.payload->'moves', '[]'))
                                              + coalesce((t.payload->>'waitingPickLines')::int, 0)
                  else 0 end) as lines
       from human_task t
       join process_instance p on p.workflow_id = t.workflow_id and p.status = 'running'
      where t.process_type = 'pick-wave' and t.status in ('open', 'claimed') and t.payload ? 'cutoffAt'
      group by t.business_key
      order by t.business_key`,
  );
  return rows.flatMap((row) => {
    const cause = waveAtRisk(
      { waveId: row.wave_id, cutoffAt: row.cutoff_at, openTasks: num(row.open_tasks), remainingLines: num(row.lines) },
      now,
      settings,
    );
    return cause ? [cause] : [];
  });
}
