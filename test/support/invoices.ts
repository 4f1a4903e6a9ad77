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
