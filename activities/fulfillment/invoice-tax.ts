import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';

/** What an invoice owes at one tax rate: the net (revenue) and the output tax, in cents. */
export interface TaxGroup {
  taxCode: string;
  rate: number;
  netCents: number;
  taxCents: number;
}

/**
 * The order's shipped-but-not-invoiced lines grouped by the tax rate each item is sold at (the item's own rate, else
 * the default rate). Tax is rounded once per rate (net x rate), as an invoice's tax lines show it.
 */
export async function invoiceTaxGroups(em: EntityManager, orderId: number): Promise<TaxGroup[]> {
  const rows = await query<{ code: string; rate: string; cents: string }>(
    em,
    `select t.code, t.rate, sum(round((l.shipped_quantity - l.invoiced_quantity) * l.unit_price * 100)) as cents
       from sales_order_line l
       join item i on i.id = l.item_id
       join tax_rate t on t.code = coalesce(i.tax_rate_code,
                                            (select d.code from tax_rate d where d.is_default order by d.code limit 1))
      where l.order_id = ?
      group by t.code, t.rate
      order by t.code`,
    [orderId],
  );
  return rows
    .map((row) => {
      const netCents = num(row.cents);
      const rate = num(row.rate);
      return { taxCode: row.code, rate, netCents, taxCents: Math.round((netCents * rate) / 100) };
    })
    .filter((group) => group.netCents > 0);
}

/** Stores the invoice's tax lines (one per rate). */
export async function insertTaxLines(em: EntityManager, invoiceNumber: string, groups: TaxGroup[]): Promise<void> {
  if (groups.length === 0) return;
  await query(
    em,
    `insert into customer_invoice_tax_line (invoice_id, tax_rate_code, rate, net_amount, tax_amount)
     select i.id, v.code, v.rate::numeric, v.net::numeric, v.tax::numeric
       from customer_invoice i, (values ${groups.map(() => '(?, ?, ?, ?)').join(', ')}) as v (code, rate, net, tax)
      where i.invoice_number = ?`,
    [...groups.flatMap((g) => [g.taxCode, g.rate, g.netCents / 100, g.taxCents / 100]), invoiceNumber],
  );
}
