/** The workflow type of one sealing run of the audit chain, and the Temporal Schedule that starts it. */
export const AUDIT_SEAL_WORKFLOW = 'auditSeal';
export const AUDIT_SEAL_SCHEDULE_ID = 'millwright-audit-seal';
/** Scheduled runs get this id plus the time they were due (Temporal appends it). */
export const AUDIT_SEAL_WORKFLOW_ID = 'millwright-audit-seal';
/**
 * Every five minutes (UTC): audited writes never wait for the chain, and every verification seals first anyway, so
 * this only keeps the chain (and the day's checkpoint) close behind the audit log.
 */
export const AUDIT_SEAL_CRON = '*/5 * * * *';

/** What one sealing run appended to the chain. */
export interface AuditSealRun {
  sealed: number;
  /** The chain head after the run (null while nothing was ever audited). */
  headSeq: number | null;
}
