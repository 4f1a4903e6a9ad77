import { defineQuery } from '@temporalio/workflow';

/** The process type recorded in search attributes and the process-instance projection. */
export const SUPPLIER_RETURN = 'supplier-return';

/** Workflow ids follow the return number, so one return can never start two processes. */
export function supplierReturnWorkflowId(returnNumber: string): string {
  return `${SUPPLIER_RETURN}:${returnNumber}`;
}

/** Input of the supplier-return workflow; the return document itself lives in PostgreSQL. */
export interface SupplierReturnInput {
  returnNumber: string;
  /** Minutes before the return task escalates. */
  taskSlaMinutes: number;
  requestedBy: string;
}

export type SupplierReturnStep = 'awaiting-pick' | 'posting' | 'completed';

/** Where some of a return line's goods lie now, and how much of it is free (not reserved for orders). */
export interface ReturnStockPlace {
  location: string;
  status: string;
  free: number;
}

/** One line of the return task: what goes back, why, and where it can be picked. */
export interface ReturnTaskLine {
  lineNo: number;
  orderLineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  lotCode: string | null;
  quantity: number;
  reason: string;
  stock: ReturnStockPlace[];
}

/** The return as the workflow and the clerk's task see it. */
export interface SupplierReturnForTask {
  returnNumber: string;
  orderNumber: string;
  supplierCode: string;
  supplierName: string;
  warehouseCode: string;
  replace: boolean;
  lines: ReturnTaskLine[];
}

/** One pick the clerk confirms: a quantity of a return line taken from a location (status defaults to available). */
export interface ReturnPick {
  lineNo: number;
  fromLocation: string;
  quantity: number;
  status?: string;
}

/** The return task's completion payload. */
export interface ReturnTaskPayload {
  picks: ReturnPick[];
}

/** What the posting did, per return line (amounts in currency units). */
export interface PostedReturnLine {
  lineNo: number;
  quantity: number;
  value: number;
  grniAmount: number;
  payableAmount: number;
  varianceAmount: number;
  journalEntryIds: number[];
}

export interface PostedReturn {
  lines: PostedReturnLine[];
  /** Order lines whose open quantity reopened (replace: true), for the purchase receipt to take again. */
  reopened: Array<{ lineNo: number; quantity: number }>;
  orderNumber: string;
}

/** The live state the console shows on the instance page (via the `getState` query). */
export interface SupplierReturnState {
  returnNumber: string;
  step: SupplierReturnStep;
  orderNumber: string | null;
  taskId: string | null;
  pickedBy: string | null;
  posted: PostedReturn | null;
}

export const getSupplierReturnStateQuery = defineQuery<SupplierReturnState>('getState');
