/**
 * Wire rows of the subcontract tracking reports (api/reports/subcontract-tracking-schemas.ts), as the pages read them.
 * Quantities of different components never add up, so an order row counts its lines and values what is still out.
 */
export interface SubcontractTrackingRow {
  orderNumber: string;
  supplierCode: string;
  supplierName: string;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
  dueDate: string;
  status: string;
  late: boolean;
  componentLines: number;
  componentsSent: number;
  componentsOut: number;
  valueAtSupplier: number;
  receivedQuantity: number;
  feesAccrued: number;
  feesInvoiced: number;
  feeDifference: number;
}

export interface SubcontractTrackingComponent {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  provision: 'ours' | 'supplier' | 'customer';
  requiredQuantity: number;
  sentQuantity: number;
  consumedQuantity: number;
  scrappedQuantity: number;
  returnedQuantity: number;
  atSupplierQuantity: number;
  unitValue: number;
  value: number;
}

export interface SubcontractTrackingDetail {
  order: SubcontractTrackingRow;
  components: SubcontractTrackingComponent[];
}

export interface SubcontractSupplierRow {
  supplierCode: string;
  supplierName: string;
  openOrders: number;
  lateOrders: number;
  receivedQuantity: number;
  feesAccrued: number;
  stockValue: number;
}

export interface StockAtSupplierRow {
  itemSku: string;
  itemName: string;
  uom: string;
  warehouseCode: string;
  supplierCode: string | null;
  supplierName: string | null;
  quantity: number;
  value: number;
}
