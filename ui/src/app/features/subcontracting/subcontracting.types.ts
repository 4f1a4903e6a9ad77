/** Wire types of /api/subcontract-orders (api/subcontracting/subcontract-order-schemas.ts). */

export type ComponentProvision = 'ours' | 'supplier' | 'customer';

export interface SubcontractOrderSummary {
  orderNumber: string;
  supplierCode: string;
  supplierName: string;
  itemSku: string;
  itemName: string;
  quantity: number;
  /** YYYY-MM-DD */
  dueDate: string;
  status: string;
  /** Past its due date and not yet received, closed or cancelled. */
  late: boolean;
  /** The component sent, when the order sends exactly one of ours; null when several (their units do not add up). */
  sentQuantity: number | null;
  /** That one component still at the supplier (sent - consumed - scrapped - returned); null when several. */
  atSupplierQuantity: number | null;
  /** How many of our component lines still have something at the supplier. */
  componentsAtSupplier: number;
  /** Finished units delivered (rejected deliveries not counted). */
  receivedQuantity: number;
  /** Finished units still to come: ordered - received, never below 0. */
  openQuantity: number;
  warehouseCode: string;
  createdBy: string;
  createdAt: string;
  workflowId: string;
}

export interface SubcontractComponent {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  quantityPer: number;
  scrapPercent: number;
  provision: ComponentProvision;
  customerCode: string | null;
  requiredQuantity: number;
  sentQuantity: number;
  consumedQuantity: number;
  scrappedQuantity: number;
  returnedQuantity: number;
  atSupplierQuantity: number;
}

export interface ReportedQuantity {
  lineNo: number;
  itemSku: string;
  quantity: number;
}

export interface SubcontractDelivery {
  deliveryNo: number;
  finishedQuantity: number;
  lotCode: string | null;
  receivedAt: string;
  status: 'received' | 'rejected';
  feeAccrued: number;
  /** Units the quality gate rejected back to the supplier. */
  rejectedQuantity?: number;
  /** Units that were earlier rejected stock, re-delivered. */
  redeliveredQuantity?: number;
  reportedConsumed: ReportedQuantity[];
  reportedScrapped: ReportedQuantity[];
  reportedReturned: ReportedQuantity[];
  /** Freight posted on the delivery by carrier receipts, on top of components + fee. */
  freight: number;
  /** The carrier receipts (CR-...) that posted it. */
  freightReceipts: string[];
}

export interface SubcontractOrderDetail extends SubcontractOrderSummary {
  feePerUnit: number;
  /** The MRP planned order it was released from (`<run>:<ref>`), or null when made by hand. */
  plannedRef: string | null;
  cancelledReason: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  components: SubcontractComponent[];
  deliveries: SubcontractDelivery[];
  fees: SubcontractOrderFees;
}

/** Processing fees: accrued on deliveries, invoiced by posted fee invoices, and where each difference went. */
export interface SubcontractOrderFees {
  feesAccrued: number;
  feesInvoiced: number;
  feeDifference: number;
  settlements: Array<{ invoiceNumber: string; deliveryNo: number; quantity: number; explanation: string }>;
}

export interface CreateSubcontractOrderRequest {
  supplierCode: string;
  itemSku: string;
  quantity: number;
  dueDate: string;
  feePerUnit?: number;
  warehouseCode: string;
  /** With the BOM's components: the customer who supplies its customer-supplied lines (required then). */
  customerCode?: string;
  /** Omitted: the item's BOM in effect today, each line as the BOM provides it. */
  components?: {
    itemSku: string;
    quantityPer: number;
    scrapPercent?: number;
    provision?: ComponentProvision;
    customerCode?: string;
  }[];
}

export interface CreateSubcontractOrderResponse {
  orderNumber: string;
  workflowId: string;
  status: 'draft';
}
