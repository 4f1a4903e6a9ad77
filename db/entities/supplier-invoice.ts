import { EntitySchema } from '@mikro-orm/core';
import { dateColumn, moneyColumn, quantityColumn, timestampColumn } from './columns';
import { Supplier } from './catalog';
import { StockMove } from './inventory';
import { PurchaseOrder, PurchaseOrderLine } from './purchasing';
import { SubcontractDelivery, SubcontractOrder } from './subcontracting';

/**
 * Where a supplier invoice stands: `matching` while its process runs the three-way match, `awaiting-approval`
 * when the match is outside tolerance and a controller decides, `posted` once payables are booked, `rejected`
 * when the controller refused it (nothing posted).
 */
export const SUPPLIER_INVOICE_STATUSES = ['matching', 'awaiting-approval', 'posted', 'rejected'] as const;
export type SupplierInvoiceStatus = (typeof SUPPLIER_INVOICE_STATUSES)[number];

/**
 * A supplier invoice against one purchase order or one subcontract order (its processing fees; the database checks
 * that exactly one is set): the payable (gross) it creates and what is paid of it. Its process
 * `supplier-invoice:<supplier>-<number>` matches it against the order and the receipts (or the fees accrued on the
 * deliveries), then posts.
 */
export class SupplierInvoice {
  id!: number;
  invoiceNumber!: string;
  supplier!: Supplier;
  purchaseOrder: PurchaseOrder | null = null;
  subcontractOrder: SubcontractOrder | null = null;
  invoiceDate!: string;
  dueDate!: string;
  netTotal!: number;
  taxTotal!: number;
  grossTotal!: number;
  /** Written by supplier payments (2200 debited); never above the gross total. */
  paidAmount = 0;
  status: SupplierInvoiceStatus = 'matching';
  workflowId!: string;
  /** The stored `invoice-match` rule decision (rule_decision.id). */
  matchDecisionId: number | null = null;
  journalEntryId: number | null = null;
  createdBy!: string;
  createdAt: Date = new Date();
  /** When it was posted or rejected. */
  decidedAt: Date | null = null;
  decidedBy: string | null = null;
}

export const SupplierInvoiceSchema = new EntitySchema<SupplierInvoice>({
  class: SupplierInvoice,
  tableName: 'supplier_invoice',
  uniques: [{ properties: ['supplier', 'invoiceNumber'] }],
  indexes: [{ properties: ['status', 'dueDate'] }],
  checks: [
    {
      name: 'supplier_invoice_paid_within_gross',
      expression: 'paid_amount >= 0 and paid_amount <= gross_total',
    },
    { name: 'supplier_invoice_one_order', expression: 'num_nonnulls(purchase_order_id, subcontract_order_id) = 1' },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    invoiceNumber: { type: 'string', length: 30 },
    supplier: { kind: 'm:1', entity: () => Supplier },
    // Nullable (an invoice is against one kind of order) but never cleared by a delete: the check wants exactly one.
    purchaseOrder: { kind: 'm:1', entity: () => PurchaseOrder, index: true, nullable: true, deleteRule: 'no action' },
    subcontractOrder: {
      kind: 'm:1',
      entity: () => SubcontractOrder,
      index: true,
      nullable: true,
      deleteRule: 'no action',
    },
    invoiceDate: { ...dateColumn },
    dueDate: { ...dateColumn },
    netTotal: { ...moneyColumn },
    taxTotal: { ...moneyColumn },
    grossTotal: { ...moneyColumn },
    paidAmount: { ...moneyColumn, default: 0 },
    status: { type: 'string', length: 20, default: 'matching' },
    workflowId: { type: 'string', length: 200, unique: true },
    matchDecisionId: { type: 'number', nullable: true },
    journalEntryId: { type: 'number', nullable: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    decidedAt: { ...timestampColumn, nullable: true },
    decidedBy: { type: 'string', length: 64, nullable: true },
  },
});

/**
 * One invoiced purchase-order line, or one subcontract delivery's processing fee (exactly one of the two): quantity and
 * net unit price as the supplier billed them, with its tax.
 */
export class SupplierInvoiceLine {
  id!: number;
  invoice!: SupplierInvoice;
  lineNo!: number;
  orderLine: PurchaseOrderLine | null = null;
  subcontractDelivery: SubcontractDelivery | null = null;
  quantity!: number;
  unitPriceNet!: number;
  netAmount!: number;
  /** Percent, e.g. 19 for 19 %. */
  taxRate!: number;
  taxAmount!: number;
}

export const SupplierInvoiceLineSchema = new EntitySchema<SupplierInvoiceLine>({
  class: SupplierInvoiceLine,
  tableName: 'supplier_invoice_line',
  uniques: [{ properties: ['invoice', 'lineNo'] }],
  checks: [
    {
      name: 'supplier_invoice_line_positive',
      expression: 'quantity > 0 and unit_price_net >= 0 and tax_rate >= 0',
    },
    {
      name: 'supplier_invoice_line_one_source',
      expression: 'num_nonnulls(order_line_id, subcontract_delivery_id) = 1',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    invoice: { kind: 'm:1', entity: () => SupplierInvoice, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    orderLine: { kind: 'm:1', entity: () => PurchaseOrderLine, index: true, nullable: true, deleteRule: 'no action' },
    subcontractDelivery: {
      kind: 'm:1',
      entity: () => SubcontractDelivery,
      index: true,
      nullable: true,
      deleteRule: 'no action',
    },
    quantity: { ...quantityColumn },
    unitPriceNet: { type: 'number', columnType: 'numeric(18,6)' },
    netAmount: { ...moneyColumn },
    taxRate: { type: 'number', columnType: 'numeric(7,3)' },
    taxAmount: { ...moneyColumn },
  },
});

/**
 * Which receipt (a `receipt` stock move) an invoice line was matched to when it posted, and for how much: the
 * quantity cleared from GRNI at that receipt's unit cost. Receipts are consumed oldest first, so
 * "received − sum(matched)" per receipt move is what is still not invoiced (supplier returns read it).
 */
export class SupplierInvoiceMatch {
  id!: number;
  invoiceLine!: SupplierInvoiceLine;
  receiptMove!: StockMove;
  quantity!: number;
  receiptUnitCost!: number;
}

export const SupplierInvoiceMatchSchema = new EntitySchema<SupplierInvoiceMatch>({
  class: SupplierInvoiceMatch,
  tableName: 'supplier_invoice_match',
  uniques: [{ properties: ['invoiceLine', 'receiptMove'] }],
  checks: [{ name: 'supplier_invoice_match_positive', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    invoiceLine: { kind: 'm:1', entity: () => SupplierInvoiceLine, deleteRule: 'cascade' },
    receiptMove: { kind: 'm:1', entity: () => StockMove, index: true },
    quantity: { ...quantityColumn },
    receiptUnitCost: { type: 'number', columnType: 'numeric(18,6)' },
  },
});

/**
 * What a posted fee-invoice line settled of its subcontract delivery: the quantity, the accrued fee it cleared from
 * 2300, the net the supplier billed, and where the difference went by the after-the-fact rule (re-valued on hand, per
 * account for goods already gone), with the sentence the order shows ("fee difference +12.40: 8.00 on hand, 4.40
 * 5000"). "Delivered fee quantity − sum(quantity)" per delivery is what is still to be invoiced.
 */
export class SubcontractFeeSettlement {
  id!: number;
  invoiceLine!: SupplierInvoiceLine;
  delivery!: SubcontractDelivery;
  quantity!: number;
  accruedCleared!: number;
  invoicedNet!: number;
  difference!: number;
  onHand!: number;
  /** Account code -> amount, for the part of the difference that followed goods already issued or shipped. */
  issued: Record<string, number> = {};
  explanation!: string;
  journalEntryId: number | null = null;
  createdAt: Date = new Date();
}

export const SubcontractFeeSettlementSchema = new EntitySchema<SubcontractFeeSettlement>({
  class: SubcontractFeeSettlement,
  tableName: 'subcontract_fee_settlement',
  checks: [{ name: 'subcontract_fee_settlement_valid', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    invoiceLine: { kind: 'm:1', entity: () => SupplierInvoiceLine, deleteRule: 'cascade', unique: true },
    delivery: { kind: 'm:1', entity: () => SubcontractDelivery, index: true },
    quantity: { ...quantityColumn },
    accruedCleared: { ...moneyColumn },
    invoicedNet: { ...moneyColumn },
    difference: { ...moneyColumn },
    onHand: { ...moneyColumn },
    issued: { type: 'json' },
    explanation: { type: 'string', length: 500 },
    journalEntryId: { type: 'number', nullable: true },
    createdAt: { ...timestampColumn },
  },
});
