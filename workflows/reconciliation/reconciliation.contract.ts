/** The workflow type of the daily reconciliation, and the Temporal Schedule that starts it. */
export const RECONCILIATION_WORKFLOW = 'reconciliation';
export const RECONCILIATION_SCHEDULE_ID = 'millwright-reconciliation-daily';
/** Scheduled runs get this id plus the time they were due (Temporal appends it). */
export const RECONCILIATION_WORKFLOW_ID = 'millwright-reconciliation';

/** What one reconciliation run is asked to do. */
export interface ReconciliationInput {
  /** Repair what is safe to repair (the schedule does); false only lists. */
  repair: boolean;
  /** Who the audit entries name (default 'reconciliation'). */
  actor?: string;
  /** A document without a process, or a start still queued, counts only once this old (default 10 minutes). */
  olderThanMinutes?: number;
}

/** Defaults of {@link ReconciliationInput}. */
export const RECONCILIATION_DEFAULTS = { actor: 'reconciliation', olderThanMinutes: 10 } as const;

/**
 * What reconciliation finds:
 * - `document-without-process`: a document with no process instance, no queued start and no workflow running;
 * - `process-missing`: the instance is recorded as running but Temporal has no such workflow;
 * - `process-closed`: the instance is recorded as running but its workflow closed without recording it;
 * - `start-stuck`: a queued start Temporal has not accepted for longer than the threshold;
 * - `process-without-document`: a running instance (recorded or in Temporal) whose document does not exist;
 * - `expired-idempotency-keys`: stored answers to idempotent requests past their expiry.
 */
export type DiscrepancyKind =
  | 'document-without-process'
  | 'process-missing'
  | 'process-closed'
  | 'start-stuck'
  | 'process-without-document'
  | 'expired-idempotency-keys';

/**
 * The repair that is safe for a discrepancy: queue the document's start (the relay, or reconciliation at once, starts
 * it; its id is deterministic), start a queued start now, terminate a process whose document does not exist (it can
 * never finish) and record it failed, purge expired keys. Anything else is listed for a person.
 */
export type RepairAction = 'queue-start' | 'start-queued' | 'close-orphan' | 'purge-expired-keys';

/** One finding, in words for people and in fields for machines. */
export interface Discrepancy {
  kind: DiscrepancyKind;
  /** e.g. 'order-fulfillment'; null for findings that are not about one process type. */
  processType: string | null;
  /** The document number (or the instance's business key); null for counts. */
  businessKey: string | null;
  workflowId: string | null;
  /** What is wrong, in one sentence. */
  detail: string;
  /** What `--repair` does about it; null: listed only, for a person to decide. */
  repair: RepairAction | null;
  /** How many rows a count-type finding covers (expired keys). */
  count?: number;
}

/** What one check found. `truncated`: more findings exist than a run lists (the next run takes the rest). */
export interface ReconciliationReport {
  checkedAt: string;
  discrepancies: Discrepancy[];
  truncated: boolean;
}

/** What a repair did about one discrepancy. */
export interface RepairOutcome {
  discrepancy: Discrepancy;
  result: 'repaired' | 'skipped' | 'failed';
  /** What happened, in one sentence (why it was skipped or failed). */
  note: string;
}

/** The result of a run: what was found, what was repaired, what remains for a person. */
export interface ReconciliationResult {
  checkedAt: string;
  found: number;
  repaired: RepairOutcome[];
  /** Found and not repaired: listed only, skipped, or the repair failed. */
  remaining: Discrepancy[];
  truncated: boolean;
}
