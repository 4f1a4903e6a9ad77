import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import type { ReceivedGoods } from '../invoicing/cost-follows-goods';

/** One receipt move a carrier receipt line covers: the goods freight follows and what the basis reads of it. */
export interface FreightGoods {
  moveId: number;
  goods: ReceivedGoods;
  /** What the receipt booked to 1300, in cents (FIFO: its layer's value in; moving average: its journal debit). */
  valueCents: number;
  unitWeightKg: number | null;
  warehouseCode: string | null;
}

/**
 * The receipt moves a carrier receipt's lines cover, by move id: item, valuation method, the move's layer with what is
 * left of it, the booked value and the item's weight. Read-only; the layers are re-valued under their scope's lock by
 * followGoods.
 */
export async function freightGoods(em: EntityManager, moveIds: readonly number[]): Promise<Map<number, FreightGoods>> {
  if (moveIds.length === 0) return new Map();
  const rows = await query<Record<string, unknown>>(
    em,
    `select m.id, m.item_id, m.quantity, i.valuation_method, i.weight_kg,
            cl.id as layer_id, cl.quantity_remaining, cl.value_in,
            cl.warehouse_id, w.code as warehouse_code,
            (select sum(jl.debit) from journal_entry je join journal_line jl on jl.entry_id = je.id
              where je.idempotency_key = 'move:' || m.id and jl.account_code = '1300') as booked
       from stock_move m join item i on i.id = m.item_id
       left join cost_layer cl on cl.source_move_id = m.id
       left join location loc on loc.id = m.to_location_id
       left join warehouse w on w.id = coalesce(cl.warehouse_id, loc.warehouse_id)
      where m.id in (${moveIds.map(() => '?').join(', ')})`,
    [...moveIds],
  );
  return new Map(
    rows.map((r) => {
      const valuationMethod = r.valuation_method === 'moving-average' ? 'moving-average' : 'fifo';
      const value = r.value_in === null ? num(r.booked) : num(r.value_in);
      const goods: FreightGoods = {
        moveId: num(r.id),
        goods: {
          itemId: num(r.item_id),
          valuationMethod,
          receiptQuantity: num(r.quantity),
          layerId: r.layer_id === null ? null : num(r.layer_id),
          layerRemaining: num(r.quantity_remaining),
          // As the invoices follow goods (post-invoice.ts): the layer's warehouse; none for moving average.
          warehouseId: r.warehouse_id === null ? null : num(r.warehouse_id),
        },
        valueCents: Math.round(value * 100),
        unitWeightKg: r.weight_kg === null ? null : num(r.weight_kg),
        warehouseCode: r.warehouse_code === null ? null : String(r.warehouse_code),
      };
      return [goods.moveId, goods];
    }),
  );
}
