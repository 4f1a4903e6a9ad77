import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS, pair, postJournal } from '../../db/accounting/journal';
import { query } from '../../db/sql';

/**
 * Test support: a customer invoice booked as the invoicing activity books one (Dr 1100 / Cr 4000, net only), with
 * the dates a test needs, so receivables and the ledger agree. Dates are ISO; the entry is dated `issuedOn`.
 */
export async function bookCustomerInvoice(
  em: EntityManager,
  invoice: { number: string; customer: string; amount: number; issuedOn: string; dueOn: string },
): Promise<void> {
  const journalEntryId = await postJournal(em, {
    entryDate: new Date(`${invoice.issuedOn}T12:00:00Z`),
    sourceType: 'customer-invoice',
    sourceRef: invoice.number,
    description: `Test invoice ${invoice.number}`,
    lines: pair(ACCOUNTS.receivable, ACCOUNTS.revenue, Math.round(invoice.amount * 100)),
    idempotencyKey: `test:invoice:${invoice.number}`,
    createdBy: 'test',
  });
  await query(
    em,
    `insert into customer_invoice (invoice_number, customer_id, order_number, amount, net_amount, tax_amount, paid_amount,
                                   issued_on, due_on, journal_entry_id, created_at)
     select ?, id, 'SO-TEST', ?, ?, 0, 0, ?::date, ?::date, ?, now() from customer where code = ?`,
    [invoice.number, invoice.amount, invoice.amount, invoice.issuedOn, invoice.dueOn, journalEntryId, invoice.customer],
  );
}

/** An ISO date `days` from `from` (negative: before). */
export function isoDay(from: string, days: number): string {
  return new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Test support: a posted supplier invoice of `supplier` (code) against a purchase order made up for it, booked
 * Dr 2100 / Cr 2200 for its gross (tax left out: the payables side is what payments and aging read).
 */
export async function bookSupplierInvoice(
  em: EntityManager,
  invoice: { number: string; supplier: string; gross: number; invoiceDate: string; dueDate: string },
): Promise<void> {
  const journalEntryId = await postJournal(em, {
    entryDate: new Date(`${invoice.invoiceDate}T12:00:00Z`),
    sourceType: 'supplier-invoice',
    sourceRef: invoice.number,
    description: `Test supplier invoice ${invoice.number}`,
    lines: pair(ACCOUNTS.grni, ACCOUNTS.payable, Math.round(invoice.gross * 100)),
    idempotencyKey: `test:supplier-invoice:${invoice.supplier}:${invoice.number}`,
    createdBy: 'test',
  });
  const orderNumber = `PO-T-${invoice.number}`.slice(0, 30);
  await query(
    em,
    `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at, updated_at)
     select ?, s.id, (select min(id) from warehouse), 'received', ?, 'test', now(), now() from supplier s where s.code = ?`,
    [orderNumber, `test:${orderNumber}`, invoice.supplier],
  );
  await query(
    em,
    `insert into supplier_invoice (invoice_number, supplier_id, purchase_order_id, invoice_date, due_date, net_total,
                                   tax_total, gross_total, paid_amount, status, workflow_id, journal_entry_id,
                                   created_by, created_at)
     select ?, s.id, o.id, ?::date, ?::date, ?, 0, ?, 0, 'posted', ?, ?, 'test', now()
       from supplier s, purchase_order o where s.code = ? and o.order_number = ?`,
    [
      invoice.number,
      invoice.invoiceDate,
      invoice.dueDate,
      invoice.gross,
      invoice.gross,
      `test:supplier-invoice:${invoice.supplier}-${invoice.number}`,
      journalEntryId,
      invoice.supplier,
      orderNumber,
    ],
  );
}
