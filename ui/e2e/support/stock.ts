/**
 * Test set-up the console cannot do: a fresh item with stock in known bins, so a journey knows exactly what
 * allocation will find. Writes through the same posting engine receipts use (db/inventory/post-move), on the
 * platform's own database (exported by the e2e global set-up).
 */
import { openOrm } from '../../../db/orm';
import { postMove } from '../../../db/inventory/post-move';
import { query } from '../../../db/sql';

export interface BinStock {
  location: string;
  lot: string;
  quantity: number;
}

/** Creates `sku` (lot-tracked, category `test`) with one lot per bin, received on successive days, oldest first. */
export async function itemWithStock(sku: string, stock: BinStock[], listPrice = 10): Promise<void> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    await query(
      orm.em.fork(),
      `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                         allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
       values (?, ?, 'pcs', 'test', true, 365, 1, 'buy', false, 'fifo', false, ?, now())`,
      [sku, `E2E item ${sku}`, listPrice],
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
          documentRef: `e2e-stock-${sku}`,
          userName: 'e2e',
          idempotencyKey: `e2e-stock:${sku}:${index}`,
        }),
      );
    }
  } finally {
    await orm.close(true);
  }
}
