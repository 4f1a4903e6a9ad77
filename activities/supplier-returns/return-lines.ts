import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';

const milli = (quantity: number) => Math.round(quantity * 1000);

/** A stored return line with what its posting needs: the receipt it reverses, its price and its FIFO layer. */
export interface ReturnLineRow {
  id: number;
  lineNo: number;
  orderLineId: number;
  orderLineNo: number;
  itemSku: string;
  lotCode: string | null;
  receiptMoveId: number;
  receiptQty: number;
  unitPrice: number;
  layerId: string | null;
  quantity: number;
}

export async function returnLines(em: EntityManager, returnId: number): Promise<ReturnLineRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select rl.id, rl.line_no, rl.order_line_id, ol.line_no as order_line_no, i.sku, rl.lot_code, rl.receipt_move_id,
            m.quantity as receipt_qty, ol.unit_cost, rl.quantity, (select c.id from cost_layer c where c.source_move_id = m.id) as layer_id
       from supplier_return_line rl join purchase_order_line ol on ol.id = rl.order_line_id
       join item i on i.id = ol.item_id join stock_move m on m.id = rl.receipt_move_id
      where rl.return_id = ? order by rl.line_no`,
    [returnId],
  );
  return rows.map((row) => ({
    id: num(row.id),
    lineNo: num(row.line_no),
    orderLineId: num(row.order_line_id),
    orderLineNo: num(row.order_line_no),
    itemSku: String(row.sku),
    lotCode: row.lot_code == null ? null : String(row.lot_code),
    receiptMoveId: num(row.receipt_move_id),
    receiptQty: num(row.receipt_qty),
    unitPrice: num(row.unit_cost),
    layerId: row.layer_id == null ? null : String(row.layer_id),
    quantity: num(row.quantity),
  }));
}

/** What earlier posted returns already took out of GRNI for this receipt (milli-units). */
export async function returnedToGrni(em: EntityManager, receiptMoveId: number): Promise<number> {
  const [row] = await query<{ qty: string }>(
    em,
    'select coalesce(sum(grni_quantity), 0) as qty from supplier_return_line where receipt_move_id = ?',
    [receiptMoveId],
  );
  return milli(num(row?.qty ?? 0));
}

/** The open quantity the supplier will deliver again: received_quantity lowered per order line (never below 0). */
export async function reopenOrderLines(
  em: EntityManager,
  header: { orderId: number; orderStatus: string },
  lines: ReturnLineRow[],
): Promise<Array<{ lineNo: number; quantity: number }>> {
  const byOrderLine = new Map<number, { lineNo: number; qty: number }>();
  for (const line of lines) {
    const entry = byOrderLine.get(line.orderLineId) ?? { lineNo: line.orderLineNo, qty: 0 };
    entry.qty += milli(line.quantity);
    byOrderLine.set(line.orderLineId, entry);
  }
  for (const [orderLineId, entry] of byOrderLine) {
    await query(
      em,
      'update purchase_order_line set received_quantity = greatest(received_quantity - ?, 0) where id = ?',
      [entry.qty / 1000, orderLineId],
    );
  }
  if (header.orderStatus === 'received' || header.orderStatus === 'put-away') {
    await query(em, `update purchase_order set status = 'partly-received', updated_at = now() where id = ?`, [
      header.orderId,
    ]);
  }
  return [...byOrderLine.values()].map((entry) => ({ lineNo: entry.lineNo, quantity: entry.qty / 1000 }));
}
