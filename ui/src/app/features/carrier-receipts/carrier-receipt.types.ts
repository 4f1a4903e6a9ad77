/** Mirrors of api/carrier-receipts/carrier-receipt-schemas.ts (HTTP only). */

export type CarrierReceiptStatus = 'posting' | 'posted' | 'refused';

export interface CarrierReceiptSummary {
  receiptNumber: string;
  carrierCode: string;
  carrierName: string;
  reference: string;
  date: string;
  amount: number;
  status: CarrierReceiptStatus;
  deliveries: string[];
  basis: string | null;
}

export interface CarrierReceiptShare {
  lineNo: number;
  deliveryReference: string;
  kind: 'purchase-order' | 'subcontract-order';
  orderNumber: string;
  deliveryNo: number;
  itemSku: string;
  quantity: number;
  basisValue: number | null;
  share: number | null;
  onHand: number | null;
  issued: Record<string, number>;
  explanation: string | null;
}

export interface CarrierReceiptDetail extends CarrierReceiptSummary {
  workflowId: string;
  lines: CarrierReceiptShare[];
  distribution: {
    ruleSetId: number | null;
    version: number | null;
    rule: string | null;
    policyBasis: string | null;
    basis: string | null;
    rounding: string | null;
    facts: Record<string, unknown> | null;
    outranked: Array<{ rule: string; priority: number; basis: string; rounding: string }>;
    reason: string | null;
    decisionId: number | null;
  };
  journalEntryId: number | null;
  refusal: string | null;
  createdBy: string;
  createdAt: string;
  postedAt: string | null;
}

export interface NewCarrierReceipt {
  carrierCode: string;
  reference: string;
  date: string;
  amount: number;
  deliveries: Array<{ reference: string }>;
}
