/** The workflow type of the alerts sweep, and the Temporal Schedule that starts it every few minutes. */
export const ALERTS_SWEEP_WORKFLOW = 'alertsSweep';
export const ALERTS_SWEEP_SCHEDULE_ID = 'millwright-alerts-sweep';
/** Scheduled runs get this id plus the time they were due (Temporal appends it). */
export const ALERTS_SWEEP_WORKFLOW_ID = 'millwright-alerts-sweep';

/** The kinds of alert a sweep raises (db/entities/alert.ts stores them). */
export type AlertKind = 'late-production' | 'below-reorder-point' | 'near-expiry' | 'wave-at-risk';

/** What one sweep looks at. */
export interface AlertsSweepInput {
  /** Only these kinds (default: every kind). */
  kinds?: AlertKind[];
  /** Minutes after an acknowledgement that a persisting cause raises the alert again (default 480). */
  reraiseAfterMinutes?: number;
  /** Wave at risk: minutes one remaining pick/sort/replenishment line takes (default 2). */
  waveMinutesPerLine?: number;
  /** Wave at risk: how close to its carrier cut-off a wave's remaining work may end (default 15 minutes). */
  waveMarginMinutes?: number;
}

/** What one sweep changed. */
export interface AlertsSweepResult {
  raised: number;
  raisedAgain: number;
  resolved: number;
  /** Open or acknowledged alerts after the sweep (of the kinds swept). */
  live: number;
}
