import type { EntityManager } from '@mikro-orm/postgresql';
import type { StockStatus } from '../entities';
import { BooksError } from '../errors';
import { num, query } from '../sql';

export interface BalanceKey {
  itemId: number;
  locationId: number;
  lotId: number | null;
  status: StockStatus;
}

/**
 * Takes `quantity` out of a balance row under a row lock. Refuses to go below zero (unless the item allows it)
 * and, unless the stock was reserved for this very move, refuses to take stock promised to someone else.
 */
export async function takeFromBalance(
  em: EntityManager,
  key: BalanceKey,
  quantity: number,
  options: { allowNegative: boolean; fromReserved: boolean },
): Promise<void> {
  const [row] = await query<{ id: number; quantity: string; reserved_quantity: string }>(
    em,
    `select id, quantity, reserved_quantity from stock_balance
      where item_id = ? and location_id = ? and coalesce(lot_id, 0) = coalesce(?, 0) and status = ? for update`,
    [key.itemId, key.locationId, key.lotId, key.status],
  );
  const onHand = num(row?.quantity ?? 0);
  const reserved = num(row?.reserved_quantity ?? 0);
  const usable = options.fromReserved ? onHand : onHand - reserved;
  if (!options.allowNegative && usable + 1e-9 < quantity) {
    const why =
      onHand + 1e-9 >= quantity ? `${reserved} of the ${onHand} there are reserved` : `only ${onHand} on hand`;
    throw new BooksError('INSUFFICIENT_STOCK', `Cannot take ${quantity}: ${why}`, 'quantity');
  }
  if (!row) {
    await query(
      em,
      `insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
       values (?, ?, ?, ?, ?, 0, now())`,
      [key.itemId, key.locationId, key.lotId, key.status, -quantity],
    );
    return;
  }
  await query(
    em,
    `update stock_balance set quantity = quantity - ?, reserved_quantity = reserved_quantity - ?, updated_at = now()
      where id = ?`,
    [quantity, options.fromReserved ? quantity : 0, row.id],
  );
}

/** Adds `quantity` to a balance row, creating it on first use. */
export async function addToBalance(em: EntityManager, key: BalanceKey, quantity: number): Promise<void> {
  await query(
    em,
    `insert into stock_balance (item_id, location_id, lot_id, status, quantity, reserved_quantity, updated_at)
     values (?, ?, ?, ?, ?, 0, now())
     on conflict (item_id, location_id, coalesce(lot_id, 0), status)
     do update set quantity = stock_balance.quantity + excluded.quantity, updated_at = now()`,
    [key.itemId, key.locationId, key.lotId, key.status, quantity],
  );
}
