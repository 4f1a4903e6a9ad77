import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { AuditSealRun } from './audit-seal.contract';

const { sealAuditChain } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumInterval: '30 seconds' },
});

/**
 * One sealing run of the audit chain (started by the Temporal Schedule `millwright-audit-seal`). One activity: the
 * sealer appends under an advisory lock in one transaction, so a retry or an overlapping run never seals twice.
 */
export async function auditSeal(): Promise<AuditSealRun> {
  return sealAuditChain();
}
