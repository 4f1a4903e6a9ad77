/**
 * The merged pick task (`production-merged-pick`) as the merged-issue batch sends it
 * (workflows/merged-issue/merged-issue.contract.ts) and what it completes with.
 */

/** One order's part of a pick line. */
export interface MergedShare {
  orderNumber: string;
  lineNo: number;
  quantity: number;
}

/** One item's lot in one bin: the total to take from the shelf, and each order's share of it. */
export interface MergedPickLine {
  sku: string;
  location: string;
  lotCode: string | null;
  expiresOn: string | null;
  total: number;
  shares: MergedShare[];
}

export interface MergedPickPayload {
  warehouseCode?: string;
  batchId?: string;
  /** The orders of the batch in the order their shares are issued (due date, then number). */
  orders?: { orderNumber: string; dueDate: string }[];
  lines: MergedPickLine[];
}

export interface MergedPickCompletion {
  picks: { orderNumber: string; lineNo: number; location: string; lotCode: string | null; quantity: number }[];
}
