import { LockMode, sql } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer, CustomerInvoice, Supplier, SupplierInvoice, type PaymentKind } from '../../db/entities';
import { ApiError } from '../errors';

/** An open invoice of either side, seen the same way by the payment's application. */
export interface OpenItem {
  invoiceNumber: string;
  issuedOn: string;
  dueOn: string;
  grossCents: number;
  paidCents: number;
  /** Adds to the invoice's paid amount (the entity is flushed by the caller). */
  pay(cents: number): void;
  customerInvoice?: CustomerInvoice;
  supplierInvoice?: SupplierInvoice;
}

/** The partner a payment belongs to: a customer for receipts, a supplier for payments. */
export type Partner = { kind: 'customer-receipt'; entity: Customer } | { kind: 'supplier-payment'; entity: Supplier };

const cents = (amount: number) => Math.round(Number(amount) * 100);

/** Finds the payment's customer or supplier by code; unknown -> 400 naming `partner`. */
export async function findPartner(em: EntityManager, kind: PaymentKind, code: string): Promise<Partner> {
  if (kind === 'customer-receipt') {
    const entity = await em.findOne(Customer, { code });
    if (!entity) throw new ApiError('UNKNOWN_CUSTOMER', `No customer ${code}`, 'partner');
    return { kind, entity };
  }
  const entity = await em.findOne(Supplier, { code });
  if (!entity) throw new ApiError('UNKNOWN_SUPPLIER', `No supplier ${code}`, 'partner');
  return { kind, entity };
}

/**
 * The partner's open invoices, oldest due first, locked for update so two payments never apply the same open amount
 * (the second waits and sees what the first paid). Supplier invoices are open once posted to payables.
 */
export async function openItems(em: EntityManager, partner: Partner, lock = true): Promise<OpenItem[]> {
  const lockMode = lock ? LockMode.PESSIMISTIC_WRITE : undefined;
  if (partner.kind === 'customer-receipt') {
    const rows = await em.find(
      CustomerInvoice,
      { customer: partner.entity, paidAmount: { $lt: sql.ref('amount') as unknown as number } },
      { orderBy: { dueOn: 'asc', issuedOn: 'asc', id: 'asc' }, lockMode },
    );
    return rows.map((invoice) => ({
      invoiceNumber: invoice.invoiceNumber,
      issuedOn: invoice.issuedOn,
      dueOn: invoice.dueOn,
      grossCents: cents(invoice.amount),
      paidCents: cents(invoice.paidAmount),
      pay: (paid) => (invoice.paidAmount = (cents(invoice.paidAmount) + paid) / 100),
      customerInvoice: invoice,
    }));
  }
  const rows = await em.find(
    SupplierInvoice,
    { supplier: partner.entity, status: 'posted', paidAmount: { $lt: sql.ref('gross_total') as unknown as number } },
    { orderBy: { dueDate: 'asc', invoiceDate: 'asc', id: 'asc' }, lockMode },
  );
  return rows.map((invoice) => ({
    invoiceNumber: invoice.invoiceNumber,
    issuedOn: invoice.invoiceDate,
    dueOn: invoice.dueDate,
    grossCents: cents(invoice.grossTotal),
    paidCents: cents(invoice.paidAmount),
    pay: (paid) => (invoice.paidAmount = (cents(invoice.paidAmount) + paid) / 100),
    supplierInvoice: invoice,
  }));
}
