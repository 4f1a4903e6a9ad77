/** Wire shapes of the purchase-receipt tasks (`goods-receipt` and `putaway` form kinds). */

export interface ReceiptTaskLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  lotTracked: boolean;
  shelfLifeDays: number | null;
  orderedQuantity: number;
  unitCost: number;
}

export interface GoodsReceiptPayload {
  orderNumber: string;
  supplierCode: string;
  supplierName: string;
  warehouseCode: string;
  dockLocation: string;
  lines: ReceiptTaskLine[];
}

export interface ReceivedLineInput {
  lineNo: number;
  quantity: number;
  lotCode?: string;
  /** YYYY-MM-DD */
  manufacturedOn?: string;
  /** YYYY-MM-DD */
  expiresOn?: string;
}

export interface GoodsReceiptOutcome {
  lines: ReceivedLineInput[];
}

export interface ReceivedLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
  lotCode: string | null;
  manufacturedOn: string | null;
  expiresOn: string | null;
}

export interface PutawayTaskPayload {
  orderNumber: string;
  warehouseCode: string;
  dockLocation: string;
  lines: ReceivedLine[];
  /** The bins of the warehouse the stock may go to. */
  locations: string[];
}

export interface PutawayOutcome {
  lines: { lineNo: number; toLocation: string }[];
}
