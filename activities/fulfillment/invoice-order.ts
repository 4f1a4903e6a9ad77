import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceResult } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { ACCOUNTS, pair, postJournal } from '../../db/accounting/journal';
import { appendAudit } from '../../db/repositories/audit-repository';
import { lockOrder } from '../../db/repositories/order-repository';
import { num, query } from '../../db/sql';
import { reject } from '../errors';
import { roundKey } from './round-key';

/**
 * Invoices what has shipped and is not yet invoiced: receivable against revenue at the order's prices. The
 * invoice number comes from a sequence; the entry carries it as its source reference.
 */
export async function invoiceOrder(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string; userName: string; round?: number },
): Promise<InvoiceResult> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  const [due] = await query<{ cents: string }>(
    em,
    `select coalesce(sum(round((shipped_quantity - invoiced_quantity) * unit_price * 100)), 0) as cents
       from sales_order_line where order_id = ?`,
    [order.orderId],
  );
  const cents = num(due?.cents);
  const [seq] = await query<{ n: string }>(em, `select nextval('invoice_number_seq') as n`);
  const invoiceNumber = `INV-${String(num(seq?.n)).padStart(6, '0')}`;
  const journalEntryId = await postJournal(em, {
    entryDate: new Date(),
    sourceType: 'customer-invoice',
    sourceRef: invoiceNumber,
    description: `Invoice ${invoiceNumber} for ${input.orderNumber} (${order.customerCode})`,
    lines: pair(ACCOUNTS.receivable, ACCOUNTS.revenue, cents),
    idempotencyKey: roundKey(`invoice:${input.workflowId}`, input.round),
    createdBy: input.userName,
  });
  await query(em, 'update sales_order_line set invoiced_quantity = shipped_quantity where order_id = ?', [
    order.orderId,
  ]);
  if (cents > 0) {
    await query(
      em,
      `insert into customer_invoice (invoice_number, customer_id, order_number, amount, paid_amount, issued_on, due_on,
                                     journal_entry_id, created_at)
       select ?, o.customer_id, o.order_number, ?, 0, current_date, current_date + c.payment_terms_days, ?, now()
         from sales_order o join customer c on c.id = o.customer_id where o.id = ?`,
      [invoiceNumber, cents / 100, journalEntryId, order.orderId],
    );
  }
  await appendAudit(em, {
    actor: input.userName,
    action: 'order.invoiced',
    entityType: 'sales_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { invoiceNumber, amount: cents / 100, journalEntryId },
  });
  return { invoiceNumber, amount: cents / 100, journalEntryId };
}
