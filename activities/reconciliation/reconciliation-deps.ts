import type { Client } from '@temporalio/client';
import type { defineSearchAttributeKey } from '@temporalio/common';
import type { ProcessStart } from '../../db/repositories/process-start-repository';

/**
 * A kind of document that has a process: where its rows are, and how the API starts its process. The SQL fragments
 * are code (the wiring in worker/reconciliation-wiring.ts), never input; `d` is the document table's alias.
 */
export interface DocumentProcess {
  processType: string;
  /** For people: 'sales order', 'purchase order'. */
  documentName: string;
  table: string;
  /** The document's business key (its number) over `d`, e.g. `d.order_number`. */
  businessKeySql: string;
  /** The workflow id the document records, over `d`; null when it records none. */
  workflowIdSql: string | null;
  /** The status a document has until its process takes its first step; only such a document may get its start. */
  startStatus?: string;
  /** The start the API queues for a new document of this kind; absent: intake does not start these. */
  start?: (businessKey: string, requestedBy: string) => ProcessStart;
}

/** A keyword search attribute key (the SDK exports its maker, not its type). */
type KeywordKey = ReturnType<typeof defineSearchAttributeKey<'KEYWORD'>>;

/** What reconciliation needs besides the database: Temporal, and what the worker knows about our processes. */
export interface ReconciliationDeps {
  temporal: Client;
  documents: DocumentProcess[];
  /** The ProcessType and BusinessKey search attributes (workflows/search-attributes.ts). */
  keys: { processType: KeywordKey; businessKey: KeywordKey };
  /** Starts a queued start in Temporal; resolves when Temporal accepted it or already had it, else throws. */
  startProcess(start: ProcessStart): Promise<{ runId: string | null }>;
}
