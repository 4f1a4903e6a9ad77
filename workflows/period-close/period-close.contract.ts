import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CloseAbsorption,
  CloseBlocker,
  CloseProof,
  CloseReconciliation,
  CloseVarianceReport,
  CloseYearEnd,
} from '../../activities/period-close/period-close-activities';

export type { CloseAbsorption, CloseBlocker, CloseProof, CloseReconciliation, CloseVarianceReport, CloseYearEnd };

/** The process type recorded in search attributes and the process-instance projection. */
export const PERIOD_CLOSE = 'period-close';

/** `period-close:<YYYY-MM>:<attempt>`: a close after a reopen is a new attempt, with keys of its own. */
export function periodCloseWorkflowId(periodCode: string, attempt: number): string {
  return `${PERIOD_CLOSE}:${periodCode}:${attempt}`;
}

export interface PeriodCloseInput {
  periodCode: string;
  attempt: number;
  /** The controller who started the close: four-eyes, they cannot approve it. */
  startedBy: string;
  /** Minutes before the approval task escalates (default 24 h). */
  approvalSlaMinutes?: number;
  /** How often a stopped step checks again by itself, without a recheck (default 10 minutes). */
  recheckEveryMinutes?: number;
}

/**
 * The close's steps in order (issue 17's steps 1, 2, 3, 4, 5 (the variance report), 6 (its fiscal year end as
 * `year-end`, then the closing balances), 7 and 8). A close started before step 4 existed (no `period-close-absorption`
 * patch in its history) shows `absorption` done with a note, likewise `variance-report` (patch
 * `period-close-variance-report`) and `year-end` (patch `period-close-year-end`); a close of any month but the fiscal
 * year's last shows `year-end` done with a note.
 */
export const PERIOD_CLOSE_STEPS = [
  'soft-lock',
  'preconditions',
  'reconciliations',
  'absorption',
  'variance-report',
  'year-end',
  'closing-balances',
  'proof',
  'approval',
  'hard-lock',
] as const;
export type PeriodCloseStep = (typeof PERIOD_CLOSE_STEPS)[number];

export interface StepStatus {
  step: PeriodCloseStep;
  /** `blocked`: the step stopped and waits for a recheck (or abandon); the reason is in `problems`. */
  status: 'pending' | 'running' | 'blocked' | 'done';
  problems: string[];
  /** When the step last changed (workflow time, ISO). */
  at: string | null;
}

export interface PeriodCloseState {
  periodCode: string;
  attempt: number;
  startedBy: string;
  status: 'running' | 'blocked' | 'awaiting-approval' | 'closed' | 'abandoned';
  currentStep: PeriodCloseStep;
  steps: StepStatus[];
  blockers: CloseBlocker[];
  reconciliations: CloseReconciliation[];
  /** Step 4: labour and overhead distributed to the period's production orders (null until it ran). */
  absorption: CloseAbsorption | null;
  /** Step 5: the period's production variances per document and the open orders' WIP (a report: no postings). */
  varianceReport: CloseVarianceReport | null;
  /**
   * Step 6's fiscal year end: the P&L accounts closed to retained earnings (entry id, net result, accounts closed);
   * `yearEnd: false` with a note in any other month; null until it ran (or in a close started before the step).
   */
  yearEnd: CloseYearEnd | null;
  /**
   * The fiscal year end run again by each retry after a failed proof (in the year's last month), each closing what
   * the P&L accounts held then under a key of its own (`...:year-end:2`, ...); empty otherwise.
   */
  yearEndRetries: CloseYearEnd[];
  closingBalances: { accounts: number } | null;
  proof: CloseProof | null;
  approvalTaskId: string | null;
  approvedBy: string | null;
  abandonedBy: string | null;
  abandonReason: string | null;
  /** How many rechecks were asked for (signal) so far. */
  rechecks: number;
}

export interface AbandonCloseArgs {
  by: string;
  reason: string;
}

export const getPeriodCloseStateQuery = defineQuery<PeriodCloseState>('getState');
/** Check a stopped step again now (the blocking task done, a wrong posting corrected). */
export const recheckCloseSignal = defineSignal('recheck');
/** A controller abandons the close: the soft lock is lifted, audited; answers once the close has ended. */
export const abandonCloseUpdate = defineUpdate<PeriodCloseState, [AbandonCloseArgs]>('abandon');

/** Prefix of the abandon update's refusals, so the API maps them to a 409 without parsing prose. */
export const CLOSE_FINISHED = 'CLOSE_FINISHED';
