import type { MikroORM } from '@mikro-orm/postgresql';
import { postMove, type MoveCommand } from '../../db/inventory/post-move';
import { query } from '../../db/sql';

/** Stock of one lot in one bin. */
export interface BinStock {
  location: string;
  lot: string;
  quantity: number;
  /** The lot's dates when a test needs them (manufactured today and expiry by the shelf life otherwise). */
  manufacturedOn?: string;
  expiresOn?: string;
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
        lot: {
          code: entry.lot,
          manufacturedOn: entry.manufacturedOn ?? new Date().toISOString().slice(0, 10),
          expiresOn: entry.expiresOn,
        },
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

/**
 * A fresh item without lots (category `test`, FIFO unless told, list price 10), so a books test sees only the moves
 * it posts; valued per warehouse only when asked.
 */
export async function plainItem(
  orm: MikroORM,
  sku: string,
  options: { name: string; method?: 'fifo' | 'moving-average'; perWarehouse?: boolean },
): Promise<string> {
  await query(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, ?, 'pcs', 'test', false, 1, 'buy', false, ?, ?, 10, now())`,
    [sku, options.name, options.method ?? 'fifo', options.perWarehouse ?? false],
  );
  return sku;
}

/**
 * A test file's move commands: by default a receipt of 1 into `toLocation`, each with a document reference and an
 * idempotency key of its own (numbered under `label`), so no two posts are taken for a replay of each other.
 */
export function moveCommands(label: string, toLocation: string, documentType = 'test') {
  let counter = 0;
  return (sku: string, overrides: Partial<MoveCommand>): MoveCommand => {
    counter += 1;
    return {
      moveType: 'receipt',
      itemSku: sku,
      toLocation,
      quantity: 1,
      documentType,
      documentRef: `${label}-${counter}`,
      userName: 'tester',
      idempotencyKey: `${label}:${sku}:${counter}`,
      ...overrides,
    };
  };
}
