import type { EntityManager } from '@mikro-orm/postgresql';
import { ScheduledWaveOrder } from '../../db/entities';
import { query } from '../../db/sql';
import { candidateOf, decideWaves, reservedShape } from '../../db/waves/wave-proposals';
import { nextCutoff } from '../../rules/waves/next-cutoff';
import type {
  ReleasedWave,
  WaveReleaseInput,
  WaveReleaseResult,
} from '../../workflows/wave-release/wave-release.contract';

/** Who the decisions and the waves name as their planner. */
export const SCHEDULE_USER = 'schedule';
/** How long a scheduled wave that never showed up (its start lost) keeps its orders from the next runs. */
const LOST_WAVE_MINUTES = 60;

/**
 * The warehouse's orders waiting for a wave, as the board lists them (api/waves/wave-lists.ts): their own workflow at
 * awaiting-pick with its pick task open, their active reservations in the warehouse's storage bins (all in `zones` when
 * given). Orders a scheduled wave still invites (its process not yet past joining) are not waiting: they are taken.
 */
async function waitingOrders(em: EntityManager, input: WaveReleaseInput): Promise<string[]> {
  const zones = input.zones ?? [];
  // The driver expands an array parameter into a list, so the zone test is only written when there are zones.
  const outsideZones = zones.length > 0 ? "or coalesce(z.code, '-') not in (?)" : '';
  const rows = await query<{ order_number: string }>(
    em,
    `select so.order_number
       from sales_order so
       join process_instance p on p.workflow_id = so.workflow_id and p.status = 'running'
                              and p.current_step = 'awaiting-pick'
       join warehouse w on w.code = ?
      where exists (select 1 from human_task t where t.workflow_id = so.workflow_id and t.task_type = 'pick'
                       and t.status in ('open', 'claimed'))
        and exists (select 1 from reservation r join location l on l.id = r.location_id and l.type = 'storage'
                     where r.document_ref = so.order_number and r.owner_workflow_id = so.workflow_id
                       and r.state = 'active')
        and not exists (select 1 from reservation r join location l on l.id = r.location_id and l.type = 'storage'
                          left join zone z on z.id = l.zone_id
                         where r.document_ref = so.order_number and r.owner_workflow_id = so.workflow_id
                           and r.state = 'active'
                           and (l.warehouse_id <> w.id ${outsideZones}))
        and not exists (select 1 from scheduled_wave_order s
                          left join process_instance wp on wp.workflow_id = 'pick-wave:' || s.wave_id
                         where s.order_number = so.order_number
                           and (wp.current_step = 'joining' or wp.current_step = 'started'
                                or (wp.workflow_id is null and s.created_at > now() - make_interval(mins => ?))))
      order by so.order_number`,
    [input.warehouseCode, ...(zones.length > 0 ? [zones] : []), LOST_WAVE_MINUTES],
  );
  return rows.map((row) => row.order_number);
}

/** A wave id from the run's fire time: `W<yyyyMMddHHmmss>-<warehouse>-<n>` (at most 40 letters, digits, dashes). */
export function scheduledWaveId(firedAt: string, warehouseCode: string, index: number): string {
  const stamp = firedAt.replace(/[^0-9]/g, '').slice(0, 14);
  const warehouse = warehouseCode.replace(/[^A-Za-z0-9]/g, '-').slice(0, 18);
  return `W${stamp}-${warehouse}-${index + 1}`;
}

/**
 * One scheduled run's plan (in the caller's transaction, under the run's idempotency key): the waiting orders get the
 * carrier and its next cut-off after the fire time, the `wave` rules in force then decide their waves (each decision
 * stored), and the waves the rules release now are recorded with their orders; held ones wait for the next run.
 */
export async function planScheduledWaves(
  em: EntityManager,
  input: WaveReleaseInput & { firedAt: string },
): Promise<WaveReleaseResult> {
  const firedAt = new Date(input.firedAt);
  const [company] = await query<{ time_zone: string }>(em, 'select time_zone from company_settings where id = 1');
  const cutoffAt = nextCutoff(firedAt, input.cutoffTime, company?.time_zone ?? 'UTC').toISOString();
  const orderNumbers = await waitingOrders(em, input);
  const shapes = await reservedShape(em, orderNumbers);
  const candidates = orderNumbers.flatMap((orderNumber) => {
    const shape = shapes.get(orderNumber);
    return shape ? [candidateOf({ orderNumber, carrier: input.carrier, cutoffAt, priority: 'normal' }, shape)] : [];
  });
  if (candidates.length === 0) return { firedAt: input.firedAt, released: [], held: [] };
  const { waves } = await decideWaves(em, candidates, SCHEDULE_USER, firedAt);
  const released: ReleasedWave[] = [];
  const held: WaveReleaseResult['held'] = [];
  for (const wave of waves) {
    if (wave.release.action !== 'release-now') {
      held.push({ orderNumbers: wave.orderNumbers, action: wave.release.action, reason: wave.release.reason });
      continue;
    }
    const waveId = scheduledWaveId(input.firedAt, input.warehouseCode, released.length);
    released.push({ waveId, orderNumbers: wave.orderNumbers, cutoffAt: wave.cutoffAt, reason: wave.release.reason });
    for (const orderNumber of wave.orderNumbers) {
      em.persist(
        Object.assign(new ScheduledWaveOrder(), {
          waveId,
          orderNumber,
          scheduleId: `wave-release:${input.warehouseCode}`,
          firedAt,
        }),
      );
    }
  }
  await em.flush();
  return { firedAt: input.firedAt, released, held };
}
