/**
 * A process start as intake queues it: the shape of db's `ProcessStart` (db/repositories/process-start-repository.ts),
 * declared here because workflow code may not import db. The builders beside each workflow contract return it, so
 * the API (a new document) and reconciliation (a document left without its process) queue exactly the same start.
 */
export interface ProcessStartRequest {
  /** Deterministic, derived from the document number: starting it twice is refused as already started. */
  workflowId: string;
  /** The registered workflow function, e.g. 'orderFulfillment'. */
  workflowType: string;
  processType: string;
  businessKey: string;
  taskQueue: string;
  args: unknown[];
  requestedBy: string;
}
