import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { reject } from '../errors';

/**
 * A supplier invoice header with its order and supplier, as matching and posting read it. `kind` says which order it
 * is against: a purchase order (goods) or a subcontract order (processing fees); `orderNumber` is that order's.
 */
export interface InvoiceHeader {
  id: number;
  kind: 'purchase' | 'subcontract';
  invoiceNumber: string;
  status: string;
  invoiceDate: string;
  dueDate: string;
  netTotal: number;
  taxTotal: number;
  grossTotal: number;
  supplierCode: string;
  supplierName: string;
  orderId: number;
  orderNumber: string;
  orderStatus: string;
  warehouseCode: string;
}

/** An invoice line with its purchase-order line and item. */
export interface InvoiceLineRow {
  id: number;
  lineNo: number;
  orderLineNo: number;
  quantity: number;
  unitPriceNet: number;
  netAmount: number;
  taxRate: number;
  taxAmount: number;
  orderedQuantity: number;
  orderUnitPrice: number;
  receivedQuantity: number;
  itemId: number;
  itemSku: string;
  itemName: string;
  uom: string;
  category: string;
  abcClass: string | null;
  sourcing: string;
  lotTracked: boolean;
  shelfLifeDays: number | null;
  valuationMethod: 'fifo' | 'moving-average';
}

/** One receipt move of an order line with its layer and what posted invoices have cleared of it. */
export interface ReceiptRow {
  moveId: number;
  orderLineNo: number;
  itemSku: string;
  receivedAt: string;
  quantity: number;
  /** The receipt's value as booked to GRNI (cents) and its unit cost. */
  valueCents: number;
  unitCost: number;
  invoicedQuantity: number;
  /** What posted invoices cleared from GRNI for this receipt so far (cents). */
  clearedCents: number;
  layerId: number | null;
  layerRemaining: number;
  warehouseId: number | null;
}

/** The invoice header, locked for update so matching and posting never run side by side. */
export async function lockInvoice(em: EntityManager, invoiceId: number): Promise<InvoiceHeader> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select si.id, si.invoice_number, si.status, to_char(si.invoice_date, 'YYYY-MM-DD') as invoice_date,
            to_char(si.due_date, 'YYYY-MM-DD') as due_date, si.net_total, si.tax_total, si.gross_total,
            s.code as supplier_code, s.name as supplier_name, coalesce(po.id, so.id) as order_id,
            coalesce(po.order_number, so.order_number) as order_number, coalesce(po.status, so.status) as order_status,
            w.code as warehouse_code, so.id is not null as subcontract
       from supplier_invoice si join supplier s on s.id = si.supplier_id
       left join purchase_order po on po.id = si.purchase_order_id
       left join subcontract_order so on so.id = si.subcontract_order_id
       join warehouse w on w.id = coalesce(po.warehouse_id, so.warehouse_id)
      where si.id = ? for update of si`,
    [invoiceId],
  );
  if (!row) return reject('POSTING_REJECTED', `Supplier invoice ${invoiceId} does not exist`);
  return {
    id: num(row.id),
    kind: row.subcontract === true ? 'subcontract' : 'purchase',
    invoiceNumber: String(row.invoice_number),
    status: String(row.status),
    invoiceDate: String(row.invoice_date),
    dueDate: String(row.due_date),
    netTotal: num(row.net_total),
    taxTotal: num(row.tax_total),
    grossTotal: num(row.gross_total),
    supplierCode: String(row.supplier_code),
    supplierName: String(row.supplier_name),
    orderId: num(row.order_id),
    orderNumber: String(row.order_number),
    orderStatus: String(row.order_status),
    warehouseCode: String(row.warehouse_code),
  };
}

export async function invoiceLines(em: EntityManager, invoiceId: number): Promise<InvoiceLineRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select il.id, il.line_no, ol.line_no as order_line_no, il.quantity, il.unit_price_net, il.net_amount, il.tax_rate,
            il.tax_amount, ol.quantity as ordered_quantity, ol.unit_cost as order_unit_price,
            ol.received_quantity, i.id as item_id, i.sku, i.name, i.uom, i.category, i.abc_class, i.supply_type,
            i.lot_tracked, i.shelf_life_days, i.valuation_method
       from supplier_invoice_line il join purchase_order_line ol on ol.id = il.order_line_id
       join item i on i.id = ol.item_id
      where il.invoice_id = ? order by il.line_no`,
    [invoiceId],
  );
  return rows.map((r) => ({
    id: num(r.id),
    lineNo: num(r.line_no),
    orderLineNo: num(r.order_line_no),
    quantity: num(r.quantity),
    unitPriceNet: num(r.unit_price_net),
    netAmount: num(r.net_amount),
    taxRate: num(r.tax_rate),
    taxAmount: num(r.tax_amount),
    orderedQuantity: num(r.ordered_quantity),
    orderUnitPrice: num(r.order_unit_price),
    receivedQuantity: num(r.received_quantity),
    itemId: num(r.item_id),
    itemSku: String(r.sku),
    itemName: String(r.name),
    uom: String(r.uom),
    category: String(r.category),
    abcClass: r.abc_class === null ? null : String(r.abc_class),
    sourcing: String(r.supply_type),
    lotTracked: Boolean(r.lot_tracked),
    shelfLifeDays: r.shelf_life_days === null ? null : num(r.shelf_life_days),
    valuationMethod: r.valuation_method === 'moving-average' ? 'moving-average' : 'fifo',
  }));
}

/** Every receipt of the order, oldest first, with what posted invoices have already cleared of each. */
export async function orderReceipts(em: EntityManager, orderNumber: string): Promise<ReceiptRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select m.id, m.line_no, i.sku, m.effective_at, m.quantity, cl.id as layer_id, cl.value_in,
            cl.quantity_remaining, cl.warehouse_id,
            coalesce(done.quantity, 0) as invoiced_quantity, coalesce(done.cleared, 0) as cleared
       from stock_move m join item i on i.id = m.item_id
       left join cost_layer cl on cl.source_move_id = m.id
       left join lateral (
         select sum(sm.quantity) as quantity, sum(round(sm.quantity * sm.receipt_unit_cost, 2)) as cleared
           from supplier_invoice_match sm join supplier_invoice_line il on il.id = sm.invoice_line_id
           join supplier_invoice si on si.id = il.invoice_id
          where sm.receipt_move_id = m.id and si.status = 'posted') done on true
      where m.move_type = 'receipt' and m.document_type = 'purchase-order' and m.document_ref = ?
      order by m.effective_at, m.id`,
    [orderNumber],
  );
  return rows.map((r) => {
    const quantity = num(r.quantity);
    const valueCents = Math.round(num(r.value_in) * 100);
    return {
      moveId: num(r.id),
      orderLineNo: num(r.line_no),
      itemSku: String(r.sku),
      receivedAt: new Date(r.effective_at as string).toISOString(),
      quantity,
      valueCents,
      unitCost: quantity > 0 ? valueCents / 100 / quantity : 0,
      invoicedQuantity: num(r.invoiced_quantity),
      clearedCents: Math.round(num(r.cleared) * 100),
      layerId: r.layer_id === null ? null : num(r.layer_id),
      layerRemaining: num(r.quantity_remaining),
      warehouseId: r.warehouse_id === null ? null : num(r.warehouse_id),
    };
  });
}

/** A slice of one receipt that an invoice line clears: the quantity and the GRNI it clears (cents). */
export interface ReceiptSlice {
  receipt: ReceiptRow;
  quantity: number;
  clearedCents: number;
}

const EPSILON = 1e-9;

/**
 * Takes `quantity` from the line's receipts not yet invoiced, oldest first. Each slice clears its share of the
 * receipt's booked value; the slice that finishes a receipt clears exactly what is left of it, so a receipt invoiced
 * in full leaves GRNI at exactly zero. Returns the slices and the quantity that found no receipt.
 */
export function takeReceipts(
  receipts: ReceiptRow[],
  orderLineNo: number,
  quantity: number,
): { slices: ReceiptSlice[]; missing: number } {
  const slices: ReceiptSlice[] = [];
  let left = quantity;
  for (const receipt of receipts) {
    if (left <= EPSILON) break;
    if (receipt.orderLineNo !== orderLineNo) continue;
    const open = receipt.quantity - receipt.invoicedQuantity;
    if (open <= EPSILON) continue;
    const take = Math.min(open, left);
    const finishes = take >= open - EPSILON;
    const clearedCents = finishes
      ? receipt.valueCents - receipt.clearedCents
      : Math.round((receipt.valueCents * take) / receipt.quantity);
    slices.push({ receipt, quantity: take, clearedCents });
    left -= take;
  }
  return { slices, missing: Math.max(0, left) };
}
