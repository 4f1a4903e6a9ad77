import { createEngineCache } from '../../rules/engine';
import { BooksError } from '../../db/errors';
import type {
  DisposeInput,
  OpenInspectionLotInput,
} from '../../workflows/quality-inspection/quality-inspection.contract';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { reject } from '../errors';
import { awaitConcession, disposeLot } from './dispose-lot';
import { findLot, lotForTask } from './load-inspection-lot';
import { openInspectionLot } from './open-inspection-lot';
import { recordReadings, type RecordReadingsInput } from './record-readings';
import { settleRework, type SettleReworkInput } from './settle-rework';

/** The books refusing a posting (closed period, stock gone) is an answer a retry cannot change. */
function finalIfRefused(error: unknown): never {
  if (error instanceof BooksError) {
    return reject('POSTING_REJECTED', `${error.code}: ${error.message}`, { code: error.code, field: error.field });
  }
  throw error;
}

/**
 * Quality-gate side effects, each one transaction and idempotent with its key in PostgreSQL (runOnce): a retry or a
 * crashed worker never opens a line twice, records readings twice or moves a disposition's stock twice.
 */
export function createQualityActivities(deps: ActivityDeps) {
  // One cache per worker: the quality-sampling version in force is compiled once.
  const engines = createEngineCache();
  return {
    async openInspectionLot(input: OpenInspectionLotInput) {
      return runOnce(deps, 'openInspectionLot', input.sourceKey, (em) => openInspectionLot(em, input, engines)).catch(
        finalIfRefused,
      );
    },

    async loadInspectionLot(input: { lotNo: string }) {
      return inTransaction(deps, async (em) => lotForTask(await findLot(em, input.lotNo)));
    },

    async recordInspectionReadings(input: RecordReadingsInput) {
      return runOnce(deps, 'recordInspectionReadings', input.lotNo, (em) => recordReadings(em, input));
    },

    async awaitInspectionConcession(input: { lotNo: string }): Promise<void> {
      return inTransaction(deps, (em) => awaitConcession(em, input.lotNo));
    },

    async disposeInspectionLot(input: DisposeInput) {
      return runOnce(deps, 'disposeInspectionLot', input.lotNo, (em) => disposeLot(em, input)).catch(finalIfRefused);
    },

    async settleInspectionRework(input: SettleReworkInput) {
      return runOnce(deps, 'settleInspectionRework', input.lotNo, (em) => settleRework(em, input)).catch(
        finalIfRefused,
      );
    },
  };
}
