/**
 * Test set-up the console cannot do: a fresh item with stock in known bins (test/support/stock.ts), on the
 * platform's own database (exported by the e2e global set-up).
 */
import { openOrm } from '../../../db/orm';
import { itemWithStock as createItemWithStock, type BinStock } from '../../../test/support/stock';

export type { BinStock };

/** Creates `sku` with one lot per bin, received oldest first. */
export async function itemWithStock(sku: string, stock: BinStock[], listPrice = 10): Promise<void> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    await createItemWithStock(orm, sku, stock, listPrice);
  } finally {
    await orm.close(true);
  }
}
