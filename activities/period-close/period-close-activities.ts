import {
  abandonClose,
  closeBlockers,
  hardLockPeriod,
  proveClose,
  reconcileSubledgers,
  type CloseStepResults,
  softLockForClose,
  storeClosingBalances,
} from '../../db/accounting/period-close';
import { absorbLabourAndOverhead } from '../../db/accounting/period-close-absorption';
import { closeVarianceReport } from '../../db/accounting/period-close-report';
import { closeFiscalYear } from '../../db/accounting/period-close-year-end';
import { createEngineCache } from '../../rules/engine';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { decideAbsorption } from './decide-absorption';
import { followClosedOrder } from './follow-closed-order';

export type { CloseBlocker, CloseProof, CloseReconciliation, CloseStepResults } from '../../db/accounting/period-close';
export type { CloseAbsorption, PoolAbsorption } from '../../db/accounting/period-close-absorption';
export type { CloseVarianceReport, OpenWipLine, VarianceLine } from '../../db/accounting/period-close-report';
export type { CloseYearEnd, YearEndAccount } from '../../db/accounting/period-close-year-end';

interface CloseRef {
  periodCode: string;
  workflowId: string;
}

/**
 * The period close's steps (workflows/period-close). Reads are plain transactions (they may run again and give the
 * books' answer of the moment); writes are idempotent by themselves (the soft and hard lock find their status, the
 * closing balances replace the period's rows) or run once per workflow (the abandon's audit entry).
 */
export function createPeriodCloseActivities(deps: ActivityDeps) {
  const engines = createEngineCache();
  return {
    async softLockForClose(input: CloseRef & { startedBy: string }) {
      return inTransaction(deps, (em) =>
        softLockForClose(em, { code: input.periodCode, workflowId: input.workflowId, startedBy: input.startedBy }),
      );
    },

    async checkClosePreconditions(input: CloseRef) {
      return inTransaction(deps, (em) => closeBlockers(em, input.periodCode));
    },

    async reconcileCloseSubledgers(input: CloseRef) {
      return inTransaction(deps, (em) => reconcileSubledgers(em, input.periodCode));
    },

    /**
     * Step 4: labour and overhead distributed to the period's production orders by the cost-distribution rules; once
     * per close attempt (the workflow id carries the attempt), so a resumed close never posts it twice.
     */
    async absorbCloseOverhead(input: CloseRef & { attempt: number; startedBy: string }) {
      return runOnce(deps, 'absorbCloseOverhead', input.workflowId, (em) =>
        absorbLabourAndOverhead(
          em,
          { code: input.periodCode, workflowId: input.workflowId, attempt: input.attempt, createdBy: input.startedBy },
          (pool, amountCents, targets) =>
            decideAbsorption(em, engines, {
              pool,
              amountCents,
              targets,
              periodCode: input.periodCode,
              workflowId: input.workflowId,
            }),
          followClosedOrder(em, input.startedBy),
        ),
      );
    },

    /** Step 5: the period's production variances and the open orders' WIP (a read: it may run again). */
    async reportCloseVariances(input: CloseRef) {
      return inTransaction(deps, (em) => closeVarianceReport(em, input.periodCode));
    },

    /**
     * Step 6's fiscal year end: in the fiscal year's last month the P&L accounts closed to retained earnings (3100),
     * once per close attempt, so a resumed close never posts it twice; in any other month skipped (nothing posted).
     * `round` 2, 3, ...: the step run again by a retry after a failed proof, once per round under a key of its own,
     * closing only what the P&L accounts hold now (a correction posted meanwhile), never the earlier rounds' amounts.
     */
    async closeFiscalYearEnd(input: CloseRef & { attempt: number; startedBy: string; round?: number }) {
      const round = input.round ?? 1;
      return runOnce(deps, 'closeFiscalYearEnd', round > 1 ? `${input.workflowId}:${round}` : input.workflowId, (em) =>
        closeFiscalYear(em, {
          code: input.periodCode,
          workflowId: input.workflowId,
          attempt: input.attempt,
          createdBy: input.startedBy,
          ...(round > 1 ? { round } : {}),
        }),
      );
    },

    async storeCloseBalances(input: CloseRef) {
      return inTransaction(deps, (em) => storeClosingBalances(em, input.periodCode));
    },

    /**
     * Step 7. `steps` (the absorption's and year-end's results, as the workflow holds them) holds each step to its
     * postings; a close from before that check passes none.
     */
    async proveCloseBooks(
      input: CloseRef & {
        yearEndStep?: boolean;
        steps?: CloseStepResults;
      },
    ) {
      return inTransaction(deps, (em) =>
        proveClose(em, input.periodCode, { yearEndStep: input.yearEndStep, steps: input.steps }),
      );
    },

    async hardLockClosedPeriod(input: CloseRef & { approvedBy: string; startedBy: string }) {
      return inTransaction(deps, (em) =>
        hardLockPeriod(em, {
          code: input.periodCode,
          workflowId: input.workflowId,
          approvedBy: input.approvedBy,
          startedBy: input.startedBy,
        }),
      );
    },

    async abandonPeriodClose(input: CloseRef & { by: string; reason: string }) {
      return runOnce(deps, 'abandonPeriodClose', input.workflowId, (em) =>
        abandonClose(em, { code: input.periodCode, workflowId: input.workflowId, by: input.by, reason: input.reason }),
      );
    },
  };
}
