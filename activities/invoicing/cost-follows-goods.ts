import type { EntityManager } from '@mikro-orm/postgresql';
import { splitPriceDifference, type ReceiptWhereabouts } from '../../rules/invoice-match';
import { productionShares, type OrderShare } from '../../db/inventory/revalue-production';
import { lockScope, shiftScopeStep } from '../../db/inventory/valuation-store';
import { num, query, runSteps } from '../../db/sql';

/*
 * The after-the-fact rule (POSTINGS.md) for a cost found after goods were received: a purchase invoice's price
 * difference, a subcontract fee invoice's difference to the accrued fee, freight landing on a receipt. The change
 * follows the goods of that receipt as they stand now: still on hand, their layer (1300) is re-valued; issued to a
 * production order, its WIP (open) or its variance (closed); shipped or consumed otherwise, the account the consuming
 * move stored. One module, so every such cost follows goods the same way.
 */

/** The goods one receipt move brought in: its item, quantity and (FIFO) layer with what is left of it. */
export interface ReceivedGoods {
  itemId: number;
  valuationMethod: 'fifo' | 'moving-average';
  receiptQuantity: number;
  layerId: number | null;
  layerRemaining: number;
  warehouseId: number | null;
}

/** A cost change (cents, signed) that belongs to the goods of one receipt. */
export interface CostChange {
  goods: ReceivedGoods;
  cents: number;
}

/** Where one change went: cents re-valuing the layer on hand, and cents per account for the goods already gone. */
export interface FollowedChange {
  onHandCents: number;
  issued: Record<string, number>;
}

/** All changes followed: totals for the journal, the production orders' shares to record, and each change's split. */
export interface FollowedCosts {
  onHandCents: number;
  issued: Record<string, number>;
  orders: OrderShare[];
  parts: FollowedChange[];
}

/**
 * Splits each change over where its goods are now (by quantity, largest remainder, so the parts add up), re-values
 * the layers on hand (under their scope's lock, production orders locked first as a production issue takes them) and
 * traces production issues to their orders. The caller books the journal (Dr/Cr 1300 `onHandCents`, each account in
 * `issued`) and then `recordProductionShares(orders)` with the entry's id. `fallbackAccount` takes what a consuming
 * move stored no account for (or the moving-average pool's share already gone).
 */
export async function followGoods(
  em: EntityManager,
  changes: readonly CostChange[],
  fallbackAccount: string,
  at: Date,
): Promise<FollowedCosts> {
  const splits = [];
  for (const change of changes) {
    const where = await whereabouts(em, change.goods, fallbackAccount);
    splits.push(splitPriceDifference(change.cents, where, fallbackAccount));
  }
  const orders = await productionShares(
    em,
    splits.flatMap((split) => split.issued),
  );
  for (const [index, change] of changes.entries()) {
    const cents = splits[index]?.onHandCents ?? 0;
    if (cents !== 0) await revalueOnHand(em, change.goods, cents, at);
  }
  const accountOfMove = new Map(orders.map((share) => [share.moveId, share.account]));
  const issued: Record<string, number> = {};
  let onHandCents = 0;
  const parts = splits.map((split): FollowedChange => {
    const part: FollowedChange = { onHandCents: split.onHandCents, issued: {} };
    onHandCents += split.onHandCents;
    for (const share of split.issued) {
      const account = accountOfMove.get(share.moveId) ?? share.account;
      part.issued[account] = (part.issued[account] ?? 0) + share.cents;
      issued[account] = (issued[account] ?? 0) + share.cents;
    }
    return part;
  });
  return { onHandCents, issued, orders, parts };
}

/**
 * Where the receipt's goods are now: FIFO, its layer's remainder and each move that consumed from the layer with the
 * account that move booked; moving average (no layer remainder), the pool holds what is on hand, up to the receipt.
 */
export async function whereabouts(
  em: EntityManager,
  goods: ReceivedGoods,
  fallbackAccount: string,
): Promise<ReceiptWhereabouts> {
  if (goods.valuationMethod === 'moving-average' || goods.layerId === null) {
    const [pool] = await query<{ quantity: string }>(
      em,
      `select coalesce(sum(quantity), 0) as quantity from item_valuation
        where item_id = ? and coalesce(warehouse_id, 0) = coalesce(?, 0)`,
      [goods.itemId, goods.warehouseId],
    );
    const onHand = Math.min(goods.receiptQuantity, Math.max(0, num(pool?.quantity)));
    const gone = goods.receiptQuantity - onHand;
    return {
      onHandQuantity: onHand,
      issued: gone > 0 ? [{ moveId: 0, quantity: gone, account: fallbackAccount }] : [],
    };
  }
  const consumed = await query<{ move_id: number; quantity: string; offset_account: string | null }>(
    em,
    `select lc.move_id, sum(lc.quantity) as quantity, m.offset_account
       from layer_consumption lc join stock_move m on m.id = lc.move_id
      where lc.layer_id = ? and m.move_type <> 'supplier-return'
      group by lc.move_id, m.offset_account order by lc.move_id`,
    [goods.layerId],
  );
  return {
    onHandQuantity: goods.layerRemaining,
    issued: consumed.map((c) => ({
      moveId: num(c.move_id),
      quantity: num(c.quantity),
      account: c.offset_account ?? fallbackAccount,
    })),
  };
}

/** Re-values what is still on hand: the receipt's layer (FIFO) and the scope's value, under the scope's lock. */
export async function revalueOnHand(em: EntityManager, goods: ReceivedGoods, cents: number, at: Date): Promise<void> {
  const scope = { itemId: goods.itemId, warehouseId: goods.warehouseId, method: goods.valuationMethod };
  await lockScope(em, scope);
  const steps = [shiftScopeStep(scope, 0, cents, at)];
  if (goods.valuationMethod === 'fifo' && goods.layerId !== null) {
    steps.unshift({
      name: 'layer_revalued',
      sql: `update cost_layer set value_remaining = value_remaining + ? where id = ?`,
      params: [cents / 100, goods.layerId],
    });
  }
  await runSteps(em, steps, 'select 1');
}
