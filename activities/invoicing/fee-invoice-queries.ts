import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import type { ReceivedGoods } from './cost-follows-goods';
import type { InvoiceLineRow } from './invoice-queries';

/*
 * Reads for a subcontract fee invoice (issue 15, item 3): each line names one delivery of the order; the fee accrued
 * on that delivery (2300) plays the part a receipt's price plays for goods, and the delivery's finished-goods receipt
 * move is what a difference follows. The receipt move is found by the key the delivery's posting gave it
 * (`subcontract:<order>:d<no>:finished`, activities/subcontracting/receive-delivery.ts), read-only here.
 */

/** A fee-invoice line with its delivery, what posted fee invoices already settled of it, and the finished item. */
export interface FeeLineRow extends InvoiceLineRow {
  deliveryId: number;
  deliveryNo: number;
  deliveryStatus: string;
  /** The delivery's finished units it kept: what the quality gate sent back is billed when re-delivered. */
  finishedQuantity: number;
  /** The fee the delivery accrued, less what the gate's rejections reversed: what 2300 still holds for it. */
  feeAccruedCents: number;
  /** Quantity and accrued cents already cleared by posted fee invoices. */
  settledQuantity: number;
  settledCents: number;
  receivedAt: string;
  goods: (ReceivedGoods & { moveId: number }) | null;
}

/** The receipt move key receive-delivery.ts gives a delivery's finished goods. */
export const finishedReceiptKey = (orderNumber: string, deliveryNo: number) =>
  `subcontract:${orderNumber}:d${deliveryNo}:finished`;

/** The fee invoice's lines, each with its delivery, the accrual already settled and the finished goods' receipt. */
export async function feeLines(em: EntityManager, invoiceId: number, orderNumber: string): Promise<FeeLineRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select il.id, il.line_no, il.quantity, il.unit_price_net, il.net_amount, il.tax_rate, il.tax_amount,
            d.id as delivery_id, d.delivery_no, d.status as delivery_status, d.finished_quantity, d.fee_accrued,
            d.rejected_quantity, d.fee_reversed,
            d.received_at, so.quantity as ordered_quantity, so.fee_per_unit,
            coalesce(done.quantity, 0) as settled_quantity, coalesce(done.cleared, 0) as settled,
            i.id as item_id, i.sku, i.name, i.uom, i.category, i.abc_class, i.supply_type, i.lot_tracked,
            i.shelf_life_days, i.valuation_method,
            m.id as move_id, cl.id as layer_id, cl.quantity_remaining, cl.warehouse_id
       from supplier_invoice_line il join subcontract_delivery d on d.id = il.subcontract_delivery_id
       join subcontract_order so on so.id = d.order_id join item i on i.id = so.item_id
       left join stock_move m on m.idempotency_key = 'subcontract:' || so.order_number || ':d' || d.delivery_no || ':finished'
       left join cost_layer cl on cl.source_move_id = m.id
       left join lateral (
         select sum(fs.quantity) as quantity, sum(fs.accrued_cleared) as cleared
           from subcontract_fee_settlement fs join supplier_invoice_line sl on sl.id = fs.invoice_line_id
           join supplier_invoice si on si.id = sl.invoice_id
          where fs.delivery_id = d.id and si.status = 'posted') done on true
      where il.invoice_id = ? and so.order_number = ? order by il.line_no`,
    [invoiceId, orderNumber],
  );
  return rows.map((r) => {
    const receivedQuantity = num(r.finished_quantity);
    const finishedQuantity = receivedQuantity - num(r.rejected_quantity);
    const valuationMethod = r.valuation_method === 'moving-average' ? 'moving-average' : 'fifo';
    return {
      id: num(r.id),
      lineNo: num(r.line_no),
      orderLineNo: num(r.delivery_no),
      quantity: num(r.quantity),
      unitPriceNet: num(r.unit_price_net),
      netAmount: num(r.net_amount),
      taxRate: num(r.tax_rate),
      taxAmount: num(r.tax_amount),
      orderedQuantity: num(r.ordered_quantity),
      orderUnitPrice: num(r.fee_per_unit),
      receivedQuantity: finishedQuantity,
      itemId: num(r.item_id),
      itemSku: String(r.sku),
      itemName: String(r.name),
      uom: String(r.uom),
      category: String(r.category),
      abcClass: r.abc_class === null ? null : String(r.abc_class),
      sourcing: String(r.supply_type),
      lotTracked: Boolean(r.lot_tracked),
      shelfLifeDays: r.shelf_life_days === null ? null : num(r.shelf_life_days),
      valuationMethod,
      deliveryId: num(r.delivery_id),
      deliveryNo: num(r.delivery_no),
      deliveryStatus: String(r.delivery_status),
      finishedQuantity,
      feeAccruedCents: Math.round(num(r.fee_accrued) * 100) - Math.round(num(r.fee_reversed) * 100),
      settledQuantity: num(r.settled_quantity),
      settledCents: Math.round(num(r.settled) * 100),
      receivedAt: new Date(r.received_at as string).toISOString(),
      goods:
        r.move_id === null
          ? null
          : {
              moveId: num(r.move_id),
              itemId: num(r.item_id),
              valuationMethod,
              receiptQuantity: receivedQuantity,
              layerId: r.layer_id === null ? null : num(r.layer_id),
              layerRemaining: num(r.quantity_remaining),
              warehouseId: r.warehouse_id === null ? null : num(r.warehouse_id),
            },
    };
  });
}

/** Still to be invoiced on the line's delivery (a rejected delivery's fee was reversed: nothing). */
export function openFeeQuantity(line: FeeLineRow): number {
  if (line.deliveryStatus === 'rejected') return 0;
  return Math.max(0, line.finishedQuantity - line.settledQuantity);
}

/**
 * The accrued fee (cents) a line clears for its quantity: its share of the delivery's accrual, or exactly what is left
 * of it when the line finishes the delivery, so a delivery invoiced in full leaves 2300 at exactly zero for it.
 */
export function accruedToClear(line: FeeLineRow): number {
  const open = openFeeQuantity(line);
  if (open <= 0) return 0;
  if (line.quantity >= open - 1e-9) return line.feeAccruedCents - line.settledCents;
  return Math.round((line.feeAccruedCents * line.quantity) / line.finishedQuantity);
}
