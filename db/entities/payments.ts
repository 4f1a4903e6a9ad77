import { Collection, EntitySchema } from '@mikro-orm/core';
import { dateColumn, moneyColumn, timestampColumn } from './columns';
import { Customer, Supplier } from './catalog';
import { CustomerInvoice } from './sales';
import { SupplierInvoice } from './supplier-invoice';

export const PAYMENT_KINDS = ['customer-receipt', 'supplier-payment'] as const;
/** Money in from a customer (Dr 1000 / Cr 1100) or out to a supplier (Dr 2200 / Cr 1000). */
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export const PAYMENT_SOURCES = ['entered', 'import'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

/**
 * A payment in or out, applied in full to open invoices of its customer or supplier (its allocations add up to
 * its amount: cash is never left unapplied), posted in the same transaction as the application.
 */
export class Payment {
  id!: number;
  paymentNumber!: string;
  kind!: PaymentKind;
  customer: Customer | null = null;
  supplier: Supplier | null = null;
  amount!: number;
  /** The value date on the bank statement: the posting's date (its period must be open). */
  paidOn!: string;
  /** The bank's reference (statement line, transfer id). */
  reference: string | null = null;
  source: PaymentSource = 'entered';
  journalEntryId: number | null = null;
  allocations = new Collection<PaymentAllocation>(this);
  createdBy!: string;
  createdAt: Date = new Date();
}

export const PaymentSchema = new EntitySchema<Payment>({
  class: Payment,
  tableName: 'payment',
  indexes: [{ properties: ['paidOn'] }],
  checks: [
    { name: 'payment_amount_positive', expression: 'amount > 0' },
    {
      name: 'payment_one_partner',
      expression:
        "(kind = 'customer-receipt' and customer_id is not null and supplier_id is null) or " +
        "(kind = 'supplier-payment' and supplier_id is not null and customer_id is null)",
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    paymentNumber: { type: 'string', length: 30, unique: true },
    kind: { enum: true, items: () => [...PAYMENT_KINDS] },
    customer: { kind: 'm:1', entity: () => Customer, nullable: true, index: true },
    supplier: { kind: 'm:1', entity: () => Supplier, nullable: true, index: true },
    amount: { ...moneyColumn },
    paidOn: { ...dateColumn },
    reference: { type: 'string', length: 80, nullable: true },
    source: { enum: true, items: () => [...PAYMENT_SOURCES], default: 'entered' },
    journalEntryId: { type: 'number', nullable: true },
    allocations: { kind: '1:m', entity: () => PaymentAllocation, mappedBy: 'payment' },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});

/** How much of a payment went to one invoice (customer or supplier). */
export class PaymentAllocation {
  id!: number;
  payment!: Payment;
  customerInvoice: CustomerInvoice | null = null;
  supplierInvoice: SupplierInvoice | null = null;
  amount!: number;
}

export const PaymentAllocationSchema = new EntitySchema<PaymentAllocation>({
  class: PaymentAllocation,
  tableName: 'payment_allocation',
  checks: [
    { name: 'payment_allocation_amount_positive', expression: 'amount > 0' },
    {
      name: 'payment_allocation_one_invoice',
      expression: '(customer_invoice_id is null) <> (supplier_invoice_id is null)',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    payment: { kind: 'm:1', entity: () => Payment, deleteRule: 'cascade', index: true },
    customerInvoice: { kind: 'm:1', entity: () => CustomerInvoice, nullable: true, index: true },
    supplierInvoice: { kind: 'm:1', entity: () => SupplierInvoice, nullable: true, index: true },
    amount: { ...moneyColumn },
  },
});
