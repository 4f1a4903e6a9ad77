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
  unitCost: number;
}

export interface PurchaseOrderDetail extends PurchaseOrderSummary {
  lines: PurchaseOrderLine[];
}

export interface CreatePurchaseOrderRequest {
  supplierCode: string;
  warehouseCode: string;
  lines: { itemSku: string; quantity: number; unitCost: number }[];
}

export interface CreatePurchaseOrderResponse {
  orderNumber: string;
  workflowId: string;
}
