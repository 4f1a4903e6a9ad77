import type { EntityManager } from '@mikro-orm/postgresql';
import { ScheduledWaveOrder } from '../entities';
import { query } from '../sql';

/**
 * Which orders wait for a wave (issue 20), written once for the planning board's list (api/waves/wave-lists.ts) and
 * the scheduled release (activities/wave-release), and the record of the waves that take them (`scheduled_wave_order`:
 * a scheduled run's waves and the board's releases alike).
 */

/** How long a wave recorded for an order that never showed up (its start lost) keeps the order from other waves. */
export const LOST_WAVE_MINUTES = 60;

/** The waves recorded for orders (`s`), with their pick-wave process (`wp`, the `pick-wave:<id>` workflow) if it is there. */
const RECORDED_WAVES = `scheduled_wave_order s left join process_instance wp on wp.workflow_id = 'pick-wave:' || s.wave_id`;
/**
 * The recorded wave is still taking its order: its process is starting or inviting, or has not shown up yet (for at
 * most LOST_WAVE_MINUTES). Once the wave plans, the order has joined (its pick task withdrawn) or left (free again).
 */
const STILL_STARTING = `(wp.current_step in ('started', 'joining')
   or (wp.workflow_id is null and s.created_at > now() - make_interval(mins => ${LOST_WAVE_MINUTES})))`;

/** SQL: a wave is taking the order `orderNumber` (an SQL expression). */
function takenByWave(orderNumber: string): string {
  return `exists (select 1 from ${RECORDED_WAVES} where s.order_number = ${orderNumber} and ${STILL_STARTING})`;
}

/**
 * SQL: the sales order `so` (its alias) waits for a wave: its own workflow runs at awaiting-pick with its pick task open
 * or claimed (nothing picked), it has active reservations in storage bins, and no wave is taking it.
 */
export function waitingForWave(so: string): string {
  return `exists (select 1 from process_instance p where p.workflow_id = ${so}.workflow_id and p.status = 'running'
                     and p.current_step = 'awaiting-pick')
      and exists (select 1 from human_task t where t.workflow_id = ${so}.workflow_id and t.task_type = 'pick'
                     and t.status in ('open', 'claimed'))
      and exists (select 1 from reservation r join location l on l.id = r.location_id and l.type = 'storage'
                   where r.document_ref = ${so}.order_number and r.owner_workflow_id = ${so}.workflow_id
                     and r.state = 'active')
      and not ${takenByWave(`${so}.order_number`)}`;
}

/**
 * The warehouse's orders waiting for a wave whose reservations all lie in its storage bins (all in `zones` when given),
 * locked for the caller's transaction: an order a board release is recording right now is skipped (that release takes
 * it), and a release that comes later waits for this transaction and then finds the order taken.
 */
export async function waitingOrdersOf(
  em: EntityManager,
  where: { warehouseCode: string; zones?: string[] },
): Promise<string[]> {
  const zones = where.zones ?? [];
  // The driver expands an array parameter into a list, so the zone test is only written when there are zones.
  const outsideZones = zones.length > 0 ? "or coalesce(z.code, '-') not in (?)" : '';
  const rows = await query<{ order_number: string }>(
    em,
    `select so.order_number
       from sales_order so join warehouse w on w.code = ?
      where ${waitingForWave('so')}
        and not exists (select 1 from reservation r join location l on l.id = r.location_id and l.type = 'storage'
                          left join zone z on z.id = l.zone_id
                         where r.document_ref = so.order_number and r.owner_workflow_id = so.workflow_id
                           and r.state = 'active'
                           and (l.warehouse_id <> w.id ${outsideZones}))
      order by so.order_number
      for update of so skip locked`,
    [where.warehouseCode, ...(zones.length > 0 ? [zones] : [])],
  );
  return rows.map((row) => row.order_number);
}

/** Why a wave's orders could not be recorded for it. */
export type WaveClaimRefusal =
  { kind: 'wave-recorded' } | { kind: 'order-taken'; index: number; orderNumber: string; waveId: string };

/**
 * Records a wave's orders (in the caller's transaction; the caller starts the wave before committing), so the next
 * scheduled run and the board's list leave them to it while it invites them. The orders' rows are locked first (in
 * order, against a concurrent release or run), then it is refused, writing nothing, when the wave id was recorded
 * before or another wave is still taking one of the orders.
 */
export async function recordWaveOrders(
  em: EntityManager,
  wave: { waveId: string; orderNumbers: string[]; recordedBy: string },
): Promise<WaveClaimRefusal | null> {
  await query(em, 'select id from sales_order where order_number in (?) order by order_number for update', [
    wave.orderNumbers,
  ]);
  const [recorded] = await query(em, 'select 1 from scheduled_wave_order where wave_id = ? limit 1', [wave.waveId]);
  if (recorded) return { kind: 'wave-recorded' };
  const taken = await query<{ order_number: string; wave_id: string }>(
    em,
    `select s.order_number, s.wave_id from ${RECORDED_WAVES}
      where s.order_number in (?) and ${STILL_STARTING} order by s.order_number limit 1`,
    [wave.orderNumbers],
  );
  const first = taken[0];
  if (first) {
    const index = wave.orderNumbers.indexOf(first.order_number);
    return { kind: 'order-taken', index, orderNumber: first.order_number, waveId: first.wave_id };
  }
  persistWaveOrders(em, { ...wave, recordedAt: new Date() });
  await em.flush();
  return null;
}

/** Records (persists, for the caller's flush) a wave's orders as taken by it; `recordedBy` names the schedule or person. */
export function persistWaveOrders(
  em: EntityManager,
  wave: { waveId: string; orderNumbers: string[]; recordedBy: string; recordedAt: Date },
): void {
  for (const orderNumber of wave.orderNumbers) {
    const row = { waveId: wave.waveId, orderNumber, scheduleId: wave.recordedBy, firedAt: wave.recordedAt };
    em.persist(Object.assign(new ScheduledWaveOrder(), row));
  }
}
