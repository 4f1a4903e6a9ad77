import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/activity';
import { BooksError } from '../../db/errors';
import { postMove } from '../../db/inventory/post-move';
import { recordSubcontractChange } from '../../db/planning/planning-changes';
import { appendAudit } from '../../db/repositories/audit-repository';
import { SubcontractDelivery, type SubcontractOrder, type SubcontractOrderComponent } from '../../db/entities';
import { num } from '../../db/sql';
import { consumptionForDelivery, type ComponentConsumption } from '../../rules/subcontracting';
import type {
  DeliveryPosted,
  LineQuantity,
  ReceiveDeliveryInput,
} from '../../workflows/subcontract-order/subcontract-order.contract';
import { inspectionPlanInEffect } from '../quality/plan-in-effect';
import { postSiteOutflow, SUBCONTRACT_FEES_ACCRUED } from './component-postings';
import { bookDeliveryEntry, type DeliveryValues } from './delivery-entry';
import { takeRejectedBack } from './reject-delivery';
import { homeLocation } from './supplier-site';
import {
  deliveredOf,
  findOrder,
  refuse,
  rejectedAtSupplierOf,
  round3,
  round6,
  SUBCONTRACT_DOCUMENT,
} from './subcontract-order-read';

/** Statuses in which the supplier's deliveries are received. */
const RECEIVING = new Set(['at-supplier', 'partly-received']);

const cents = (value: number) => Math.round(value * 100);
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** Components the supplier consumes out of what we sent: ours and a customer's (the supplier's own it buys itself). */
const CONSUMED_AT_SUPPLIER = new Set(['ours', 'customer']);

/** The reported quantities per line; a line named twice or a bad number refuses the receipt naming the field. */
function byLine(list: LineQuantity[] | undefined, field: string): Map<number, number> {
  const map = new Map<number, number>();
  for (const [index, entry] of (list ?? []).entries()) {
    const quantity = entry?.quantity;
    if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0) {
      refuse(
        'RECEIPT_REFUSED',
        `${field}[${index}].quantity must be a number, zero or more`,
        `${field}[${index}].quantity`,
      );
    }
    if (map.has(entry.lineNo))
      refuse('RECEIPT_REFUSED', `Line ${entry.lineNo} is given twice`, `${field}[${index}].lineNo`);
    map.set(entry.lineNo, quantity);
  }
  return map;
}

/** Where a refusal about component line `lineNo` points: the line's position in the order (the form's rows). */
const componentField = (lines: SubcontractOrderComponent[], sku: string | null) =>
  `components[${Math.max(
    0,
    lines.findIndex((line) => line.item.sku === sku),
  )}]`;

/** What one delivery comes to before anything is written: the supplier's reports, the consumption and its split. */
interface DeliveryPlan {
  quantity: number;
  scrapped: Map<number, number>;
  returned: Map<number, number>;
  reported: Map<number, number>;
  lines: SubcontractOrderComponent[];
  completesOrder: boolean;
  redelivered: number;
  fresh: number;
  components: ComponentConsumption[];
}

/**
 * Works out a delivery of `order` (read, never written): the order must be receiving, the quantity positive, the
 * supplier's reports well-formed, and the consumption by the pinned policy within the over-delivery tolerance and what
 * is at the supplier; a refusal (RECEIPT_REFUSED) names the field (`quantity`, `components[i]`, `scrapped[i]...`).
 */
export function planDelivery(
  order: SubcontractOrder,
  input: Pick<ReceiveDeliveryInput, 'payload' | 'consumption'>,
): DeliveryPlan {
  if (!RECEIVING.has(order.status)) {
    refuse(
      'RECEIPT_REFUSED',
      `Subcontract order ${order.orderNumber} is ${order.status}: no delivery is expected`,
      'status',
    );
  }
  const { payload } = input;
  const quantity = payload.quantity;
  if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0) {
    refuse('RECEIPT_REFUSED', 'quantity must be positive', 'quantity');
  }
  const scrapped = byLine(payload.scrapped, 'scrapped');
  const returned = byLine(payload.returned, 'returned');
  const reported = byLine(payload.consumed, 'consumed');
  // Ours and a customer's material we sent are consumed alike, each from its owner's balance at the supplier; a
  // customer's is never valued (0), so the goods' cost and the delivery's entry hold our components and the fee only.
  const lines = order.components.getItems().filter((line) => CONSUMED_AT_SUPPLIER.has(line.provision));
  const deliveredBefore = deliveredOf(order);
  const completesOrder = round3(deliveredBefore + quantity) >= num(order.quantity);
  // Goods the quality gate sent back to the supplier come back first: taken from its site, no components consumed.
  const redelivered = round3(Math.min(quantity, rejectedAtSupplierOf(order)));
  const fresh = round3(quantity - redelivered);
  // Wholly re-delivered goods consume nothing (and cannot over-deliver: they only make up what was sent back).
  const result: ReturnType<typeof consumptionForDelivery> =
    fresh <= 0
      ? { ok: true, components: [] }
      : consumptionForDelivery({
          method: input.consumption.method,
          overDeliveryPercent: input.consumption.overDeliveryPercent,
          orderQuantity: num(order.quantity),
          deliveredBefore: round3(deliveredBefore + redelivered),
          delivered: fresh,
          completesOrder,
          components: lines.map((line) => ({
            sku: line.item.sku,
            quantityPer: num(line.quantityPer),
            scrapPercent: num(line.scrapPercent),
            sent: num(line.sentQuantity),
            consumed: num(line.consumedQuantity),
            scrapped: round6(num(line.scrappedQuantity) + (scrapped.get(line.lineNo) ?? 0)),
            returned: round6(num(line.returnedQuantity) + (returned.get(line.lineNo) ?? 0)),
          })),
        });
  if (!result.ok) {
    const [first] = result.refusals;
    const field = first?.field === 'components' ? componentField(lines, first.sku) : (first?.field ?? 'quantity');
    refuse('RECEIPT_REFUSED', first?.message ?? 'the delivery cannot be consumed', field);
  }
  return {
    quantity,
    scrapped,
    returned,
    reported,
    lines,
    completesOrder,
    redelivered,
    fresh,
    components: result.components,
  };
}

/**
 * The supplier-receipt task's check against the books before its completion is accepted (read-only): the refusal
 * receiveSubcontractDelivery would give, as the completion payload's field (`payload.quantity`,
 * `payload.components[i]`, ...) and its message, or null when the delivery can be posted.
 */
export async function checkSubcontractDelivery(
  em: EntityManager,
  input: Pick<ReceiveDeliveryInput, 'orderNumber' | 'payload' | 'consumption'>,
): Promise<{ field: string | null; message: string } | null> {
  const order = await findOrder(em, input.orderNumber);
  try {
    planDelivery(order, input);
    return null;
  } catch (error) {
    if (!(error instanceof ApplicationFailure) || error.type !== 'RECEIPT_REFUSED') throw error;
    const field = (error.details?.[0] as { field?: unknown } | undefined)?.field;
    return {
      field: typeof field === 'string' && field !== 'status' ? `payload.${field}` : null,
      message: error.message,
    };
  }
}

/**
 * Receives one supplier delivery in the caller's transaction (keyed by its task: runOnce makes a retry or a restarted
 * worker find the first result): consumption of the components we sent (ours, and a customer's from that customer's
 * balance, never valued) by the pinned policy (consumptionForDelivery), the
 * consumed issued from the supplier's site at FIFO cost, the reported scrap posted as scrap, returns moved home as
 * available stock, the finished goods received into the order's warehouse at components' cost + fee, all of it booked
 * as one journal entry (delivery-entry.ts: Dr 1300 goods, Cr 1300 components, Cr 2300 fee, scrap 5200), the delivery row, the components' totals and the order's status. Refusals, with
 * nothing written: over-delivery beyond the tolerance (`quantity`), a component consuming, scrapping or returning more
 * than is at the supplier (`components[i]`, naming it).
 */
export async function receiveSubcontractDelivery(
  em: EntityManager,
  input: ReceiveDeliveryInput,
): Promise<DeliveryPosted> {
  const order = await findOrder(em, input.orderNumber, true);
  const { payload } = input;
  const { quantity, scrapped, returned, reported, lines, completesOrder, redelivered, fresh, ...plan } = planDelivery(
    order,
    input,
  );
  const result = { components: plan.components };
  const deliveryNo = order.deliveries.length + 1;
  const key = `subcontract:${order.orderNumber}:d${deliveryNo}`;
  const consumed: DeliveryPosted['consumed'] = [];
  let componentsCents = 0;
  const booked: DeliveryValues['components'] = [];
  for (const [index, line] of lines.entries()) {
    // Consumed and scrapped values are booked by the delivery's one entry, not by each move.
    const flow = { key, userName: input.userName, field: `components[${index}]`, journal: false as const };
    const consumption = result.components[index];
    const take = round3(consumption?.quantity ?? 0);
    const value = await postSiteOutflow(em, order, line, { ...flow, kind: 'consumed', quantity: take });
    const scrap = scrapped.get(line.lineNo) ?? 0;
    const scrapValue = await postSiteOutflow(em, order, line, { ...flow, kind: 'scrapped', quantity: scrap });
    await postSiteOutflow(em, order, line, { ...flow, kind: 'returned', quantity: returned.get(line.lineNo) ?? 0 });
    componentsCents += cents(value);
    booked.push({ sku: line.item.sku, consumedCents: cents(value), scrappedCents: cents(scrapValue) });
    consumed.push({
      lineNo: line.lineNo,
      sku: line.item.sku,
      quantity: take,
      value,
      reason: consumption?.reason ?? (fresh > 0 ? '' : 'the delivery is rejected goods re-delivered: nothing consumed'),
    });
    line.consumedQuantity = round3(num(line.consumedQuantity) + take);
    line.scrappedQuantity = round3(num(line.scrappedQuantity) + (scrapped.get(line.lineNo) ?? 0));
    line.returnedQuantity = round3(num(line.returnedQuantity) + (returned.get(line.lineNo) ?? 0));
  }
  if (redelivered > 0) {
    // Valued at what they were sent back at (components' cost, the fee reversed): booked as consumed into the goods.
    const value = await takeRejectedBack(em, order, { key, quantity: redelivered, userName: input.userName });
    componentsCents += cents(value);
    booked.push({ sku: order.item.sku, consumedCents: cents(value), scrappedCents: 0 });
  }
  const feeCents = cents(quantity * num(order.feePerUnit));
  const home = await homeLocation(em, order.warehouse.id);
  if (home === null) refuse('RECEIPT_REFUSED', `Warehouse ${order.warehouse.code} has no storage location`, 'quantity');
  const lotCode = typeof payload.lotCode === 'string' && payload.lotCode.trim() !== '' ? payload.lotCode.trim() : null;
  const receivedAt = new Date();
  // The quality gate decides as a purchase receipt does: an item with an inspection plan in effect lands in quarantine.
  const gated = input.qualityGate === true && (await inspectionPlanInEffect(em, order.item.sku, isoDay(receivedAt)));
  const stockStatus = gated ? ('quarantine' as const) : ('available' as const);
  const finished = await postMove(em, {
    moveType: 'receipt',
    itemSku: order.item.sku,
    lot: lotCode === null ? null : { code: lotCode },
    toLocation: home,
    toStatus: stockStatus,
    quantity,
    unitCost: (componentsCents + feeCents) / 100 / quantity,
    documentType: SUBCONTRACT_DOCUMENT,
    documentRef: order.orderNumber,
    userName: input.userName,
    idempotencyKey: `${key}:finished`,
    offsetAccount: SUBCONTRACT_FEES_ACCRUED,
    journal: false,
  }).catch((error: unknown) => {
    if (error instanceof BooksError) {
      refuse(
        'RECEIPT_REFUSED',
        error.message,
        error.field === 'lot' || error.field === 'lotCode' ? 'lotCode' : 'quantity',
      );
    }
    throw error;
  });
  await bookDeliveryEntry(em, {
    orderNumber: order.orderNumber,
    deliveryNo,
    key,
    userName: input.userName,
    finishedSku: order.item.sku,
    finishedQuantity: quantity,
    finishedCents: cents(finished.value),
    feeCents,
    components: booked,
  });
  const reports = (map: Map<number, number>) =>
    lines
      .filter((line) => map.has(line.lineNo))
      .map((line) => ({ lineNo: line.lineNo, itemSku: line.item.sku, quantity: map.get(line.lineNo) ?? 0 }));
  order.deliveries.add(
    Object.assign(new SubcontractDelivery(), {
      order,
      deliveryNo,
      finishedQuantity: quantity,
      lotCode,
      receivedAt,
      redeliveredQuantity: redelivered,
      reportedConsumed: reports(reported),
      reportedScrapped: reports(scrapped),
      reportedReturned: reports(returned),
      feeAccrued: feeCents / 100,
      idempotencyKey: input.taskId,
    }),
  );
  order.status = completesOrder ? 'received' : 'partly-received';
  order.updatedAt = new Date();
  await em.flush();
  const posted: DeliveryPosted = {
    deliveryNo,
    finishedQuantity: quantity,
    lotCode,
    consumed,
    componentsValue: componentsCents / 100,
    feeAccrued: feeCents / 100,
    finishedValue: (componentsCents + feeCents) / 100,
    decisionId: input.consumption.decisionId,
    orderStatus: order.status,
    stockStatus,
    location: home,
    receiptKey: `${key}:finished`,
    receivedAt: receivedAt.toISOString(),
    redelivered,
  };
  // The finished goods still to come fell; the first delivery also ends the components' demand still to send, and
  // components returned with it are our stock again.
  await recordSubcontractChange(em, {
    orderNumber: order.orderNumber,
    workflowId: input.workflowId,
    reason: `delivery ${deliveryNo} received on ${order.orderNumber}`,
    requestedBy: input.userName,
  });
  await appendAudit(em, {
    actor: input.userName,
    action: 'subcontract-order.delivery-received',
    entityType: 'subcontract_order',
    entityId: order.orderNumber,
    workflowId: input.workflowId,
    details: { ...posted, consumption: input.consumption },
  });
  return posted;
}
