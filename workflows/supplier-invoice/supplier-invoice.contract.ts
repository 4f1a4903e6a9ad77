import { defineQuery } from '@temporalio/workflow';
import type { RulePin } from '../order-fulfillment/order-fulfillment.contract';

/** The process type recorded in search attributes and the process-instance projection. */
export const SUPPLIER_INVOICE = 'supplier-invoice';

/** One invoice per supplier and number, so the workflow id is derived from both: `supplier-invoice:<supplier>-<number>`. */
export function supplierInvoiceWorkflowId(supplierCode: string, invoiceNumber: string): string {
  return `${SUPPLIER_INVOICE}:${supplierCode}-${invoiceNumber}`;
}

/** Input of the supplier-invoice workflow; the invoice itself lives in PostgreSQL (supplier_invoice). */
export interface SupplierInvoiceInput {
  invoiceId: number;
  /** `<supplier>-<number>`: the business key shown on tasks and in the process list. */
  invoiceKey: string;
  /** Minutes before the controller's approval task escalates. */
  approvalSlaMinutes: number;
  requestedBy: string;
}

export type SupplierInvoiceStep = 'matching' | 'awaiting-approval' | 'posting' | 'rejected' | 'completed';

/** One invoice line beside its order line and receipts, with how it matched (the approval form's rows). */
export interface MatchedLine {
  lineNo: number;
  orderLineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  orderedQuantity: number;
  orderUnitPrice: number;
  receivedQuantity: number;
  /** Received and not yet cleared by an earlier posted invoice. */
  openReceivedQuantity: number;
  /** The receipt price of the quantity this line clears (receipts oldest first). */
  receiptUnitPrice: number;
  invoicedQuantity: number;
  invoiceUnitPrice: number;
  netAmount: number;
  taxRate: number;
  taxAmount: number;
  priceVariance: number;
  quantityVariance: number;
  priceWithin: boolean;
  quantityWithin: boolean;
  /** The rule that decided the tolerances (null: the default policy, or no rules published). */
  rule: string | null;
  decisionId: number | null;
  tolerance: { priceTolerancePercent: number; priceToleranceAmount: number | null; quantityTolerancePercent: number };
}

/** A receipt (one `receipt` move) of the order, as the controller sees it next to the invoice. */
export interface ReceiptView {
  moveId: number;
  orderLineNo: number;
  itemSku: string;
  receivedAt: string;
  quantity: number;
  unitCost: number;
  /** Cleared by invoices posted before this one. */
  invoicedQuantity: number;
}

/** The three documents side by side (order, receipts, invoice) and the verdict: the approval task's payload. */
export interface InvoiceMatchResult {
  within: boolean;
  ruleSetCode: string | null;
  version: number | null;
  order: { orderNumber: string; status: string; supplierCode: string; supplierName: string; warehouseCode: string };
  invoice: {
    invoiceNumber: string;
    supplierCode: string;
    invoiceDate: string;
    dueDate: string;
    netTotal: number;
    taxTotal: number;
    grossTotal: number;
  };
  receipts: ReceiptView[];
  lines: MatchedLine[];
}

/** What posting booked: GRNI cleared, input tax, payables, and where the price difference went (by account). */
export interface InvoicePosting {
  journalEntryId: number | null;
  grniCleared: number;
  /** A subcontract fee invoice: the accrued fees (2300) it cleared (grniCleared is then 0). */
  feesCleared?: number;
  inputTax: number;
  payable: number;
  priceDifference: { onHand: number; issued: Record<string, number> };
}

/** The controller's answer on an invoice outside tolerance. */
export interface InvoiceApprovalPayload {
  decision: 'approve' | 'reject';
  comment?: string;
}

export interface SupplierInvoiceState {
  invoiceKey: string;
  step: SupplierInvoiceStep;
  rules: RulePin | null;
  match: InvoiceMatchResult | null;
  approvalTaskId: string | null;
  approval: { outcome: 'approved' | 'rejected'; by: string; comment: string | null } | null;
  posting: InvoicePosting | null;
}

export const getSupplierInvoiceStateQuery = defineQuery<SupplierInvoiceState>('getSupplierInvoiceState');
