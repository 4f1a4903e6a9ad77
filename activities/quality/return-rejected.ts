import type { EntityManager } from '@mikro-orm/postgresql';
import {
  PurchaseOrder,
  PurchaseOrderLine,
  StockMove,
  SupplierReturn,
  SupplierReturnLine,
  type InspectionLot,
} from '../../db/entities';
import { rejectSubcontractDelivery } from '../subcontracting/reject-delivery';
import { postSupplierReturn } from '../supplier-returns/post-supplier-return';
import { refuse } from './quality-errors';

/** The return document's number: one per lot (a lot is disposed once). */
export const returnNumberOf = (lotNo: string) => `RT-${lotNo}`;

/**
 * Sends a rejected quantity of a purchased lot back to its supplier the way a supplier return does (the same posting:
 * out of quarantine at the receipt layer's cost, GRNI or payables debited), as a return document of its own with
 * `replace`, so the purchase order's line shows the quantity open again. A subcontract delivery's lot goes back to the
 * subcontractor's own site instead (at-supplier, at the components' cost) with its fee accrual reversed, and the
 * subcontract order's open quantity rises by it (activities/subcontracting/reject-delivery.ts); no purchase receipt
 * is reopened for it (`orderNumber` null). In the caller's transaction.
 */
export async function returnRejected(
  em: EntityManager,
  lot: InspectionLot,
  quantity: number,
  context: { reason: string; userName: string },
) {
  if (lot.source === 'subcontract') {
    return rejectSubcontractDelivery(em, lot, quantity, { ...context, returnNumber: returnNumberOf(lot.lotNo) });
  }
  const order = await em.findOne(PurchaseOrder, { orderNumber: lot.sourceDocument });
  const orderLine = order ? await em.findOne(PurchaseOrderLine, { order, lineNo: lot.sourceLineNo }) : null;
  // The lot's source key is the receipt move's idempotency key: the goods go back against that very receipt.
  const receiptMove = await em.findOne(StockMove, { idempotencyKey: lot.sourceKey });
  if (lot.source !== 'purchase' || !order || !orderLine || !receiptMove) {
    return refuse('INSPECTION_INPUT_INVALID', `Lot ${lot.lotNo} has no purchase receipt to return against`, 'parts');
  }
  const returnNumber = returnNumberOf(lot.lotNo);
  const document = new SupplierReturn();
  Object.assign(document, {
    returnNumber,
    purchaseOrder: order,
    replace: true,
    workflowId: `${lot.workflowId}:return`,
    createdBy: context.userName,
  });
  const line = new SupplierReturnLine();
  Object.assign(line, {
    supplierReturn: document,
    lineNo: 1,
    orderLine,
    receiptMove,
    lotCode: lot.stockLotCode,
    quantity,
    reason: context.reason.slice(0, 200),
  });
  em.persist([document, line]);
  await em.flush();
  const posted = await postSupplierReturn(em, {
    workflowId: document.workflowId,
    returnNumber,
    picks: [{ lineNo: 1, fromLocation: lot.locationCode, quantity, status: 'quarantine' }],
    userName: context.userName,
  });
  return { returnNumber, orderNumber: posted.orderNumber, reopened: posted.reopened };
}
