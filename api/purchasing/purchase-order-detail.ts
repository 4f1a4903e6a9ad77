import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { num, query } from '../../db/sql';
import { listRow } from '../lists/sql-list';
import { purchaseOrderListSpec } from './purchase-order-list';
import type { purchaseOrderDetail } from './purchasing-schemas';

type PurchaseOrderDetail = z.infer<typeof purchaseOrderDetail>;
const RECEIVING = ['open', 'partly-received'];

/**
 * One purchase order as `GET /api/purchase-orders/:n` shows it: the list's header, each line with ordered, received
 * and open quantity and its due date, the deliveries posted (dated when the goods arrived), and the close-short reason.
 * Undefined when there is no such order.
 */
export async function readPurchaseOrder(
  em: EntityManager,
  orderNumber: string,
): Promise<PurchaseOrderDetail | undefined> {
  const found = await listRow(em, purchaseOrderListSpec, 'po.id', 'po.order_number = ?', [orderNumber]);
  if (!found) return undefined;
  const [header] = await query<Record<string, unknown>>(
    em,
    `select po.closed_reason, po.closed_by, po.closed_at,
            (select over_delivery_tolerance_percent from company_settings where id = 1) as tolerance
       from purchase_order po where po.id = ?`,
    [found.id],
  );
  const lines = await query<Record<string, unknown>>(
    em,
    `select l.line_no, i.sku, i.name, i.uom, l.quantity, l.received_quantity, l.unit_cost,
            to_char(l.due_date, 'YYYY-MM-DD') as due_date
       from purchase_order_line l join item i on i.id = l.item_id where l.order_id = ? order by l.line_no`,
    [found.id],
  );
  const deliveries = await query<Record<string, unknown>>(
    em,
    `select delivery_no, received_at, received_by, lines from purchase_delivery where order_id = ? order by delivery_no`,
    [found.id],
  );
  const invoices = await lineInvoices(em, found.id);
  const receiving = RECEIVING.includes(found.row.status);
  return {
    ...found.row,
    lines: lines.map((l) => ({
      lineNo: num(l.line_no),
      itemSku: String(l.sku),
      itemName: String(l.name),
      uom: String(l.uom),
      orderedQuantity: num(l.quantity),
      receivedQuantity: num(l.received_quantity),
      openQuantity: receiving ? Math.max(0, Math.round((num(l.quantity) - num(l.received_quantity)) * 1000) / 1000) : 0,
      dueDate: String(l.due_date),
      unitCost: num(l.unit_cost),
      invoices: invoices.get(num(l.line_no)) ?? [],
    })),
    overDeliveryTolerancePercent:
      header?.tolerance === null || header?.tolerance === undefined ? 10 : num(header.tolerance),
    closedReason: header?.closed_reason === null ? null : String(header?.closed_reason),
    closedBy: header?.closed_by === null ? null : String(header?.closed_by),
    closedAt: header?.closed_at === null ? null : new Date(header?.closed_at as string).toISOString(),
    deliveries: deliveries.map((d) => ({
      deliveryNo: num(d.delivery_no),
      receivedAt: new Date(d.received_at as string).toISOString(),
      receivedBy: String(d.received_by),
      lines: (d.lines as Array<Record<string, unknown>>).map((line) => ({
        lineNo: num(line.lineNo),
        itemSku: String(line.itemSku),
        quantity: num(line.quantity),
        unitCost: num(line.unitCost),
        lotCode: line.lotCode === null || line.lotCode === undefined ? null : String(line.lotCode),
      })),
    })),
  };
}

type LineInvoice = PurchaseOrderDetail['lines'][number]['invoices'][number];

/** The supplier invoices' lines on each order line (helper B's supplier_invoice_line), oldest invoice first. */
async function lineInvoices(em: EntityManager, orderId: number): Promise<Map<number, LineInvoice[]>> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select l.line_no, si.invoice_number, si.status, il.quantity, il.unit_price_net
       from supplier_invoice_line il join supplier_invoice si on si.id = il.invoice_id
       join purchase_order_line l on l.id = il.order_line_id
      where si.purchase_order_id = ? order by si.created_at, si.id, il.line_no`,
    [orderId],
  );
  const byLine = new Map<number, LineInvoice[]>();
  for (const row of rows) {
    const lineNo = num(row.line_no);
    const list = byLine.get(lineNo) ?? [];
    list.push({
      invoiceNumber: String(row.invoice_number),
      status: String(row.status),
      quantity: num(row.quantity),
      unitPrice: num(row.unit_price_net),
    });
    byLine.set(lineNo, list);
  }
  return byLine;
}
