import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS } from '../accounting/journal';
import { num, query } from '../sql';

const cents = (value: unknown) => Math.round(num(value) * 100);

/** Quantity and value per item from the valuation sub-ledger (summed over warehouses), against account 1300. */
export async function inventoryValuation(em: EntityManager, page: { limit: number; offset: number }) {
  const rows = await query<Record<string, unknown>>(
    em,
    `select i.sku, i.name, i.uom, i.valuation_method, i.valued_per_warehouse, count(*) as scopes,
            sum(v.quantity) as quantity, sum(v.value) as value
       from item_valuation v join item i on i.id = v.item_id
      group by i.id order by i.sku limit ? offset ?`,
    [page.limit, page.offset],
  );
  const [totals] = await query<Record<string, unknown>>(
    em,
    `select (select count(distinct item_id) from item_valuation) as n,
            (select coalesce(sum(quantity), 0) from item_valuation) as quantity,
            (select coalesce(sum(value), 0) from item_valuation) as value,
            (select coalesce(sum(debit - credit), 0) from journal_line where account_code = ?) as account`,
    [ACCOUNTS.inventory],
  );
  const valueCents = cents(totals?.value ?? 0);
  const accountCents = cents(totals?.account ?? 0);
  return {
    items: rows.map((r) => {
      const quantity = num(r.quantity);
      const value = num(r.value);
      return {
        itemSku: String(r.sku),
        itemName: String(r.name),
        uom: String(r.uom),
        method: String(r.valuation_method),
        valuedPerWarehouse: Boolean(r.valued_per_warehouse),
        scopes: num(r.scopes),
        quantity,
        value,
        unitValue: quantity > 0 ? Math.round((value / quantity) * 1_000_000) / 1_000_000 : 0,
      };
    }),
    total: num(totals?.n ?? 0),
    totals: {
      quantity: num(totals?.quantity ?? 0),
      value: valueCents / 100,
      inventoryAccount: ACCOUNTS.inventory,
      inventoryAccountBalance: accountCents / 100,
      difference: (valueCents - accountCents) / 100,
      reconciled: valueCents === accountCents,
    },
  };
}
