import { sealAuditLog } from '../../db/audit/seal';
import type { AuditSealRun } from '../../workflows/audit-seal/audit-seal.contract';
import { inTransaction, type ActivityDeps } from '../context';

/** The audit chain's side effect: sealing the audit rows committed since the last run (idempotent by construction). */
export function createAuditActivities(deps: ActivityDeps) {
  return {
    async sealAuditChain(): Promise<AuditSealRun> {
      const result = await inTransaction(deps, (em) => sealAuditLog(em));
      return { sealed: result.sealed, headSeq: result.head?.seq ?? null };
    },
  };
}
