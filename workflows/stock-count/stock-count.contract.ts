import { defineQuery } from '@temporalio/workflow';

/** The process type recorded in search attributes and the process-instance projection. */
export const STOCK_COUNT = 'stock-count';

/** Workflow ids come from the count number (db/repositories/stock-count-repository.ts queues the same id). */
export function stockCountWorkflowId(countNumber: string): string {
  return `${STOCK_COUNT}:${countNumber}`;
}

/** Input of the stock-count workflow; the count (bin, lines, book snapshot) lives in PostgreSQL. */
export interface StockCountInput {
  countNumber: string;
  requestedBy: string;
  /** Minutes before a count task escalates. */
  countSlaMinutes: number;
}

/** One line as the counting clerk sees it: what to count, never how much the books say (a blind count). */
export interface CountTaskLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  lotCode: string | null;
}

/** The count as the workflow needs it, with the tolerances the pinned cycle-count rules decided. */
export interface StockCountForWorkflow {
  countNumber: string;
  warehouseCode: string;
  locationCode: string;
  reason: string;
  lines: CountTaskLine[];
  recountTolerance: number;
  approvalAboveValue: number;
  /** The rule that decided the tolerances (null: the default policy, or no rules published). */
  rule: string | null;
  decisionId: number | null;
}

/** What a clerk counted per line (the completion payload's `lines`). */
export interface CountedLine {
  lineNo: number;
  quantity: number;
}

/** One line after a count: the difference against the book as it stood when counted, and its value. */
export interface CountDifference {
  lineNo: number;
  itemSku: string;
  lotCode: string | null;
  counted: number;
  expected: number;
  difference: number;
  unitCost: number;
  value: number;
}

export interface RecordedCount {
  lines: CountDifference[];
  /** The largest absolute difference of a line, in the item's unit. */
  maxAbsDifference: number;
  /** Sum of the lines' absolute difference values. */
  absValue: number;
}

export interface PostedCount {
  lines: Array<{ lineNo: number; difference: number; value: number; moveId: number | null }>;
  /** Net value posted: gains minus losses. */
  netValue: number;
  liftedQuantity: number;
}

export type StockCountStep = 'counting' | 'recounting' | 'awaiting-approval' | 'posting' | 'completed' | 'cancelled';

/** The live state the console shows on the instance page (via the `getState` query). */
export interface StockCountState {
  countNumber: string;
  step: StockCountStep;
  locationCode: string | null;
  countedBy: string | null;
  recountedBy: string | null;
  approvedBy: string | null;
  count: RecordedCount | null;
  posted: PostedCount | null;
}

export const getStockCountStateQuery = defineQuery<StockCountState>('getState');
