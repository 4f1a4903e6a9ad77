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
  /** Components sent, summed over the components. */
  sentQuantity: number;
  /** Components still at the supplier: sent - consumed - scrapped - returned. */
  atSupplierQuantity: number;
  /** Finished units delivered (rejected deliveries not counted). */
  receivedQuantity: number;
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
  reportedConsumed: ReportedQuantity[];
  reportedScrapped: ReportedQuantity[];
  reportedReturned: ReportedQuantity[];
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
}

export interface CreateSubcontractOrderRequest {
  supplierCode: string;
  itemSku: string;
  quantity: number;
  dueDate: string;
  feePerUnit?: number;
  warehouseCode: string;
  /** Omitted: the item's BOM in effect today, all ours. */
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
