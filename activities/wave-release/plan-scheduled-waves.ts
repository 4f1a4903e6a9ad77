import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../../db/sql';
import { candidateOf, decideWaves, reservedShape } from '../../db/waves/wave-proposals';
import { persistWaveOrders, waitingOrdersOf } from '../../db/waves/waiting-orders';
import { nextCutoff } from '../../rules/waves/next-cutoff';
import type {
  ReleasedWave,
  WaveReleaseInput,
  WaveReleaseResult,
} from '../../workflows/wave-release/wave-release.contract';

/** Who the decisions and the waves name as their planner. */
export const SCHEDULE_USER = 'schedule';

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
  const orderNumbers = await waitingOrdersOf(em, input);
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
    const recordedBy = `wave-release:${input.warehouseCode}`;
    persistWaveOrders(em, { waveId, orderNumbers: wave.orderNumbers, recordedBy, recordedAt: firedAt });
  }
  await em.flush();
  return { firedAt: input.firedAt, released, held };
}
