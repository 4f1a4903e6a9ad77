import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS, postJournal } from '../../db/accounting/journal';
import { BooksError } from '../../db/errors';
import { postMove } from '../../db/inventory/post-move';
import { recordSubcontractChange } from '../../db/planning/planning-changes';
import { appendAudit } from '../../db/repositories/audit-repository';
import { StockMove, type InspectionLot, type SubcontractOrder } from '../../db/entities';
import { num, query } from '../../db/sql';
import { refuse as refuseInspection } from '../quality/quality-errors';
import { SUBCONTRACT_FEES_ACCRUED } from './component-postings';
import { balancesAtSupplier, ensureSupplierSite, supplierSiteCode } from './supplier-site';
import { deliveredOf, findOrder, refuse, round3, SUBCONTRACT_DOCUMENT } from './subcontract-order-read';

const cents = (value: number) => Math.round(value * 100);

/** Statuses in which a rejection reopens the order's open quantity (a closed order keeps its status). */
const REOPENS = new Set(['partly-received', 'received']);

/** What a rejection at the gate posted, in the shape a disposition reports a return. */
export interface DeliveryRejected {
  returnNumber: string;
  /** Null: nothing for a purchase receipt to reopen (the subcontract order's own process waits for its lots). */
  orderNumber: null;
  reopened: Array<{ lineNo: number; quantity: number }>;
}

/**
 * Sends `quantity` of a subcontract delivery rejected at the quality gate back to the subcontractor (POSTINGS.md
 * "subcontract delivery rejected at the quality gate"), in the caller's transaction: the goods leave quarantine at
 * their layer's cost (components + fee) and come into the supplier's site, status at-supplier, still ours at the
 * components' cost; the fee accrued for them is reversed. One entry: Dr 1300 (at the supplier), Dr 2300 (the fee),
 * Cr 1300 (the finished goods). The delivery records the rejected quantity, so the order's delivered quantity falls
 * and its open quantity rises by it (a received order is partly received again and waits for the re-delivery). Keyed
 * by the lot: a repeated call finds the lot's moves and changes nothing (the quantity is not counted twice).
 */
export async function rejectSubcontractDelivery(
  em: EntityManager,
  lot: InspectionLot,
  quantity: number,
  context: { reason: string; userName: string; returnNumber: string },
): Promise<DeliveryRejected> {
  const order = await findOrder(em, lot.sourceDocument, true);
  const delivery = order.deliveries.getItems().find((candidate) => candidate.deliveryNo === lot.deliveryNo);
  const receiptMove = await em.findOne(StockMove, { idempotencyKey: lot.sourceKey });
  if (!delivery || !receiptMove) {
    return refuseInspection(
      'INSPECTION_INPUT_INVALID',
      `Lot ${lot.lotNo} has no delivery of subcontract order ${order.orderNumber} to send back`,
      'parts',
    );
  }
  const left = round3(num(delivery.finishedQuantity) - num(delivery.rejectedQuantity));
  if (quantity > left) {
    return refuseInspection(
      'INSPECTION_INPUT_INVALID',
      `Only ${left} of delivery ${delivery.deliveryNo} of ${order.orderNumber} can still be sent back, not ${quantity}`,
      'parts',
    );
  }
  const key = `${lot.workflowId}:return`;
  const done: DeliveryRejected = { returnNumber: context.returnNumber, orderNumber: null, reopened: [] };
  // Sent back already (a repeated call for the same lot): its moves, entry and the delivery's count stand as they are.
  if (await em.findOne(StockMove, { idempotencyKey: `${key}:out` })) return done;
  const lotRef = lot.stockLotCode ? { code: lot.stockLotCode } : null;
  const document = { documentType: SUBCONTRACT_DOCUMENT, documentRef: order.orderNumber, userName: context.userName };
  const out = await postMove(em, {
    ...document,
    moveType: 'issue',
    itemSku: order.item.sku,
    lot: lotRef,
    fromLocation: lot.locationCode,
    fromStatus: 'quarantine',
    quantity,
    // At the cost they came in at (components + fee), from the delivery's own layer, not the item's oldest stock.
    fromLayerOfMove: receiptMove.id,
    idempotencyKey: `${key}:out`,
    offsetAccount: SUBCONTRACT_FEES_ACCRUED,
    journal: false,
  });
  // The fee accrued for these units, never more than the delivery accrued and earlier rejections did not reverse.
  const feePerUnit = num(order.feePerUnit);
  const reversedBefore = cents(num(delivery.feeReversed));
  const feeCents = Math.min(cents(quantity * feePerUnit), cents(num(delivery.feeAccrued)) - reversedBefore);
  const outCents = cents(out.value);
  const site = await ensureSupplierSite(em, order.supplier);
  const back = await postMove(em, {
    ...document,
    moveType: 'receipt',
    itemSku: order.item.sku,
    lot: lotRef,
    toLocation: site,
    toStatus: 'at-supplier',
    quantity,
    unitCost: Math.max(0, outCents - feeCents) / 100 / quantity,
    idempotencyKey: `${key}:in`,
    offsetAccount: SUBCONTRACT_FEES_ACCRUED,
    journal: false,
  });
  const backCents = cents(back.value);
  // The layer's cost rounds to the cent per move: a cent the unit cost cannot carry goes to adjustments (5100).
  const rounding = outCents - backCents - feeCents;
  await postJournal(em, {
    entryDate: new Date(),
    sourceType: SUBCONTRACT_DOCUMENT,
    sourceRef: order.orderNumber,
    description: `Subcontract delivery ${delivery.deliveryNo}: ${quantity} ${order.item.sku} rejected (lot ${lot.lotNo}), back at the supplier, fee reversed`,
    lines: [
      { account: ACCOUNTS.inventory, debitCents: backCents },
      { account: SUBCONTRACT_FEES_ACCRUED, debitCents: feeCents },
      { account: ACCOUNTS.adjustments, debitCents: Math.max(0, rounding) },
      { account: ACCOUNTS.adjustments, creditCents: Math.max(0, -rounding) },
      { account: ACCOUNTS.inventory, creditCents: outCents },
    ],
    idempotencyKey: `${key}:entry`,
    createdBy: context.userName,
  });
  delivery.rejectedQuantity = round3(num(delivery.rejectedQuantity) + quantity);
  delivery.feeReversed = (reversedBefore + feeCents) / 100;
  if (REOPENS.has(order.status)) {
    order.status = deliveredOf(order) >= num(order.quantity) ? 'received' : 'partly-received';
  }
  order.updatedAt = new Date();
  await em.flush();
  // The rejected quantity is to come again (a re-delivery): the finished goods' supply rose.
  await recordSubcontractChange(em, {
    orderNumber: order.orderNumber,
    workflowId: order.workflowId,
    reason: `delivery ${delivery.deliveryNo} of ${order.orderNumber} rejected at the quality gate: ${quantity} to be re-delivered`,
    requestedBy: context.userName,
    itemIds: [order.item.id],
  });
  await appendAudit(em, {
    actor: context.userName,
    action: 'subcontract-order.delivery-rejected',
    entityType: 'subcontract_order',
    entityId: order.orderNumber,
    workflowId: lot.workflowId,
    details: {
      lotNo: lot.lotNo,
      deliveryNo: delivery.deliveryNo,
      quantity,
      reason: context.reason,
      site,
      value: outCents / 100,
      atSupplierValue: backCents / 100,
      feeReversed: feeCents / 100,
      delivered: deliveredOf(order),
    },
  });
  return done;
}

/**
 * The move that brought the order's rejected goods of this lot back to the supplier's site (the rejection's receipt,
 * `<inspection lot>:return:in`) and whose layer still holds some: what a re-delivery of that lot takes first.
 */
async function rejectedLayerMove(
  em: EntityManager,
  order: SubcontractOrder,
  site: string,
  lotCode: string | null,
): Promise<number | undefined> {
  const [row] = await query<{ id: number }>(
    em,
    `select m.id from stock_move m join location l on l.id = m.to_location_id left join lot on lot.id = m.lot_id
       join cost_layer cl on cl.source_move_id = m.id
      where m.move_type = 'receipt' and m.document_type = ? and m.document_ref = ? and m.item_id = ? and l.code = ?
        and lot.code is not distinct from ? and cl.quantity_remaining > 0
      order by m.id limit 1`,
    [SUBCONTRACT_DOCUMENT, order.orderNumber, order.item.id, site, lotCode],
  );
  return row ? num(row.id) : undefined;
}

/**
 * Takes `quantity` of the order's finished goods that the quality gate sent back out of the supplier's site (oldest
 * balance first) as the supplier re-delivers them: issued at their cost (components', the fee having been reversed),
 * from the layer their rejection put there (not the item's oldest stock), without an entry of their own; the
 * delivery's entry books the value as consumed into the goods received. Returns the value in currency units.
 */
export async function takeRejectedBack(
  em: EntityManager,
  order: SubcontractOrder,
  flow: { key: string; quantity: number; userName: string },
): Promise<number> {
  const site = supplierSiteCode(order.supplier.code);
  const balances = await balancesAtSupplier(em, site, order.item.id);
  const there = round3(balances.reduce((sum, balance) => sum + balance.quantity, 0));
  if (there < flow.quantity) {
    refuse('RECEIPT_REFUSED', `${order.item.sku}: ${flow.quantity} re-delivered but only ${there} is at ${site}`);
  }
  let left = flow.quantity;
  let value = 0;
  for (const [index, balance] of balances.entries()) {
    if (left <= 0) break;
    const quantity = round3(Math.min(left, balance.quantity));
    const posted = await postMove(em, {
      moveType: 'issue',
      itemSku: order.item.sku,
      lot: balance.lotCode === null ? null : { code: balance.lotCode },
      fromLocation: site,
      fromStatus: 'at-supplier',
      quantity,
      fromLayerOfMove: await rejectedLayerMove(em, order, site, balance.lotCode),
      documentType: SUBCONTRACT_DOCUMENT,
      documentRef: order.orderNumber,
      userName: flow.userName,
      idempotencyKey: `${flow.key}:redelivered:${index}`,
      offsetAccount: SUBCONTRACT_FEES_ACCRUED,
      journal: false,
    }).catch((error: unknown) => {
      if (error instanceof BooksError) refuse('RECEIPT_REFUSED', `${order.item.sku}: ${error.message}`, 'quantity');
      throw error;
    });
    value += posted.value;
    left = round3(left - quantity);
  }
  return Math.round(value * 100) / 100;
}
