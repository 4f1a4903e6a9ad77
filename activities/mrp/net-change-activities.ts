import type { MrpNetChangeActivities } from '../../workflows/mrp-net-change/mrp-net-change.contract';
import type { ActivityDeps } from '../context';
import { applyNetChange } from './net-change';

/** Net change's one activity: idempotent by itself (it consumes what it applies in the same transaction). */
export function createNetChangeActivities(deps: ActivityDeps) {
  return {
    async applyNetChange() {
      return applyNetChange(deps.orm.em);
    },
  } satisfies MrpNetChangeActivities;
}
