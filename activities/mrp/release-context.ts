import type { MrpPlannedOrder } from '../../db/entities';
import type { DocumentStarts } from '../context';

/**
 * What one release collects while it turns a run's approved suggestions into orders: who releases, where the new
 * processes run, and the outcome (documents made, processes queued, suggestions left approved with their reason).
 */
export interface ReleaseContext {
  runId: number;
  releasedBy: string;
  taskQueue: string;
  /** The new documents' process starts, as the API queues them. */
  starts: DocumentStarts;
  /** ISO date of the release: production never starts before it. */
  today: string;
  /** The item's preferred supplier as the run's snapshot read it; null: none. */
  supplierOf(sku: string): string | null;
  /**
   * Marks the planned orders released as `documentNumber` (same transaction) and records its process to start.
   */
  released(
    kind: 'purchase' | 'production' | 'subcontract',
    documentNumber: string,
    workflowId: string,
    orders: MrpPlannedOrder[],
  ): void;
  /** Leaves the planned order approved and says why. */
  notReleased(order: MrpPlannedOrder, reason: string): void;
}

/** What a release made; stored as the run's `summary.release` (with who and when). */
export interface ReleaseTally {
  purchaseOrders: string[];
  productionOrders: string[];
  subcontractOrders: string[];
  notReleased: Array<{ plannedRef: string; reason: string }>;
  /** The queued processes of the new documents, to be started after the commit. */
  workflowIds: string[];
}

/** A release context over an empty tally; `released` stamps each planned order with its document. */
export function releaseContext(
  base: Pick<ReleaseContext, 'runId' | 'releasedBy' | 'taskQueue' | 'starts' | 'supplierOf'>,
): {
  context: ReleaseContext;
  tally: ReleaseTally;
} {
  const tally: ReleaseTally = {
    purchaseOrders: [],
    productionOrders: [],
    subcontractOrders: [],
    notReleased: [],
    workflowIds: [],
  };
  const documentsOf = {
    purchase: tally.purchaseOrders,
    production: tally.productionOrders,
    subcontract: tally.subcontractOrders,
  };
  const now = new Date();
  const context: ReleaseContext = {
    ...base,
    today: now.toISOString().slice(0, 10),
    released(kind, documentNumber, workflowId, orders) {
      documentsOf[kind].push(documentNumber);
      tally.workflowIds.push(workflowId);
      for (const order of orders) {
        order.status = 'released';
        order.documentNumber = documentNumber;
        order.releasedAt = now;
      }
    },
    notReleased(order, reason) {
      tally.notReleased.push({ plannedRef: order.plannedRef, reason });
    },
  };
  return { context, tally };
}
