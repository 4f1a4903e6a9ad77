import type { EntityManager } from '@mikro-orm/postgresql';
import type { StockStatus } from '../entities';
import { BooksError } from '../errors';
import { num, query, type Step } from '../sql';

export interface BalanceKey {
  itemId: number;
  locationId: number;
  lotId: number | null;
  status: StockStatus;
  /** The customer who owns the stock; null or absent = ours. Part of the balance's key, like the lot. */
  ownerCustomerId?: number | null;
}

export interface TakeOptions {
  allowNegative: boolean;
  fromReserved: boolean;
}

const KEY = `item_id = ? and location_id = ? and coalesce(lot_id, 0) = coalesce(?, 0) and status = ?
             and coalesce(owner_customer_id, 0) = coalesce(?::int, 0)`;
const keyParams = (key: BalanceKey) => [key.itemId, key.locationId, key.lotId, key.status, key.ownerCustomerId ?? null];
const UPSERT = `insert into stock_balance (item_id, location_id, lot_id, status, owner_customer_id, quantity,
                                           reserved_quantity, updated_at)
                select ?::int, ?::int, ?::int, ?, ?::int, ?::numeric, 0, now()`;
/** The conflict target is stock_balance_key_unique's expression list, word for word (Migration20261202172000). */
const ON_KEY =
  'on conflict (item_id, location_id, coalesce(lot_id, 0), status, coalesce(owner_customer_id, 0)) do update set';

/**
 * Takes `quantity` out of a balance row (step `took`, one row when it did). The UPDATE locks the row and checks
 * the stock on its latest version, so the check holds under concurrent postings; it refuses to go below zero
 * (unless the item allows it, then the row may be created negative) and, unless the stock was reserved for this
 * very move, to take stock promised to someone else. A refusal writes nothing: no row, and takeRefusal says why.
 */
export function takeStep(key: BalanceKey, quantity: number, options: TakeOptions): Step {
  const reservedPart = options.fromReserved ? quantity : 0;
  if (options.allowNegative) {
    return {
      name: 'took',
      sql: `${UPSERT} ${ON_KEY} quantity = stock_balance.quantity - ?, updated_at = now(),
              reserved_quantity = stock_balance.reserved_quantity - ? returning id`,
      params: [...keyParams(key), -quantity, quantity, reservedPart],
    };
  }
  const usable = options.fromReserved ? 'quantity' : 'quantity - reserved_quantity';
  return {
    name: 'took',
    sql: `update stock_balance set quantity = quantity - ?, reserved_quantity = reserved_quantity - ?, updated_at = now()
           where ${KEY} and ${usable} + 0.000000001 >= ? returning id`,
    params: [quantity, reservedPart, ...keyParams(key), quantity],
  };
}

/** Adds `quantity` to a balance row, creating it on first use (step `added`), once `after` has its row. */
export function addStep(key: BalanceKey, quantity: number, after: string | null): Step {
  const gate = after ? ` where exists (select 1 from ${after})` : '';
  return {
    name: 'added',
    sql: `${UPSERT}${gate} ${ON_KEY} quantity = stock_balance.quantity + excluded.quantity, updated_at = now()
          returning id`,
    params: [...keyParams(key), quantity],
  };
}

/**
 * Why takeStep refused, as a BooksError to throw; or null if the stock is there now (it arrived after the refusal).
 * Locks the row, so the answer holds for the rest of the transaction.
 */
export async function takeRefusal(
  em: EntityManager,
  key: BalanceKey,
  quantity: number,
  options: TakeOptions,
): Promise<BooksError | null> {
  const [row] = await query<{ quantity: string; reserved_quantity: string }>(
    em,
    `select quantity, reserved_quantity from stock_balance where ${KEY} for update`,
    keyParams(key),
  );
  const onHand = num(row?.quantity ?? 0);
  const reserved = num(row?.reserved_quantity ?? 0);
  const usable = options.fromReserved ? onHand : onHand - reserved;
  if (options.allowNegative || usable + 1e-9 >= quantity) return null;
  const why = onHand + 1e-9 >= quantity ? `${reserved} of the ${onHand} there are reserved` : `only ${onHand} on hand`;
  return new BooksError('INSUFFICIENT_STOCK', `Cannot take ${quantity}: ${why}`, 'quantity');
}
