/** Mirrors of workflows/supplier-invoice/supplier-invoice.contract.ts and api/supplier-invoices (HTTP only). */

export interface MatchedLine {
  lineNo: number;
  orderLineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  orderedQuantity: number;
  orderUnitPrice: number;
  receivedQuantity: number;
  openReceivedQuantity: number;
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
  rule: string | null;
  decisionId: number | null;
  tolerance: { priceTolerancePercent: number; priceToleranceAmount: number | null; quantityTolerancePercent: number };
}

export interface ReceiptView {
  moveId: number;
  orderLineNo: number;
  itemSku: string;
  receivedAt: string;
  quantity: number;
  unitCost: number;
  invoicedQuantity: number;
}

/** The payload of an `invoice-match-approval` task: order, receipts and invoice side by side. */
export interface InvoiceMatchTaskPayload {
  invoiceKey: string;
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

export interface InvoiceApproval {
  decision: 'approve' | 'reject';
  comment?: string;
}

export interface SupplierInvoiceSummary {
  invoiceNumber: string;
  supplierCode: string;
  supplierName: string;
  orderNumber: string;
  invoiceDate: string;
  dueDate: string;
  netTotal: number;
  taxTotal: number;
  grossTotal: number;
  paidAmount: number;
  status: string;
  workflowId: string;
  createdAt: string;
}

/**
 * A supplier invoice to enter: against a purchase order (`orderNumber`, lines by `lineNo`) or a subcontract order's
 * processing fees (`subcontractOrderNo`, lines by `deliveryNo`).
 */
export interface NewSupplierInvoice {
  supplierCode: string;
  invoiceNumber: string;
  orderNumber?: string;
  subcontractOrderNo?: string;
  invoiceDate: string;
  dueDate?: string;
  lines: Array<{ lineNo?: number; deliveryNo?: number; quantity: number; unitPrice: number; taxRate: number }>;
}
