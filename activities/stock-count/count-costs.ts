import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';

/**
 * What a unit found or lost in a count is worth. A gain comes in at the item's last receipt cost (the bin may have
 * been emptied since, so the current average could be zero); a loss is estimated at the item's average (the posting
 * then takes the FIFO layers' actual cost). Falls back to the average, then the list price: never zero by accident.
 */
export async function countUnitCost(em: EntityManager, itemId: number, gain: boolean): Promise<number> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select (select round(cl.value_in / nullif(cl.quantity_in, 0), 4)
               from cost_layer cl join stock_move m on m.id = cl.source_move_id
              where cl.item_id = i.id and m.move_type = 'receipt' and cl.quantity_in > 0
              order by cl.effective_at desc, cl.id desc limit 1) as last_receipt,
            (select round(sum(v.value) / nullif(sum(v.quantity), 0), 4) from item_valuation v where v.item_id = i.id)
              as average,
            i.list_price
       from item i where i.id = ?`,
    [itemId],
  );
  const lastReceipt = row?.last_receipt === null || row?.last_receipt === undefined ? 0 : num(row.last_receipt);
  const average = row?.average === null || row?.average === undefined ? 0 : num(row.average);
  const listPrice = num(row?.list_price ?? 0);
  const order = gain ? [lastReceipt, average, listPrice] : [average, lastReceipt, listPrice];
  return order.find((cost) => cost > 0) ?? 0;
}
