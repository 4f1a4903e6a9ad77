import { ApplicationFailure } from '@temporalio/activity';
import type { Discrepancy } from '../../workflows/reconciliation/reconciliation.contract';
import type { ActivityDeps } from '../context';
import { findDiscrepancies } from './find-discrepancies';
import type { ReconciliationDeps } from './reconciliation-deps';
import { repairDiscrepancies } from './repair-discrepancies';

/** The daily reconciliation's activities; `npm run doctor` calls the same two functions directly. */
export function createReconciliationActivities(deps: ActivityDeps) {
  const wired = (): ReconciliationDeps => {
    if (!deps.reconciliation) {
      throw ApplicationFailure.nonRetryable('this worker has no Temporal client for reconciliation', 'NOT_WIRED');
    }
    return deps.reconciliation;
  };
  return {
    async findDiscrepancies(input: { olderThanMinutes: number }) {
      return findDiscrepancies({ em: deps.orm.em.fork(), deps: wired(), olderThanMinutes: input.olderThanMinutes });
    },
    async repairDiscrepancies(input: { discrepancies: Discrepancy[]; actor: string }) {
      return repairDiscrepancies({ deps, reconciliation: wired(), actor: input.actor }, input.discrepancies);
    },
  };
}
