import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS } from '../accounting/journal';
import { num, query } from '../sql';

const cents = (value: unknown) => Math.round(num(value) * 100);

/** The columns the valuation list sorts by (wire name -> SQL over the grouped item). */
export const VALUATION_SORTS = {
  itemSku: 'i.sku',
  itemName: 'i.name',
  method: 'i.valuation_method',
  quantity: 'sum(v.quantity)',
  value: 'sum(v.value)',
  unitValue: 'case when sum(v.quantity) > 0 then sum(v.value) / sum(v.quantity) else 0 end',
} as const;

export interface ValuationPage {
  limit: number;
  offset: number;
  /** `field` or `-field` of VALUATION_SORTS; by SKU when absent. */
  sort?: string;
  /** Matched anywhere in the SKU or name. */
  q?: string;
}

function orderBy(sort: string | undefined): string {
  const descending = sort?.startsWith('-') ?? false;
  const field = (descending ? sort?.slice(1) : sort) as keyof typeof VALUATION_SORTS | undefined;
  const expression = (field && VALUATION_SORTS[field]) ?? VALUATION_SORTS.itemSku;
  return `order by ${expression} ${descending ? 'desc' : 'asc'}, i.sku`;
}

/**
 * Quantity and value per item from the valuation sub-ledger (summed over warehouses), against account 1300. The
 * page is sorted and searched on the server; the totals and the reconciliation are over every item.
 */
export async function inventoryValuation(em: EntityManager, page: ValuationPage) {
  const search = page.q?.trim() ? `%${page.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = search ? 'where (i.sku ilike ? or i.name ilike ?)' : '';
  const params = search ? [search, search] : [];
  const rows = await query<Record<string, unknown>>(
    em,
    `select i.sku, i.name, i.uom, i.valuation_method, i.valued_per_warehouse, count(*) as scopes,
            sum(v.quantity) as quantity, sum(v.value) as value
       from item_valuation v join item i on i.id = v.item_id ${where}
      group by i.id ${orderBy(page.sort)} limit ? offset ?`,
    [...params, page.limit, page.offset],
  );
  const [matching] = await query<{ n: string }>(
    em,
    `select count(distinct v.item_id) as n from item_valuation v join item i on i.id = v.item_id ${where}`,
    params,
  );
  const [totals] = await query<Record<string, unknown>>(
    em,
    `select (select coalesce(sum(quantity), 0) from item_valuation) as quantity,
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
    total: num(matching?.n ?? 0),
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
