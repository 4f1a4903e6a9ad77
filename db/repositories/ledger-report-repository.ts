import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

export interface LedgerItem {
  id: number;
  sku: string;
  name: string;
  uom: string;
  valuationMethod: string;
}

export async function findLedgerItem(em: EntityManager, sku: string): Promise<LedgerItem | null> {
  const [row] = await query<Record<string, unknown>>(
    em,
    'select id, sku, name, uom, valuation_method from item where sku = ?',
    [sku],
  );
  if (!row) return null;
  return {
    id: num(row.id),
    sku: String(row.sku),
    name: String(row.name),
    uom: String(row.uom),
    valuationMethod: String(row.valuation_method),
  };
}

/** A move's effect on the item's total on hand: receipts add, issues take, transfers and status changes net to 0. */
const SIGNED_QUANTITY = `case when m.to_location_id is not null and m.from_location_id is null then m.quantity
                              when m.from_location_id is not null and m.to_location_id is null then -m.quantity
                              else 0 end`;

/**
 * One page of an item's moves in effective order with running quantity and value.
 *
 * The running quantity is a window over the item's moves read through the (item_id, effective_at) index; the
 * window stops at the page's last row, so a page costs its offset in index entries. Values (the move's cost layer
 * in, its layer consumptions out) are looked up for the page's rows only; the running value starts from the value
 * of everything before the page, summed once (a layer carries its receipt's item and effective time, so the value
 * in needs no join).
 */
export async function itemLedgerPage(em: EntityManager, itemId: number, limit: number, offset: number) {
  const rows = await query<Record<string, unknown>>(
    em,
    `with page as (
       select m.id, m.effective_at, m.move_type, m.document_type, m.document_ref, m.line_no, m.lot_id,
              m.from_location_id, m.to_location_id, m.from_status, m.to_status, m.quantity,
              ${SIGNED_QUANTITY} as signed_quantity,
              sum(${SIGNED_QUANTITY}) over (order by m.effective_at, m.id) as running_quantity
         from stock_move m
        where m.item_id = ?
        order by m.effective_at, m.id
        limit ? offset ?),
     valued as (
       select p.*, coalesce(cl.value_in, 0) as value_in,
              coalesce((select sum(c.value) from layer_consumption c where c.move_id = p.id), 0) as value_out
         from page p left join cost_layer cl on cl.source_move_id = p.id),
     first_row as (select effective_at, id from page order by effective_at, id limit 1),
     opening as (
       select coalesce((select sum(cl.value_in) from cost_layer cl cross join first_row f
                        where cl.item_id = ? and cl.effective_at <= f.effective_at
                          and (cl.effective_at, cl.source_move_id) < (f.effective_at, f.id)), 0)
            - coalesce((select sum(c.value) from layer_consumption c join stock_move m on m.id = c.move_id
                         cross join first_row f
                        where m.item_id = ? and m.effective_at <= f.effective_at
                          and (m.effective_at, m.id) < (f.effective_at, f.id)), 0) as value)
     select v.*, fl.code as from_location, tl.code as to_location, lot.code as lot_code,
            o.value + sum(v.value_in - v.value_out) over (order by v.effective_at, v.id) as running_value
       from valued v cross join opening o
       left join location fl on fl.id = v.from_location_id
       left join location tl on tl.id = v.to_location_id
       left join lot on lot.id = v.lot_id
      order by v.effective_at, v.id`,
    [itemId, limit, offset, itemId, itemId],
  );
  const [summary] = await query<Record<string, unknown>>(
    em,
    `select (select count(*) from stock_move where item_id = ?) as n,
            (select coalesce(sum(quantity), 0) from stock_balance where item_id = ?) as on_hand,
            (select coalesce(sum(value), 0) from item_valuation where item_id = ?) as value`,
    [itemId, itemId, itemId],
  );
  return {
    items: rows.map((r) => {
      const signed = num(r.signed_quantity);
      return {
        moveId: num(r.id),
        effectiveAt: new Date(r.effective_at as string).toISOString(),
        moveType: String(r.move_type),
        documentType: String(r.document_type),
        documentRef: String(r.document_ref),
        lineNo: r.line_no === null ? null : num(r.line_no),
        fromLocation: r.from_location === null ? null : String(r.from_location),
        toLocation: r.to_location === null ? null : String(r.to_location),
        fromStatus: r.from_status === null ? null : String(r.from_status),
        toStatus: r.to_status === null ? null : String(r.to_status),
        lotCode: r.lot_code === null ? null : String(r.lot_code),
        quantity: num(r.quantity),
        quantityIn: signed > 0 ? signed : 0,
        quantityOut: signed < 0 ? -signed : 0,
        runningQuantity: num(r.running_quantity),
        valueIn: num(r.value_in),
        valueOut: num(r.value_out),
        runningValue: num(r.running_value),
      };
    }),
    total: num(summary?.n ?? 0),
    onHand: num(summary?.on_hand ?? 0),
    value: num(summary?.value ?? 0),
  };
}
