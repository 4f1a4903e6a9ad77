/** The workflow type of the cycle-count planning run, and the Temporal Schedule that starts it daily. */
export const CYCLE_COUNT_WORKFLOW = 'cycleCountPlanning';
export const CYCLE_COUNT_SCHEDULE_ID = 'millwright-cycle-count-daily';
/** Scheduled runs get this id plus the time they were due (Temporal appends it). */
export const CYCLE_COUNT_WORKFLOW_ID = 'millwright-cycle-count';

/** What one planning run looks at. */
export interface CycleCountInput {
  /** Only these warehouses (default: every physical warehouse). */
  warehouseCodes?: string[];
  /** At most this many counts opened per run, so a first run does not bury the floor in tasks (default 50). */
  limit?: number;
}

/** What a planning run opened: one count per bin and item that was due under the cycle-count rules. */
export interface CycleCountPlan {
  opened: Array<{ countNumber: string; locationCode: string; itemSku: string; frequency: string }>;
  /** Bins and items due but left for the next run (over the limit, or being counted already). */
  deferred: number;
}
