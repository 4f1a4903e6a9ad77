import type { EntityManager } from '@mikro-orm/postgresql';
import { Location } from '../../db/entities';
import { buildPickPaths, pathVisits, type WaveBin, type WaveOrderPick } from '../../rules/waves/pick-path';
import type { ReplenishMove } from '../../rules/waves/replenish';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { bookReplenishment, planFaceReplenishment } from './replenish-faces';

/** The bins' zones and places on the walking route, for the wave's path. */
export async function binsOf(em: EntityManager, codes: string[]): Promise<Map<string, WaveBin>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const locations = await em.find(Location, { code: { $in: unique } }, { populate: ['zone'] });
  return new Map(
    locations.map((l) => [
      l.code,
      { locationCode: l.code, zoneCode: l.zone?.code ?? null, pickSequence: l.pickSequence },
    ]),
  );
}

/**
 * Pick-wave side effects (issue 20). The orders' own activities reserve and move the picked stock; the wave itself
 * moves only the replenishment of its pick faces.
 */
export function createWaveActivities(deps: ActivityDeps) {
  return {
    /** One path per zone through the bins the wave's orders reserved, each bin once, in walking order. */
    async planWavePaths(input: { picks: WaveOrderPick[] }) {
      return inTransaction(deps, async (em) => {
        const bins = await binsOf(
          em,
          input.picks.map((pick) => pick.locationCode),
        );
        return { paths: buildPickPaths(input.picks, bins), visits: pathVisits(input.picks) };
      });
    },

    /** The pick faces the wave's picks would take below their minimum, with moves from reserve storage (reads). */
    async planWaveReplenishment(input: { picks: WaveOrderPick[] }) {
      return inTransaction(deps, (em) => planFaceReplenishment(em, input.picks));
    },

    /** Books the replenishment the clerk confirmed, once per wave (the key and the moves commit together). */
    async replenishPickFaces(input: { workflowId: string; waveId: string; moved: ReplenishMove[]; userName: string }) {
      return runOnce(deps, 'replenishPickFaces', input.workflowId, (em) => bookReplenishment(em, input));
    },
  };
}
