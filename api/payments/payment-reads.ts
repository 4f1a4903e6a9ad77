import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import type { OpenInvoice, PaymentRecord } from './payment-schemas';
import type { PaymentKind } from '../../db/entities';

/** Which payments to read: by number (a fresh one) or a filtered page of the list, newest first. */
export interface PaymentFilter {
  numbers?: string[];
  kind?: PaymentKind;
  partner?: string;
  limit?: number;
  offset?: number;
}

type Row = Record<string, unknown> & { allocations: Array<Record<string, unknown>> };

/** Payments with their partner and where each went (invoice, amount applied, the invoice's paid and open amount). */
export async function readPayments(
  em: EntityManager,
  filter: PaymentFilter,
): Promise<{ items: PaymentRecord[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (filter.numbers) add('p.payment_number in (?)', filter.numbers);
  if (filter.kind) add('p.kind = ?', filter.kind);
  if (filter.partner) add('coalesce(c.code, s.code) = ?', filter.partner);
  const from = `from payment p left join customer c on c.id = p.customer_id left join supplier s on s.id = p.supplier_id
    ${where.length ? `where ${where.join(' and ')}` : ''}`;
  const [count] = await query<{ n: string }>(em, `select count(*) as n ${from}`, params);
  const rows = await query<Row>(
    em,
    `select p.payment_number, p.kind, coalesce(c.code, s.code) as partner, coalesce(c.name, s.name) as partner_name,
            p.amount, to_char(p.paid_on, 'YYYY-MM-DD') as paid_on, p.reference, p.source, p.journal_entry_id,
            p.created_by,
            coalesce((select json_agg(json_build_object(
                        'invoiceNumber', coalesce(ci.invoice_number, si.invoice_number), 'amount', a.amount,
                        'paidAmount', coalesce(ci.paid_amount, si.paid_amount),
                        'gross', coalesce(ci.amount, si.gross_total)) order by a.id)
                        from payment_allocation a
                        left join customer_invoice ci on ci.id = a.customer_invoice_id
                        left join supplier_invoice si on si.id = a.supplier_invoice_id
                       where a.payment_id = p.id), '[]') as allocations
       ${from} order by p.id desc limit ? offset ?`,
    [...params, filter.limit ?? 1000, filter.offset ?? 0],
  );
  return { items: rows.map(toRecord), total: num(count?.n) };
}

function toRecord(row: Row): PaymentRecord {
  return {
    paymentNumber: String(row.payment_number),
    kind: row.kind as PaymentKind,
    partner: String(row.partner),
    partnerName: String(row.partner_name),
    amount: num(row.amount),
    paidOn: String(row.paid_on),
    reference: (row.reference as string | null) ?? null,
    source: row.source as PaymentRecord['source'],
    journalEntryId: row.journal_entry_id === null ? null : num(row.journal_entry_id),
    createdBy: String(row.created_by),
    allocations: row.allocations.map((a) => ({
      invoiceNumber: String(a.invoiceNumber),
      amount: num(a.amount),
      paidAmount: num(a.paidAmount),
      openAmount: Math.round((num(a.gross) - num(a.paidAmount)) * 100) / 100,
    })),
  };
}

/** Open invoices of one side (optionally one partner), oldest due first: what a payment can be applied to. */
export async function readOpenInvoices(em: EntityManager, kind: PaymentKind, partner?: string): Promise<OpenInvoice[]> {
  const source =
    kind === 'customer-receipt'
      ? `select i.invoice_number, p.code, p.name, i.issued_on, i.due_on, i.amount, i.paid_amount
           from customer_invoice i join customer p on p.id = i.customer_id where i.paid_amount < i.amount`
      : `select i.invoice_number, p.code, p.name, i.invoice_date, i.due_date, i.gross_total, i.paid_amount
           from supplier_invoice i join supplier p on p.id = i.supplier_id
          where i.status = 'posted' and i.paid_amount < i.gross_total`;
  const rows = await query<Record<string, unknown>>(
    em,
    `select invoice_number, code, name, to_char(issued, 'YYYY-MM-DD') as issued_on, to_char(due, 'YYYY-MM-DD') as due_on,
            gross, paid
       from (${source}) as o (invoice_number, code, name, issued, due, gross, paid)
      where (?::text is null or code = ?) order by due, issued, invoice_number limit 1000`,
    [partner ?? null, partner ?? null],
  );
  return rows.map((row) => ({
    invoiceNumber: String(row.invoice_number),
    partner: String(row.code),
    partnerName: String(row.name),
    issuedOn: String(row.issued_on),
    dueOn: String(row.due_on),
    amount: num(row.gross),
    paidAmount: num(row.paid),
    openAmount: Math.round((num(row.gross) - num(row.paid)) * 100) / 100,
  }));
}
