import { Collection, EntitySchema } from '@mikro-orm/core';
import { Supplier } from './catalog';
import { dateColumn, moneyColumn, quantityColumn, timestampColumn } from './columns';

/** `posting` until its process has booked it, then `posted`; `refused` when the books refused it (period closed). */
export const CARRIER_RECEIPT_STATUSES = ['posting', 'posted', 'refused'] as const;
export type CarrierReceiptStatus = (typeof CARRIER_RECEIPT_STATUSES)[number];

/** Which kind of delivery a line covers: a purchase order's or a subcontract order's. */
export type CoveredDeliveryKind = 'purchase-order' | 'subcontract-order';

/** A fired rule the winning cost-distribution rule outranked, with the policy it would have applied. */
export interface OutrankedDistribution {
  rule: string;
  priority: number;
  basis: string;
  rounding: string;
}

/**
 * An additional cost on receipts (issue 15, item 2: freight), received as its own document from a carrier (a supplier
 * record): the carrier's `reference` (its receipt number) is the document's identity with the carrier, so the same
 * carrier receipt is never entered or posted twice. Its `amount` (company currency) is spread over the receipt moves
 * of the deliveries it covers by the cost-distribution rules; the decision (version, winning rule, basis, facts,
 * outranked rules, reason) is stored here when its process posts it, each line's share on the line.
 */
export class CarrierReceipt {
  id!: number;
  receiptNumber!: string;
  carrier!: Supplier;
  reference!: string;
  /** ISO date the cost belongs to; the posting is dated it, so its period must be open. */
  receiptDate!: string;
  amount!: number;
  status: CarrierReceiptStatus = 'posting';
  workflowId!: string;
  lines = new Collection<CarrierReceiptLine>(this);
  ruleSetId: number | null = null;
  ruleSetVersion: number | null = null;
  /** The winning rule, or null when the default policy applied (or no rules were in force). */
  rule: string | null = null;
  /** The basis the rules asked for and the one applied (they differ when the items carry no weight, say). */
  policyBasis: string | null = null;
  basis: string | null = null;
  rounding: string | null = null;
  facts: Record<string, unknown> | null = null;
  outranked: OutrankedDistribution[] = [];
  reason: string | null = null;
  decisionId: number | null = null;
  journalEntryId: number | null = null;
  refusal: string | null = null;
  createdBy!: string;
  createdAt: Date = new Date();
  postedAt: Date | null = null;
}

export const CarrierReceiptSchema = new EntitySchema<CarrierReceipt>({
  class: CarrierReceipt,
  tableName: 'carrier_receipt',
  checks: [{ name: 'carrier_receipt_valid', expression: 'amount > 0' }],
  indexes: [
    { name: 'carrier_receipt_date_index', properties: ['receiptDate', 'id'] },
    // One document per carrier and reference, except one the books refused: it may be entered again.
    {
      name: 'carrier_receipt_carrier_reference_unique',
      expression: `create unique index "carrier_receipt_carrier_reference_unique" on "carrier_receipt" ("carrier_id", "reference") where status <> 'refused'`,
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    receiptNumber: { type: 'string', length: 30, unique: true },
    carrier: { kind: 'm:1', entity: () => Supplier, index: true },
    reference: { type: 'string', length: 60 },
    receiptDate: { ...dateColumn },
    amount: { ...moneyColumn },
    status: { type: 'string', length: 10, default: 'posting' },
    workflowId: { type: 'string', length: 200, unique: true },
    lines: { kind: '1:m', entity: () => CarrierReceiptLine, mappedBy: 'receipt', orderBy: { lineNo: 'asc' } },
    ruleSetId: { type: 'number', nullable: true },
    ruleSetVersion: { type: 'number', nullable: true },
    rule: { type: 'string', length: 120, nullable: true },
    policyBasis: { type: 'string', length: 20, nullable: true },
    basis: { type: 'string', length: 20, nullable: true },
    rounding: { type: 'string', length: 20, nullable: true },
    facts: { type: 'json', nullable: true },
    outranked: { type: 'json' },
    reason: { type: 'string', length: 1000, nullable: true },
    decisionId: { type: 'number', nullable: true },
    journalEntryId: { type: 'number', nullable: true },
    refusal: { type: 'string', length: 500, nullable: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    postedAt: { ...timestampColumn, nullable: true },
  },
});

/**
 * One receipt move the carrier receipt covers: a delivery (`SC-000012/1`, `PO-000034/2`) brings one move per order
 * line it received, and each is a target of the split. `basisValue` and `share` are set when the receipt posts;
 * `onHand` and `issued` say where the share went (the layer still on hand, or the accounts of goods already gone).
 */
export class CarrierReceiptLine {
  id!: number;
  receipt!: CarrierReceipt;
  lineNo!: number;
  deliveryReference!: string;
  kind!: CoveredDeliveryKind;
  orderNumber!: string;
  deliveryNo!: number;
  receiptMoveId!: number;
  itemSku!: string;
  quantity!: number;
  basisValue: number | null = null;
  share: number | null = null;
  onHand: number | null = null;
  issued: Record<string, number> = {};
  explanation: string | null = null;
}

export const CarrierReceiptLineSchema = new EntitySchema<CarrierReceiptLine>({
  class: CarrierReceiptLine,
  tableName: 'carrier_receipt_line',
  uniques: [
    { name: 'carrier_receipt_line_no_unique', properties: ['receipt', 'lineNo'] },
    { name: 'carrier_receipt_line_move_unique', properties: ['receipt', 'receiptMoveId'] },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    receipt: { kind: 'm:1', entity: () => CarrierReceipt, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    deliveryReference: { type: 'string', length: 40 },
    kind: { type: 'string', length: 20 },
    orderNumber: { type: 'string', length: 30 },
    deliveryNo: { type: 'number' },
    // Indexed: a subcontract order's detail reads the freight its deliveries' receipt moves carry.
    receiptMoveId: { type: 'number', index: true },
    itemSku: { type: 'string', length: 40 },
    quantity: { ...quantityColumn },
    basisValue: { type: 'double', nullable: true },
    share: { ...moneyColumn, nullable: true },
    onHand: { ...moneyColumn, nullable: true },
    issued: { type: 'json' },
    explanation: { type: 'string', length: 500, nullable: true },
  },
});

/**
 * The moment a carrier receipt dated `receiptDate` posts at: midday UTC, so the company's time zone cannot move it
 * to another day. The API checks that period when the receipt is entered and the posting books in it.
 */
export function carrierReceiptPostingDate(receiptDate: string): Date {
  return new Date(`${receiptDate}T12:00:00Z`);
}
