import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { num, query } from '../../db/sql';

/**
 * An order's processing fees as its detail page shows them (issue 15, items 3 and 5): accrued on the deliveries,
 * invoiced by posted fee invoices, the difference, and each settled invoice line with where its difference went in
 * words ("fee difference +4.00: 2.40 on hand, 1.60 COGS (5000)").
 */
export const subcontractOrderFees = z.object({
  feesAccrued: z.number().describe("Sum of the deliveries' accrued processing fees"),
  feesInvoiced: z.number().describe('Net processing fees billed by posted fee invoices'),
  feeDifference: z.number().describe('Invoiced minus the accrual those invoices cleared'),
  settlements: z.array(
    z.object({
      invoiceNumber: z.string(),
      deliveryNo: z.number(),
      quantity: z.number(),
      accruedCleared: z.number(),
      invoicedNet: z.number(),
      difference: z.number(),
      onHand: z.number().describe('Part of the difference that re-valued the goods still on hand (1300)'),
      issued: z.record(z.string(), z.number()).describe('Part per account for goods already issued or shipped'),
      explanation: z.string(),
      settledAt: z.string(),
    }),
  ),
});
export type SubcontractOrderFees = z.infer<typeof subcontractOrderFees>;

/** The fees of subcontract order `orderId`: accrued, invoiced, the difference and each settlement, oldest first. */
export async function readSubcontractOrderFees(em: EntityManager, orderId: number): Promise<SubcontractOrderFees> {
  const [accrued] = await query<{ fees: string }>(
    em,
    'select coalesce(sum(fee_accrued), 0) as fees from subcontract_delivery where order_id = ?',
    [orderId],
  );
  const rows = await query<Record<string, unknown>>(
    em,
    `select si.invoice_number, d.delivery_no, fs.quantity, fs.accrued_cleared, fs.invoiced_net, fs.difference,
            fs.on_hand, fs.issued, fs.explanation, fs.created_at
       from subcontract_fee_settlement fs join subcontract_delivery d on d.id = fs.delivery_id
       join supplier_invoice_line il on il.id = fs.invoice_line_id join supplier_invoice si on si.id = il.invoice_id
      where d.order_id = ? order by fs.created_at, fs.id`,
    [orderId],
  );
  const settlements = rows.map((r) => ({
    invoiceNumber: String(r.invoice_number),
    deliveryNo: num(r.delivery_no),
    quantity: num(r.quantity),
    accruedCleared: num(r.accrued_cleared),
    invoicedNet: num(r.invoiced_net),
    difference: num(r.difference),
    onHand: num(r.on_hand),
    issued: Object.fromEntries(
      Object.entries((r.issued ?? {}) as Record<string, unknown>).map(([account, amount]) => [account, num(amount)]),
    ),
    explanation: String(r.explanation),
    settledAt: new Date(r.created_at as string).toISOString(),
  }));
  const cents = (values: number[]) => Math.round(values.reduce((sum, v) => sum + v * 100, 0)) / 100;
  return {
    feesAccrued: num(accrued?.fees),
    feesInvoiced: cents(settlements.map((s) => s.invoicedNet)),
    feeDifference: cents(settlements.map((s) => s.difference)),
    settlements,
  };
}
