import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

export interface OrderLineRow {
  lineId: number;
  lineNo: number;
  itemId: number;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
  shippedQuantity: number;
}

export interface OrderHeaderRow {
  orderId: number;
  orderNumber: string;
  status: string;
  customerCode: string;
  customerName: string;
}

/** The order header, locked so that concurrent steps on one order queue up behind each other. */
export async function lockOrder(em: EntityManager, orderNumber: string): Promise<OrderHeaderRow | undefined> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select o.id, o.order_number, o.status, c.code as customer_code, c.name as customer_name
       from sales_order o join customer c on c.id = o.customer_id
      where o.order_number = ? for update of o`,
    [orderNumber],
  );
  if (!row) return undefined;
  return {
    orderId: num(row.id),
    orderNumber: String(row.order_number),
    status: String(row.status),
    customerCode: String(row.customer_code),
    customerName: String(row.customer_name),
  };
}

/** The order's lines with their items, sorted by item so that row locks are always taken in one order. */
export async function orderLines(em: EntityManager, orderId: number): Promise<OrderLineRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select sl.id, sl.line_no, sl.item_id, i.sku, i.name, i.uom, sl.quantity, sl.shipped_quantity
       from sales_order_line sl join item i on i.id = sl.item_id
      where sl.order_id = ? order by sl.item_id, sl.line_no`,
    [orderId],
  );
  return rows.map((row) => ({
    lineId: num(row.id),
    lineNo: num(row.line_no),
    itemId: num(row.item_id),
    itemSku: String(row.sku),
    itemName: String(row.name),
    uom: String(row.uom),
    quantity: num(row.quantity),
    shippedQuantity: num(row.shipped_quantity),
  }));
}

export async function setOrderStatus(em: EntityManager, orderId: number, status: string): Promise<void> {
  await query(em, 'update sales_order set status = ?, updated_at = now() where id = ?', [status, orderId]);
}

export async function addLineQuantities(
  em: EntityManager,
  lineId: number,
  change: { reserved?: number; shipped?: number },
): Promise<void> {
  await query(
    em,
    `update sales_order_line set reserved_quantity = greatest(reserved_quantity + ?, 0),
                                 shipped_quantity = shipped_quantity + ? where id = ?`,
    [change.reserved ?? 0, change.shipped ?? 0, lineId],
  );
}

/** Nothing is reserved for the order's lines any more (after a cancellation or a return of staged stock). */
export async function clearLineReservations(em: EntityManager, orderId: number): Promise<void> {
  await query(em, 'update sales_order_line set reserved_quantity = 0 where order_id = ?', [orderId]);
}
