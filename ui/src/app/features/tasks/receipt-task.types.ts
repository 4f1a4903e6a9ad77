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
  /** One delivery of several: received so far, still open, and the most this delivery may bring (with tolerance). */
  receivedQuantity?: number;
  openQuantity?: number;
  maxQuantity?: number;
  dueDate?: string;
  /** The near-expiry actions the pinned expiry rules give this item (absent on older receipts). */
  expiry?: LineExpiryRule;
}

/** A near-expiry action of the expiry policy: due when a lot has at most `withinDays` left. */
export interface ExpiryActionRule {
  withinDays: number;
  action: 'alert' | 'discount' | 'scrap-task';
  discountPercent?: number;
}

export interface LineExpiryRule {
  rule: string | null;
  actions: ExpiryActionRule[];
}

/** How a lot stands on arrival, relative to the receipt date. */
export type ExpiryFlag = 'expired' | 'near-expiry';

export interface GoodsReceiptPayload {
  orderNumber: string;
  supplierCode: string;
  supplierName: string;
  warehouseCode: string;
  dockLocation: string;
  lines: ReceiptTaskLine[];
  /** The first day a receipt may be dated (after the latest closed period); null when none is closed. */
  receiptOpenFrom?: string | null;
  /** Why the books refused this receipt's previous confirmation (a period closed meanwhile); absent the first time. */
  refusal?: string;
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
  /** When the goods arrived (ISO date-time). */
  receivedAt?: string;
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
  expiryFlag?: ExpiryFlag | null;
  expiryAction?: ExpiryActionRule | null;
  stockStatus?: 'available' | 'blocked';
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
