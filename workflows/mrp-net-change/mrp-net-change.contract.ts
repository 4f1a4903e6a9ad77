/** The process type recorded in search attributes and the process-instance projection. */
export const MRP_NET_CHANGE = 'mrp-net-change';

/** One process per recorded change (`mrp-net-change:<first change id>`); it applies every change pending by then. */
export function mrpNetChangeWorkflowId(changeId: number): string {
  return `${MRP_NET_CHANGE}:${changeId}`;
}

/** Input of the net-change workflow (db/planning/planning-changes.ts queues it with the change). */
export interface MrpNetChangeInput {
  changeId: number;
  /** The change that queued it, e.g. `sales order SO-000123 placed`. */
  reason: string;
}

export type MrpNetChangeStep = 're-planning' | 'done';

/** What net change did: the live run re-planned (null: none in review, the changes wait), items, changes applied. */
export interface MrpNetChangeResult {
  runId: number | null;
  items: number;
  changes: number;
}

/** Net change's side effect (activities/mrp/net-change-activities.ts). */
export interface MrpNetChangeActivities {
  /** Applies every pending change to the live plan in one transaction; a retry finds none and does nothing. */
  applyNetChange(): Promise<MrpNetChangeResult>;
}
