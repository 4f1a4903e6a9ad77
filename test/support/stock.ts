import type { MikroORM } from '@mikro-orm/postgresql';
import { postMove } from '../../db/inventory/post-move';
import { query } from '../../db/sql';

/** Stock of one lot in one bin. */
export interface BinStock {
  location: string;
  lot: string;
  quantity: number;
}

/**
 * A fresh item (lot-tracked, category `test`) with one lot per bin, made today and received an hour apart, oldest
 * first, through the posting engine receipts use: a test knows exactly what allocation can find. Integration tests
 * and the e2e journeys share it.
 */
export async function itemWithStock(orm: MikroORM, sku: string, stock: BinStock[], listPrice = 10): Promise<string> {
  await query(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, ?, 'pcs', 'test', true, 365, 1, 'buy', false, 'fifo', false, ?, now())`,
    [sku, `Test item ${sku}`, listPrice],
  );
  for (const [index, entry] of stock.entries()) {
    await orm.em.fork().transactional((em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: sku,
        lot: { code: entry.lot, manufacturedOn: new Date().toISOString().slice(0, 10) },
        toLocation: entry.location,
        quantity: entry.quantity,
        unitCost: 4,
        effectiveAt: new Date(Date.now() - (stock.length - index) * 3_600_000),
        documentType: 'test',
        documentRef: `stock-${sku}`,
        userName: 'tester',
        idempotencyKey: `stock:${sku}:${index}`,
      }),
    );
  }
  return sku;
}
