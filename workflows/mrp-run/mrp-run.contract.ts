import { defineQuery, defineSignal } from '@temporalio/workflow';

/** The process type recorded in search attributes and the process-instance projection. */
export const MRP_RUN = 'mrp-run';

/** One process per run: `mrp-run:<id>`. */
export function mrpRunWorkflowId(runId: number): string {
  return `${MRP_RUN}:${runId}`;
}

/** Input of the MRP run workflow; the run itself (request, inputs, plan) lives in PostgreSQL (mrp_run ...). */
export interface MrpRunInput {
  runId: number;
  requestedBy: string;
  /** Minutes before the planner's review task escalates. */
  reviewSlaMinutes: number;
}

export type MrpRunStep =
  'snapshot' | 'calculating' | 'review' | 'approved' | 'released' | 'rejected' | 'superseded' | 'simulated';

/** Counts of a stored plan. */
export interface MrpPlanSummary {
  items: number;
  plannedOrders: number;
  exceptions: number;
  problems: number;
  beyondHorizon: number;
}

/** What the run's query answers (the console's live view). */
export interface MrpRunState {
  runId: number;
  step: MrpRunStep;
  summary: MrpPlanSummary | null;
  taskId: string | null;
  supersededBy: number | null;
  /** Once released: how many orders of each kind it made, and how many suggestions stayed approved. */
  release?: { purchaseOrders: number; productionOrders: number; notReleased: number };
}

/**
 * The planner's answer to the review task: approve all suggestions, or decide them one by one (each approved — with
 * a changed quantity or receipt date — or rejected; those not named stay as suggested), or reject the plan with a
 * reason.
 */
export interface MrpReviewAnswer {
  decision: 'approve-all' | 'decide' | 'reject';
  orders?: Array<{ plannedRef: string; approve: boolean; quantity?: number; receiptDate?: string }>;
  reason?: string;
}

/** The review as the activity applies it: the answer, who gave it. */
export interface ApplyReviewInput {
  runId: number;
  workflowId: string;
  answer: MrpReviewAnswer;
  reviewedBy: string;
}

/** What the review changed: counts by outcome. */
export interface ReviewOutcome {
  status: 'approved' | 'rejected';
  approved: number;
  rejected: number;
}

/** What the release is asked: the run, its process, who approved it (the documents' creator), where they run. */
export interface ReleaseMrpInput {
  runId: number;
  workflowId: string;
  releasedBy: string;
  /** The task queue the new documents' processes start on (the run's own). */
  taskQueue: string;
}

/** What a release made, recorded as the run's `summary.release`. */
export interface MrpRelease {
  by: string;
  at: string;
  purchaseOrders: string[];
  productionOrders: string[];
  /** Draft subcontract orders made (releases from before subcontracting have none). */
  subcontractOrders?: string[];
  /** Approved suggestions left approved, each with the reason (no price, no routing, subcontracting ...). */
  notReleased: Array<{ plannedRef: string; reason: string }>;
}

/** The run's side effects (activities/mrp). */
export interface MrpActivities {
  /** Reads the inputs as of one instant and lot-sizes every item; once per run. */
  snapshotMrpRun(input: { runId: number }): Promise<{ ruleSetCode: string; version: number }>;
  /** Calculates and stores the plan, heartbeating per low-level code; resumes after the last stored code. */
  calculateMrpRun(input: { runId: number }): Promise<MrpPlanSummary & { simulation: boolean }>;
  /** Marks older runs still in review superseded by this one; returns their processes (to be told). */
  supersedeOlderRuns(input: { runId: number }): Promise<string[]>;
  /** Applies the planner's review; once per run. */
  applyMrpReview(input: ApplyReviewInput): Promise<ReviewOutcome>;
  /** Turns the approved suggestions into purchase and production orders with their processes; once per run. */
  releaseMrpOrders(input: ReleaseMrpInput): Promise<MrpRelease>;
}

/** A newer run's plan replaced this one's before it was reviewed: the review task is withdrawn. */
export const mrpRunSupersededSignal = defineSignal<[{ byRunId: number }]>('superseded');
export const getMrpRunStateQuery = defineQuery<MrpRunState>('getState');
