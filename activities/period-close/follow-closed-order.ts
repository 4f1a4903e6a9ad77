import type { EntityManager } from '@mikro-orm/postgresql';
import type { FollowClosed } from '../../db/accounting/period-close-absorption';
import { recordProductionShares } from '../../db/inventory/revalue-production';
import { num, query } from '../../db/sql';
import { distribute } from '../../rules/cost-distribution/distribute';
import { followGoods, type CostChange } from '../invoicing/cost-follows-goods';

/** Production variance: what a closed order's goods no longer show (moving-average goods gone, moves with no account). */
const PRODUCTION_VARIANCE = '5500';
const INVENTORY = '1300';

/**
 * Step 4 for a closed production order (issue 17: "each share lands where the goods were"): the share follows the goods
 * its completions received, by the after-the-fact rule every later cost follows (activities/invoicing/
 * cost-follows-goods.ts): split over the completion receipts by quantity (largest remainder), each receipt's part
 * re-values its layer for what is still on hand (1300) and goes to the account of each move that took the rest
 * (a shipment's COGS, a production issue's order). Null when the order's completions received nothing to follow.
 */
export function followClosedOrder(em: EntityManager, userName: string): FollowClosed {
  return async (order, cents, at) => {
    const receipts = await query<{
      move_id: number;
      item_id: number;
      quantity: string;
      valuation_method: string;
      layer_id: number | null;
      layer_remaining: string | null;
      warehouse_id: number | null;
    }>(
      em,
      `select m.id as move_id, m.item_id, m.quantity, i.valuation_method, cl.id as layer_id,
              cl.quantity_remaining as layer_remaining,
              -- The valuation scope: the warehouse only for an item valued per warehouse (as its layers are keyed).
              case when i.valued_per_warehouse then coalesce(cl.warehouse_id, l.warehouse_id) end as warehouse_id
         from stock_move m join item i on i.id = m.item_id
         left join location l on l.id = m.to_location_id
         left join cost_layer cl on cl.source_move_id = m.id
        where m.id in (select distinct c.stock_move_id from production_cost c
                        where c.production_order_id = ? and c.kind = 'completion' and c.stock_move_id is not null)
        order by m.id`,
      [order.orderId],
    );
    if (receipts.length === 0) return null;
    const parts = distribute(
      cents,
      receipts.map((r) => ({ id: String(r.move_id), basisValue: num(r.quantity) })),
      'largest-remainder',
    );
    const changes: CostChange[] = receipts.map((r, index) => ({
      goods: {
        itemId: num(r.item_id),
        valuationMethod: r.valuation_method === 'moving-average' ? 'moving-average' : 'fifo',
        receiptQuantity: num(r.quantity),
        layerId: r.layer_id === null ? null : num(r.layer_id),
        layerRemaining: num(r.layer_remaining),
        warehouseId: r.warehouse_id === null ? null : num(r.warehouse_id),
      },
      cents: parts[index]?.cents ?? 0,
    }));
    const followed = await followGoods(em, changes, PRODUCTION_VARIANCE, at);
    const byAccount: Record<string, number> = { ...followed.issued };
    if (followed.onHandCents !== 0) byAccount[INVENTORY] = (byAccount[INVENTORY] ?? 0) + followed.onHandCents;
    return {
      byAccount,
      record: (entryId) =>
        recordProductionShares(em, followed.orders, { journalEntryId: entryId, key: order.key, userName, at }),
    };
  };
}
