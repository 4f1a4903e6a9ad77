import type { EntityManager } from '@mikro-orm/postgresql';
import { dockOf, putawayBins } from '../../db/repositories/location-repository';
import { num, query } from '../../db/sql';

/**
 * Named queries over purchase orders for the purchasing activities. (They would sit in db/repositories with
 * the order repository; kept beside their only callers until purchasing owns a repository there.)
 */
export interface PurchaseOrderHeader {
  orderId: number;
  orderNumber: string;
  status: string;
  supplierCode: string;
  supplierName: string;
  warehouseId: number;
  warehouseCode: string;
}

export interface PurchaseOrderLineRow {
  lineId: number;
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  lotTracked: boolean;
  shelfLifeDays: number | null;
  quantity: number;
  unitCost: number;
  receivedQuantity: number;
  /** YYYY-MM-DD */
  dueDate: string;
}

/** The purchase order header; `lock` takes its row lock so the steps on one order queue up behind each other. */
export async function findPurchaseOrder(
  em: EntityManager,
  orderNumber: string,
  lock = false,
): Promise<PurchaseOrderHeader | undefined> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select po.id, po.order_number, po.status, s.code as supplier_code, s.name as supplier_name, po.warehouse_id,
            w.code as warehouse_code
       from purchase_order po join supplier s on s.id = po.supplier_id join warehouse w on w.id = po.warehouse_id
      where po.order_number = ?${lock ? ' for update of po' : ''}`,
    [orderNumber],
  );
  if (!row) return undefined;
  return {
    orderId: num(row.id),
    orderNumber: String(row.order_number),
    status: String(row.status),
    supplierCode: String(row.supplier_code),
    supplierName: String(row.supplier_name),
    warehouseId: num(row.warehouse_id),
    warehouseCode: String(row.warehouse_code),
  };
}

/** The order's lines with their items, in line order. */
export async function purchaseOrderLines(em: EntityManager, orderId: number): Promise<PurchaseOrderLineRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select pl.id, pl.line_no, i.sku, i.name, i.uom, i.lot_tracked, i.shelf_life_days, pl.quantity, pl.unit_cost,
            pl.received_quantity, to_char(pl.due_date, 'YYYY-MM-DD') as due_date
       from purchase_order_line pl join item i on i.id = pl.item_id
      where pl.order_id = ? order by pl.line_no`,
    [orderId],
  );
  return rows.map((row) => ({
    lineId: num(row.id),
    lineNo: num(row.line_no),
    itemSku: String(row.sku),
    itemName: String(row.name),
    uom: String(row.uom),
    lotTracked: Boolean(row.lot_tracked),
    shelfLifeDays: row.shelf_life_days === null ? null : num(row.shelf_life_days),
    quantity: num(row.quantity),
    unitCost: num(row.unit_cost),
    receivedQuantity: num(row.received_quantity),
    dueDate: String(row.due_date),
  }));
}

/** The warehouse's dock (location type `dock`: receipts land there) and its storage bins in walking order. */
export async function warehouseLocations(
  em: EntityManager,
  warehouseId: number,
): Promise<{ dock: string | undefined; bins: string[] }> {
  const dock = await dockOf(em, warehouseId);
  return { dock: dock?.code, bins: await putawayBins(em, warehouseId) };
}

export async function setPurchaseOrderStatus(em: EntityManager, orderId: number, status: string): Promise<void> {
  await query(em, 'update purchase_order set status = ?, updated_at = now() where id = ?', [status, orderId]);
}

/** The receipt moves this workflow posted (of one delivery, when given), one per received line, with where they landed. */
export async function receiptMoves(em: EntityManager, workflowId: string, orderNumber: string, deliveryNo?: number) {
  const prefix = deliveryNo === undefined ? `${workflowId}:receipt:` : `${workflowId}:receipt:d${deliveryNo}:`;
  const rows = await query<Record<string, unknown>>(
    em,
    `select m.line_no, i.sku, lot.code as lot_code, m.quantity, l.code as location_code, m.to_status
       from stock_move m join item i on i.id = m.item_id join location l on l.id = m.to_location_id
       left join lot on lot.id = m.lot_id
      where m.move_type = 'receipt' and m.document_type = 'purchase-order' and m.document_ref = ?
        and left(m.idempotency_key, ?) = ?
      order by m.item_id, m.line_no`,
    [orderNumber, prefix.length, prefix],
  );
  return rows.map((row) => ({
    lineNo: num(row.line_no),
    itemSku: String(row.sku),
    lotCode: row.lot_code === null ? null : String(row.lot_code),
    quantity: num(row.quantity),
    locationCode: String(row.location_code),
    // An expired lot landed blocked and stays blocked in its bin; a lot awaiting inspection stays in quarantine.
    status: (['blocked', 'quarantine'].includes(String(row.to_status)) ? row.to_status : 'available') as
      'available' | 'blocked' | 'quarantine',
  }));
}
