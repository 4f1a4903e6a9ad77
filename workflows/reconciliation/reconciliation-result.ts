import type { ReconciliationReport, ReconciliationResult, RepairOutcome } from './reconciliation.contract';

/**
 * A run's result from what the check found and what the repairs did. A discrepancy remains when it is listed only or
 * its repair failed; one skipped because it resolved itself meanwhile (the relay started the process) does not.
 */
export function reconciliationResult(report: ReconciliationReport, outcomes: RepairOutcome[]): ReconciliationResult {
  const settled = new Set(
    outcomes.filter((outcome) => outcome.result !== 'failed').map((outcome) => discrepancyKey(outcome.discrepancy)),
  );
  return {
    checkedAt: report.checkedAt,
    found: report.discrepancies.length,
    repaired: outcomes,
    remaining: report.discrepancies.filter((discrepancy) => !settled.has(discrepancyKey(discrepancy))),
    truncated: report.truncated,
  };
}

/** Identifies a discrepancy across a serialisation round trip (activity results are copies). */
function discrepancyKey(discrepancy: { kind: string; workflowId: string | null; businessKey: string | null }): string {
  return `${discrepancy.kind}|${discrepancy.workflowId ?? ''}|${discrepancy.businessKey ?? ''}`;
}
