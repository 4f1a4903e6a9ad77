import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReceiptView } from '../../workflows/supplier-invoice/supplier-invoice.contract';
import { accruedToClear, feeLines, openFeeQuantity } from './fee-invoice-queries';
import { invoiceLines, orderReceipts, takeReceipts, type InvoiceHeader, type InvoiceLineRow } from './invoice-queries';

/*
 * What the three-way match judges each invoice line against: for goods, the receipts of its order line not yet
 * invoiced (oldest first); for subcontract fees, its delivery's accrued fee and the delivery quantity not yet invoiced.
 */

/** One invoice line to judge: the price it should have had (receipt price or accrued fee) and what is open. */
export interface MatchSubject {
  line: InvoiceLineRow;
  receiptUnitPrice: number;
  openReceived: number;
}

/** A purchase invoice: each line against its order line's receipts not yet invoiced, oldest first. */
export async function purchaseSubjects(
  em: EntityManager,
  header: InvoiceHeader,
): Promise<{ subjects: MatchSubject[]; receipts: ReceiptView[] }> {
  const lines = await invoiceLines(em, header.id);
  const receipts = await orderReceipts(em, header.orderNumber);
  const subjects = lines.map((line) => {
    const openReceived = receipts
      .filter((r) => r.orderLineNo === line.orderLineNo)
      .reduce((sum, r) => sum + r.quantity - r.invoicedQuantity, 0);
    const { slices } = takeReceipts(receipts, line.orderLineNo, line.quantity);
    const takenQty = slices.reduce((sum, s) => sum + s.quantity, 0);
    const takenCents = slices.reduce((sum, s) => sum + s.clearedCents, 0);
    // Nothing received yet to clear (cannot pass intake, but a return may have come since): the order price.
    const receiptUnitPrice = takenQty > 0 ? takenCents / 100 / takenQty : line.orderUnitPrice;
    return { line, receiptUnitPrice, openReceived };
  });
  const views = receipts.map((r) => ({
    moveId: r.moveId,
    orderLineNo: r.orderLineNo,
    itemSku: r.itemSku,
    receivedAt: r.receivedAt,
    quantity: r.quantity,
    unitCost: round6(r.unitCost),
    invoicedQuantity: r.invoicedQuantity,
  }));
  return { subjects, receipts: views };
}

/**
 * A subcontract fee invoice: each line against its delivery, the fee accrued per unit in the role of the receipt price
 * (the accrual it would clear over its quantity) and the delivery's quantity not yet invoiced as what is open. The
 * "receipts" shown beside it are the deliveries (delivery number in place of the order line).
 */
export async function feeSubjects(
  em: EntityManager,
  header: InvoiceHeader,
): Promise<{ subjects: MatchSubject[]; receipts: ReceiptView[] }> {
  const lines = await feeLines(em, header.id, header.orderNumber);
  const subjects = lines.map((line) => {
    const clears = accruedToClear(line);
    const accruedUnit = line.finishedQuantity > 0 ? line.feeAccruedCents / 100 / line.finishedQuantity : 0;
    const receiptUnitPrice = clears > 0 ? clears / 100 / line.quantity : accruedUnit;
    return { line, receiptUnitPrice, openReceived: openFeeQuantity(line) };
  });
  const seen = new Set<number>();
  const receipts = lines
    .filter((line) => !seen.has(line.deliveryId) && seen.add(line.deliveryId))
    .map((line) => ({
      moveId: line.goods?.moveId ?? 0,
      orderLineNo: line.deliveryNo,
      itemSku: line.itemSku,
      receivedAt: line.receivedAt,
      quantity: line.finishedQuantity,
      unitCost: round6(line.finishedQuantity > 0 ? line.feeAccruedCents / 100 / line.finishedQuantity : 0),
      invoicedQuantity: line.settledQuantity,
    }));
  return { subjects, receipts };
}

export const round6 = (value: number) => Math.round(value * 1_000_000) / 1_000_000;
