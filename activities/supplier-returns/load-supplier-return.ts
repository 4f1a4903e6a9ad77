import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/activity';
import { num, query } from '../../db/sql';
import type {
  ReturnStockPlace,
  ReturnTaskLine,
  SupplierReturnForTask,
} from '../../workflows/supplier-return/supplier-return.contract';

/** A return's header as the task and the posting read it. */
export async function returnHeader(em: EntityManager, returnNumber: string, lock = false) {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select r.id, r.status, r.replace, po.id as order_id, po.order_number, po.status as order_status,
            s.code as supplier_code, s.name as supplier_name, w.id as warehouse_id, w.code as warehouse_code
       from supplier_return r join purchase_order po on po.id = r.purchase_order_id
       join supplier s on s.id = po.supplier_id join warehouse w on w.id = po.warehouse_id
      where r.return_number = ?${lock ? ' for update of po, r' : ''}`,
    [returnNumber],
  );
  if (!row) throw ApplicationFailure.nonRetryable(`No supplier return ${returnNumber}`, 'SUPPLIER_RETURN_NOT_FOUND');
  return {
    id: num(row.id),
    status: String(row.status),
    replace: Boolean(row.replace),
    orderId: num(row.order_id),
    orderNumber: String(row.order_number),
    orderStatus: String(row.order_status),
    supplierCode: String(row.supplier_code),
    supplierName: String(row.supplier_name),
    warehouseId: num(row.warehouse_id),
    warehouseCode: String(row.warehouse_code),
  };
}

/**
 * Where an item's lot lies in a warehouse now, free of reservations: goods already with the supplier, and goods in
 * transit to this warehouse (at its dock, not yet received), are not there to return.
 */
async function stockPlaces(
  em: EntityManager,
  itemId: number,
  lotId: number | null,
  warehouseId: number,
): Promise<ReturnStockPlace[]> {
  const rows = await query<{ code: string; status: string; free: string }>(
    em,
    `select l.code, b.status, b.quantity - b.reserved_quantity as free
       from stock_balance b join location l on l.id = b.location_id
      where b.item_id = ? and coalesce(b.lot_id, 0) = coalesce(?, 0) and l.warehouse_id = ?
        and b.status not in ('at-supplier', 'in-transit') and b.quantity - b.reserved_quantity > 0
      order by l.pick_sequence, l.code, b.status`,
    [itemId, lotId, warehouseId],
  );
  return rows.map((row) => ({ location: row.code, status: row.status, free: num(row.free) }));
}

/** The return task's payload: the return, its lines and where each line's goods can be picked now. Read-only. */
export async function loadSupplierReturn(em: EntityManager, returnNumber: string): Promise<SupplierReturnForTask> {
  const header = await returnHeader(em, returnNumber);
  const rows = await query<Record<string, unknown>>(
    em,
    `select rl.line_no, ol.line_no as order_line_no, i.id as item_id, i.sku, i.name, i.uom, rl.lot_code,
            rl.quantity, rl.reason, m.lot_id
       from supplier_return_line rl join purchase_order_line ol on ol.id = rl.order_line_id
       join item i on i.id = ol.item_id join stock_move m on m.id = rl.receipt_move_id
      where rl.return_id = ? order by rl.line_no`,
    [header.id],
  );
  const lines: ReturnTaskLine[] = [];
  for (const row of rows) {
    const lotId = row.lot_id == null ? null : num(row.lot_id);
    lines.push({
      lineNo: num(row.line_no),
      orderLineNo: num(row.order_line_no),
      itemSku: String(row.sku),
      itemName: String(row.name),
      uom: String(row.uom),
      lotCode: row.lot_code == null ? null : String(row.lot_code),
      quantity: num(row.quantity),
      reason: String(row.reason),
      stock: await stockPlaces(em, num(row.item_id), lotId, header.warehouseId),
    });
  }
  return {
    returnNumber,
    orderNumber: header.orderNumber,
    supplierCode: header.supplierCode,
    supplierName: header.supplierName,
    warehouseCode: header.warehouseCode,
    replace: header.replace,
    lines,
  };
}
