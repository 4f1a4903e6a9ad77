import type { MikroORM } from '@mikro-orm/postgresql';
import { query } from '../../db/sql';

export type ReceiptLine = { itemSku: string; quantity: number; unitCost: number };

/**
 * Fresh purchased items for the receipts (not lot-tracked, no inspection plan: nothing but the receipt and the
 * putaway stands between a purchase order and its end), apart from the items the orders ship.
 */
export async function createReceiptItems(orm: MikroORM, count: number): Promise<string[]> {
  const rows = await query<{ sku: string }>(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     select 'CHAOS-RCV-' || lpad(n::text, 3, '0'), 'Chaos receipt item ' || n, 'pcs', 'chaos', false, null, 3, 'buy',
            false, 'fifo', false, 12, now()
       from generate_series(1, ?) n returning sku`,
    [count],
  );
  return rows.map((row) => row.sku);
}

/** A purchase order's lines: one to three different items, 5 to 50 each, at a cost in whole cents. */
export function receiptLines(skus: string[], random: () => number): ReceiptLine[] {
  const count = 1 + Math.floor(random() * 3);
  const chosen = [...skus].sort(() => random() - 0.5).slice(0, count);
  return chosen.map((itemSku) => ({
    itemSku,
    quantity: 5 + Math.floor(random() * 46),
    unitCost: (150 + Math.floor(random() * 500)) / 100,
  }));
}
