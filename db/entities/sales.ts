import { Collection, EntitySchema } from '@mikro-orm/core';
import { dateColumn, moneyColumn, quantityColumn, timestampColumn } from './columns';
import { Customer, Item } from './catalog';

export type SalesOrderStatus =
  'open' | 'credit-hold' | 'allocated' | 'picked' | 'backordered' | 'shipped' | 'partially-shipped' | 'cancelled';

export class SalesOrder {
  id!: number;
  orderNumber!: string;
  customer!: Customer;
  status: SalesOrderStatus = 'open';
  requestedDate: string | null = null;
  workflowId!: string;
  createdBy!: string;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  lines = new Collection<SalesOrderLine>(this);
}

export class SalesOrderLine {
  id!: number;
  order!: SalesOrder;
  lineNo!: number;
  item!: Item;
  quantity!: number;
  unitPrice = 0;
  reservedQuantity = 0;
  shippedQuantity = 0;
  invoicedQuantity = 0;
}

export const SalesOrderSchema = new EntitySchema<SalesOrder>({
  class: SalesOrder,
  tableName: 'sales_order',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    orderNumber: { type: 'string', length: 30, unique: true },
    customer: { kind: 'm:1', entity: () => Customer },
    status: { type: 'string', length: 20, default: 'open' },
    requestedDate: { ...dateColumn, nullable: true },
    workflowId: { type: 'string', length: 200, unique: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    updatedAt: { ...timestampColumn },
    lines: { kind: '1:m', entity: () => SalesOrderLine, mappedBy: 'order', orderBy: { lineNo: 'asc' } },
  },
});

export const SalesOrderLineSchema = new EntitySchema<SalesOrderLine>({
  class: SalesOrderLine,
  tableName: 'sales_order_line',
  uniques: [{ properties: ['order', 'lineNo'] }],
  checks: [{ name: 'sales_order_line_quantity_positive', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    order: { kind: 'm:1', entity: () => SalesOrder, deleteRule: 'cascade' },
    lineNo: { type: 'number' },
    // MRP's net change reads a few hundred items' open lines by item (bench/mrp-net-change.bench.ts).
    item: { kind: 'm:1', entity: () => Item, index: true },
    quantity: { ...quantityColumn },
    unitPrice: { ...moneyColumn, default: 0 },
    reservedQuantity: { ...quantityColumn, default: 0 },
    shippedQuantity: { ...quantityColumn, default: 0 },
    invoicedQuantity: { ...quantityColumn, default: 0 },
  },
});

/** A customer invoice: what the receivable is made of, with its due date, so credit checks can see what is overdue. */
export class CustomerInvoice {
  id!: number;
  invoiceNumber!: string;
  customer!: Customer;
  orderNumber!: string;
  /** The gross receivable: net plus tax. */
  amount!: number;
  /** Net of tax (revenue 4000) and the tax (output tax 2500), summed over its tax lines. */
  netAmount = 0;
  taxAmount = 0;
  paidAmount = 0;
  issuedOn!: string;
  dueOn!: string;
  journalEntryId: number | null = null;
  createdAt: Date = new Date();
}

export const CustomerInvoiceSchema = new EntitySchema<CustomerInvoice>({
  class: CustomerInvoice,
  tableName: 'customer_invoice',
  indexes: [{ properties: ['customer', 'dueOn'] }],
  checks: [{ name: 'customer_invoice_paid_within_amount', expression: 'paid_amount >= 0 and paid_amount <= amount' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    invoiceNumber: { type: 'string', length: 30, unique: true },
    customer: { kind: 'm:1', entity: () => Customer },
    orderNumber: { type: 'string', length: 30, index: true },
    amount: { ...moneyColumn },
    netAmount: { ...moneyColumn, default: 0 },
    taxAmount: { ...moneyColumn, default: 0 },
    paidAmount: { ...moneyColumn, default: 0 },
    issuedOn: { ...dateColumn },
    dueOn: { ...dateColumn },
    journalEntryId: { type: 'number', nullable: true },
    createdAt: { ...timestampColumn },
  },
});
