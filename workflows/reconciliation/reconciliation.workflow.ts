import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { reconciliationResult } from './reconciliation-result';
import {
  RECONCILIATION_DEFAULTS,
  type ReconciliationInput,
  type ReconciliationResult,
  type RepairOutcome,
} from './reconciliation.contract';

/**
 * A check lists every process in Temporal and reads every open document: minutes on a large installation. A failed
 * attempt is retried a few times; the next day's run picks up whatever is left.
 */
const RECONCILIATION_ACTIVITY = {
  startToCloseTimeout: '15 minutes',
  retry: { maximumAttempts: 3, initialInterval: '30 seconds' },
} as const;

const { findDiscrepancies, repairDiscrepancies } =
  proxyActivities<ReturnType<typeof createActivities>>(RECONCILIATION_ACTIVITY);

/**
 * Daily reconciliation (started by the Temporal Schedule the worker keeps): finds documents without a process and
 * processes without a document, then repairs what is safe to repair, each repair audited; what is not safe remains
 * in the result for a person (and for `npm run doctor`). All the work is in the two activities.
 */
export async function reconciliation(input: ReconciliationInput): Promise<ReconciliationResult> {
  const olderThanMinutes = input.olderThanMinutes ?? RECONCILIATION_DEFAULTS.olderThanMinutes;
  const report = await findDiscrepancies({ olderThanMinutes });
  const repairable = report.discrepancies.filter((discrepancy) => discrepancy.repair !== null);
  let outcomes: RepairOutcome[] = [];
  if (input.repair && repairable.length > 0) {
    outcomes = await repairDiscrepancies({
      discrepancies: repairable,
      actor: input.actor ?? RECONCILIATION_DEFAULTS.actor,
    });
  }
  return reconciliationResult(report, outcomes);
}
