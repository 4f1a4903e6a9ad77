/** Wire types of the purchasing API (/api/suppliers, /api/warehouses, /api/purchase-orders). */

export interface Supplier {
  code: string;
  name: string;
  trusted: boolean;
}

export interface Warehouse {
  code: string;
  name: string;
  /** Virtual warehouses hold customer-supplied material; purchases are never received into them. */
  virtual: boolean;
}

export interface PurchaseOrderSummary {
  orderNumber: string;
  supplierCode: string;
  supplierName: string;
  warehouseCode: string;
  status: string;
  lineCount: number;
  /** Still to come over all lines (0 once received or closed short). */
  openQuantity: number;
  totalValue: number;
  createdBy: string;
  createdAt: string;
  workflowId: string;
}

export interface PurchaseOrderLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  orderedQuantity: number;
  receivedQuantity: number;
  /** Ordered less received, never below 0; 0 once the order is closed short. */
  openQuantity: number;
  /** YYYY-MM-DD */
  dueDate: string;
  unitCost: number;
  /** Supplier invoices on this line: quantity and net unit price as invoiced, and the invoice's status. */
  invoices: PurchaseLineInvoice[];
}

export interface PurchaseLineInvoice {
  invoiceNumber: string;
  /** matching | awaiting-approval | posted | rejected */
  status: string;
  quantity: number;
  unitPrice: number;
}

/** One delivery as posted: when the goods arrived, who received them, what came per line. */
export interface PurchaseDelivery {
  deliveryNo: number;
  receivedAt: string;
  receivedBy: string;
  lines: { lineNo: number; itemSku: string; quantity: number; unitCost: number; lotCode: string | null }[];
}

export interface PurchaseOrderDetail extends PurchaseOrderSummary {
  lines: PurchaseOrderLine[];
  overDeliveryTolerancePercent: number;
  closedReason: string | null;
  closedBy: string | null;
  closedAt: string | null;
  deliveries: PurchaseDelivery[];
}

export interface CreatePurchaseOrderRequest {
  supplierCode: string;
  warehouseCode: string;
  lines: { itemSku: string; quantity: number; unitCost?: number; dueDate?: string }[];
}

export interface CreatePurchaseOrderResponse {
  orderNumber: string;
  workflowId: string;
}
