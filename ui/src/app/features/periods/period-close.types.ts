/** The close's live state as GET /api/periods/:code/close/status carries it (workflows/period-close PeriodCloseState). */
export type CloseStepName =
  | 'soft-lock'
  | 'preconditions'
  | 'reconciliations'
  | 'absorption'
  | 'variance-report'
  | 'year-end'
  | 'closing-balances'
  | 'proof'
  | 'approval'
  | 'hard-lock';

/** Step 4: labour and overhead distributed to the period's production orders (activities/period-close). */
export interface CloseAbsorption {
  periodCode: string;
  entryId: number | null;
  entryDate: string;
  orders: number;
  pools: Array<{
    pool: 'labour' | 'overhead';
    actual: number;
    applied: number;
    distributed: number;
    leftInPool: boolean;
    ruleVersion: number | null;
    rule: string | null;
    basis: string | null;
    rounding: string;
    reason: string;
    decisionId: number | null;
    shares: Array<{
      orderNumber: string;
      basisValue: number;
      share: number;
      account: string;
      /** A closed order's share split over where its goods are (on hand, shipped, issued). */
      landed?: Array<{ account: string; amount: number }>;
    }>;
  }>;
}

/** Step 5: the period's production variances per document and the open orders' WIP (a report: no postings). */
export interface CloseVarianceReport {
  periodCode: string;
  variances: Array<{ sourceType: string; sourceRef: string; amount: number }>;
  varianceTotal: number;
  varianceDocuments: number;
  openWip: Array<{ orderNumber: string; status: string; itemSku: string; wip: number }>;
  openWipTotal: number;
  openOrders: number;
  listed: number;
}

export interface CloseStep {
  step: CloseStepName;
  status: 'pending' | 'running' | 'blocked' | 'done';
  problems: string[];
  at: string | null;
}

export interface CloseBlocker {
  kind: 'earlier-period' | 'open-task' | 'running-revaluation' | 'fee-not-accrued';
  /** The period, task id or revaluation job behind it. */
  ref: string;
  message: string;
}

export interface CloseReconciliation {
  name: string;
  account: string;
  accountName?: string;
  accountAtPeriodEnd: number;
  subledgerAtPeriodEnd: number;
  difference: number;
  reconciled?: boolean;
  documents?: Array<{ ref: string; amount: number }>;
  suspectEntries?: Array<{ entryId: number; sourceType: string; sourceRef: string; amount: number }>;
}

/** Step 6's fiscal year end (workflows/period-close CloseYearEnd). */
export interface CloseYearEnd {
  yearEnd: boolean;
  fiscalYear: string;
  entryId: number | null;
  entryDate: string | null;
  netResult: number;
  accountsClosed: Array<{ account: string; name: string; type: 'revenue' | 'expense'; balance: number }>;
  note: string | null;
}

export interface CloseProof {
  periodDebit: number;
  periodCredit: number;
  unbalancedEntries: number;
  closingDebit: number;
  closingCredit: number;
  chainBreaks: string[];
  reconciliationsFailing: string[];
  holds: boolean;
  problems: string[];
}

export type CloseStatusName = 'running' | 'blocked' | 'awaiting-approval' | 'closed' | 'abandoned';

export interface CloseState {
  periodCode: string;
  attempt: number;
  startedBy: string;
  status: CloseStatusName;
  currentStep: CloseStepName;
  steps: CloseStep[];
  blockers: CloseBlocker[];
  reconciliations: CloseReconciliation[];
  /** Null until step 4 ran (and on closes recorded before it existed). */
  absorption?: CloseAbsorption | null;
  varianceReport?: CloseVarianceReport | null;
  /** The fiscal year-end step: `yearEnd` false (and a note) in any month but the year's last. */
  yearEnd?: CloseYearEnd | null;
  /** The year end run again by each retry after a failed proof (year's last month), each under its own key. */
  yearEndRetries?: CloseYearEnd[];
  closingBalances: { accounts: number } | null;
  proof: CloseProof | null;
  approvalTaskId: string | null;
  approvedBy: string | null;
  abandonedBy: string | null;
  abandonReason: string | null;
  rechecks: number;
}

export interface CloseStatus {
  periodCode: string;
  periodStatus: string;
  attempt: number;
  workflowId: string;
  /** Null while the close's start is still queued. */
  state: CloseState | null;
}

/**
 * The one-button close's refusal (POST /api/periods/:code/close 409): the close stopped at a step, each failed
 * checklist item in `details` (path `steps.<step>`); the close stays, soft-locked, for a recheck or an abandon.
 */
export const PERIOD_CLOSE_BLOCKED = 'PERIOD_CLOSE_BLOCKED';

/** Whether the close still goes on (the page keeps polling): not ended, or its start still queued. */
export function closeGoesOn(status: CloseStatus | null): boolean {
  if (!status) return false;
  return status.state === null || (status.state.status !== 'closed' && status.state.status !== 'abandoned');
}
