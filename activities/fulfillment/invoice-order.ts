import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceResult } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { ACCOUNTS, postJournal } from '../../db/accounting/journal';
import { appendAudit } from '../../db/repositories/audit-repository';
import { lockOrder } from '../../db/repositories/order-repository';
import { num, query } from '../../db/sql';
import { insertTaxLines, invoiceTaxGroups } from './invoice-tax';
import { reject } from '../errors';
import { roundKey } from './round-key';

/**
 * Invoices what has shipped and is not yet invoiced: the gross receivable against revenue (net, at the order's prices)
 * and output tax (per tax rate, from the items' tax codes; the invoice keeps one tax line per rate). The
 * invoice number comes from a sequence; the entry carries it as its source reference.
 */
export async function invoiceOrder(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string; userName: string; round?: number },
): Promise<InvoiceResult> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  const groups = await invoiceTaxGroups(em, order.orderId);
  const netCents = groups.reduce((sum, g) => sum + g.netCents, 0);
  const taxCents = groups.reduce((sum, g) => sum + g.taxCents, 0);
  const cents = netCents + taxCents;
  const [seq] = await query<{ n: string }>(em, `select nextval('invoice_number_seq') as n`);
  const invoiceNumber = `INV-${String(num(seq?.n)).padStart(6, '0')}`;
  const journalEntryId = await postJournal(em, {
    entryDate: new Date(),
    sourceType: 'customer-invoice',
    sourceRef: invoiceNumber,
    description: `Invoice ${invoiceNumber} for ${input.orderNumber} (${order.customerCode})`,
    lines: [
      { account: ACCOUNTS.receivable, debitCents: cents },
      { account: ACCOUNTS.revenue, creditCents: netCents },
      { account: ACCOUNTS.outputTax, creditCents: taxCents },
    ],
    idempotencyKey: roundKey(`invoice:${input.workflowId}`, input.round),
    createdBy: input.userName,
  });
  await query(em, 'update sales_order_line set invoiced_quantity = shipped_quantity where order_id = ?', [
    order.orderId,
  ]);
  if (cents > 0) {
    await query(
      em,
      `insert into customer_invoice (invoice_number, customer_id, order_number, amount, net_amount, tax_amount,
                                     paid_amount, issued_on, due_on, journal_entry_id, created_at)
       select ?, o.customer_id, o.order_number, ?, ?, ?, 0, current_date, current_date + c.payment_terms_days, ?, now()
         from sales_order o join customer c on c.id = o.customer_id where o.id = ?`,
      [invoiceNumber, cents / 100, netCents / 100, taxCents / 100, journalEntryId, order.orderId],
    );
    await insertTaxLines(em, invoiceNumber, groups);
  }
  await appendAudit(em, {
    actor: input.userName,
    action: 'order.invoiced',
    entityType: 'sales_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: {
      invoiceNumber,
      amount: cents / 100,
      netAmount: netCents / 100,
      taxAmount: taxCents / 100,
      journalEntryId,
    },
  });
  return { invoiceNumber, amount: cents / 100, journalEntryId };
}
