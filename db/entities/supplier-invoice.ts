import { EntitySchema } from '@mikro-orm/core';
import { dateColumn, moneyColumn, quantityColumn, timestampColumn } from './columns';
import { Supplier } from './catalog';
import { StockMove } from './inventory';
import { PurchaseOrder, PurchaseOrderLine } from './purchasing';

/**
 * Where a supplier invoice stands: `matching` while its process runs the three-way match, `awaiting-approval`
 * when the match is outside tolerance and a controller decides, `posted` once payables are booked, `rejected`
 * when the controller refused it (nothing posted).
 */
export const SUPPLIER_INVOICE_STATUSES = ['matching', 'awaiting-approval', 'posted', 'rejected'] as const;
export type SupplierInvoiceStatus = (typeof SUPPLIER_INVOICE_STATUSES)[number];

/**
 * A supplier invoice against one purchase order: the payable (gross) it creates and what is paid of it. Its
 * process `supplier-invoice:<supplier>-<number>` matches it against the order and the receipts, then posts.
 */
export class SupplierInvoice {
  id!: number;
  invoiceNumber!: string;
  supplier!: Supplier;
  purchaseOrder!: PurchaseOrder;
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
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    invoiceNumber: { type: 'string', length: 30 },
    supplier: { kind: 'm:1', entity: () => Supplier },
    purchaseOrder: { kind: 'm:1', entity: () => PurchaseOrder, index: true },
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

/** One invoiced purchase-order line: quantity and net unit price as the supplier billed them, with its tax. */
export class SupplierInvoiceLine {
  id!: number;
  invoice!: SupplierInvoice;
  lineNo!: number;
  orderLine!: PurchaseOrderLine;
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
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    invoice: { kind: 'm:1', entity: () => SupplierInvoice, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    orderLine: { kind: 'm:1', entity: () => PurchaseOrderLine, index: true },
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
