import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  ReceiptResult,
  ReceivedLine,
  ReceivedLineInput,
} from '../../workflows/purchase-receipt/purchase-receipt.contract';
import type { RulePin } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import type { EngineCache } from '../../rules/engine';
import type { LotInput } from '../../db/inventory/references';
import { postMove } from '../../db/inventory/post-move';
import { itemIdsOf, recordPlanningChange } from '../../db/planning/planning-changes';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import { reject } from '../errors';
import { inspectionPlanInEffect } from '../quality/plan-in-effect';
import {
  findPurchaseOrder,
  purchaseOrderLines,
  setPurchaseOrderStatus,
  warehouseLocations,
  type PurchaseOrderLineRow,
} from './purchase-order-queries';
import {
  checkWithinTolerance,
  overDeliveryTolerancePercent,
  RECEIVABLE_STATUSES,
  recordDelivery,
} from './purchase-deliveries';
import {
  assessLotOnArrival,
  compileExpiryRules,
  expiryFacts,
  type ExpiryRules,
  type LotAssessment,
} from './receipt-expiry';

export interface ReceivePurchaseOrderInput {
  workflowId: string;
  orderNumber: string;
  lines: ReceivedLineInput[];
  userName: string;
  /** When the goods arrived (ISO date-time): the receipt's effective time. Absent: now. */
  receivedAt?: string;
  /** The expiry rules pinned when the receipt task was created; absent on older instances (the version in force). */
  expiryRules?: RulePin | null;
  /**
   * The delivery this posts (1, 2, ...): the order takes as many as the supplier makes, each line up to its ordered
   * quantity plus the over-delivery tolerance. Absent on older instances: one receipt of at most the open quantity.
   */
  deliveryNo?: number;
  /** Quality gate (issue 16): an item with an inspection plan in effect lands in quarantine. Absent on older instances. */
  qualityGate?: boolean;
}

/** The same clock-skew allowance as the task's validator (receipt-validation.ts): a little "future" is still now. */
const RECEIPT_CLOCK_SKEW_MS = 120_000;

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The lot a line arrives in; expiry defaults to manufacture + the item's shelf life, manufacture to today. */
function lotOf(line: PurchaseOrderLineRow, entry: ReceivedLineInput, today: string): LotInput | null {
  if (!line.lotTracked || !entry.lotCode) return null;
  const manufacturedOn = entry.manufacturedOn || today;
  const shelfLifeExpiry = line.shelfLifeDays === null ? null : addDays(manufacturedOn, line.shelfLifeDays);
  return { code: entry.lotCode, manufacturedOn, expiresOn: entry.expiresOn || shelfLifeExpiry };
}

/**
 * Posts what arrived as receipt moves into the warehouse's dock at the purchase order's unit costs, dated when the
 * goods arrived: each creates a FIFO layer and books Inventory against GRNI at that time (a backdated receipt
 * re-values the later issues it changes, inline or as a queued job). A lot already expired on the receipt date
 * lands blocked; a near-expiry lot is flagged with the expiry rules' action; both decisions are stored. All lines
 * in one transaction (the receipt posts fully or not at all), then the lines' received quantities and the order's
 * status follow (per delivery: the delivery is recorded and the order is `partly-received` until every line is in).
 */
export async function receivePurchaseOrder(
  em: EntityManager,
  input: ReceivePurchaseOrderInput,
  engines: EngineCache,
): Promise<ReceiptResult> {
  const order = await findPurchaseOrder(em, input.orderNumber, true);
  if (!order) return reject('PURCHASE_ORDER_NOT_FOUND', `Purchase order ${input.orderNumber} does not exist`);
  const { deliveryNo } = input;
  const receivable = deliveryNo === undefined ? ['open'] : RECEIVABLE_STATUSES;
  if (!receivable.includes(order.status)) {
    return reject('PURCHASE_ORDER_WRONG_STATUS', `Purchase order ${input.orderNumber} is ${order.status}, not open`);
  }
  const tolerance = deliveryNo === undefined ? 0 : await overDeliveryTolerancePercent(em);
  const { dock } = await warehouseLocations(em, order.warehouseId);
  if (!dock)
    return reject(
      'PUTAWAY_NOT_ALLOWED',
      `Warehouse ${order.warehouseCode} has no active dock location to receive into`,
    );
  const lines = await purchaseOrderLines(em, order.orderId);
  const effectiveAt = input.receivedAt ? new Date(input.receivedAt) : new Date();
  if (!Number.isFinite(effectiveAt.getTime()) || effectiveAt.getTime() > Date.now() + RECEIPT_CLOCK_SKEW_MS) {
    return reject('POSTING_REJECTED', `receivedAt ${input.receivedAt} is not a past date and time`, {
      field: 'receivedAt',
    });
  }
  const today = effectiveAt.toISOString().slice(0, 10);
  const rules = await compileExpiryRules(em, input.expiryRules, engines);
  const received: ReceivedLine[] = [];
  const revaluationJobIds: number[] = [];
  for (const entry of input.lines) {
    const found = lines.find((candidate) => candidate.lineNo === entry.lineNo);
    const line = checkWithinTolerance(found, entry, tolerance, input.orderNumber);
    const lot = lotOf(line, entry, today);
    const context = { workflowId: input.workflowId, orderNumber: input.orderNumber, lineNo: line.lineNo };
    const assessed = await assess(em, rules, { ...context, order, itemSku: line.itemSku }, lot, today);
    const gated = input.qualityGate === true && assessed.stockStatus === 'available';
    const stockStatus =
      gated && (await inspectionPlanInEffect(em, line.itemSku, today)) ? 'quarantine' : assessed.stockStatus;
    const posted = await postMove(em, {
      moveType: 'receipt',
      itemSku: line.itemSku,
      lot,
      toLocation: dock,
      toStatus: stockStatus,
      quantity: entry.quantity,
      unitCost: line.unitCost,
      effectiveAt,
      documentType: 'purchase-order',
      documentRef: input.orderNumber,
      lineNo: line.lineNo,
      userName: input.userName,
      idempotencyKey:
        deliveryNo === undefined
          ? `${input.workflowId}:receipt:${line.lineNo}`
          : `${input.workflowId}:receipt:d${deliveryNo}:${line.lineNo}`,
    });
    await query(em, 'update purchase_order_line set received_quantity = received_quantity + ? where id = ?', [
      entry.quantity,
      line.lineId,
    ]);
    received.push({
      lineNo: line.lineNo,
      itemSku: line.itemSku,
      itemName: line.itemName,
      uom: line.uom,
      quantity: entry.quantity,
      ...(await lotDates(em, line.itemSku, lot)),
      moveId: posted.moveId,
      value: posted.value,
      journalEntryId: posted.journalEntryId,
      expiryFlag: assessed.flag,
      expiryAction: assessed.action,
      stockStatus,
      decisionId: assessed.decisionId,
    });
    if (posted.revaluationJobId !== null) revaluationJobIds.push(posted.revaluationJobId);
  }
  received.sort((a, b) => a.lineNo - b.lineNo);
  await recordPlanningChange(em, {
    itemIds: await itemIdsOf(
      em,
      received.map((line) => line.itemSku),
    ),
    reason: `receipt on ${input.orderNumber}`,
    documentRef: input.orderNumber,
    requestedBy: input.userName,
    taskQueue: { sameAs: input.workflowId },
  });
  const status =
    deliveryNo === undefined
      ? 'received'
      : await recordDelivery(
          em,
          {
            orderId: order.orderId,
            deliveryNo,
            workflowId: input.workflowId,
            receivedAt: effectiveAt,
            receivedBy: input.userName,
          },
          received,
          new Map(lines.map((line) => [line.lineNo, line.unitCost])),
        );
  if (deliveryNo === undefined) await setPurchaseOrderStatus(em, order.orderId, status);
  await appendAudit(em, {
    actor: input.userName,
    action: deliveryNo === undefined ? 'purchase-order.received' : 'purchase-order.delivery-received',
    entityType: 'purchase_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { dockLocation: dock, receivedAt: effectiveAt.toISOString(), lines: received, deliveryNo, status },
  });
  const result: ReceiptResult = {
    dockLocation: dock,
    lines: received,
    receivedAt: effectiveAt.toISOString(),
    revaluationJobIds,
  };
  return deliveryNo === undefined ? result : { ...result, deliveryNo, orderStatus: status };
}

const NOT_ASSESSED: LotAssessment = { flag: null, action: null, stockStatus: 'available', decisionId: null };

/** A lot's expiry on arrival, by the dates it will carry: an existing lot keeps the dates it was created with. */
async function assess(
  em: EntityManager,
  rules: ExpiryRules,
  context: {
    workflowId: string;
    orderNumber: string;
    lineNo: number;
    itemSku: string;
    order: { warehouseCode: string; supplierCode: string };
  },
  lot: LotInput | null,
  receivedOn: string,
): Promise<LotAssessment> {
  if (!lot) return NOT_ASSESSED;
  const stored = await lotDates(em, context.itemSku, lot);
  const expiresOn = stored.expiresOn ?? lot.expiresOn ?? null;
  const { warehouseCode, supplierCode } = context.order;
  const facts = await expiryFacts(em, { itemSku: context.itemSku, warehouseCode, supplierCode });
  return assessLotOnArrival(em, rules, { ...context, facts }, { code: lot.code, expiresOn }, receivedOn);
}

/** The lot's stored dates: an existing lot (a supplier re-delivering it) keeps the dates it was created with. */
async function lotDates(em: EntityManager, itemSku: string, lot: LotInput | null) {
  if (!lot) return { lotCode: null, manufacturedOn: null, expiresOn: null };
  const [row] = await query<{ manufactured_on: string | null; expires_on: string | null }>(
    em,
    `select to_char(lot.manufactured_on, 'YYYY-MM-DD') as manufactured_on,
            to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on
       from lot join item i on i.id = lot.item_id where i.sku = ? and lot.code = ?`,
    [itemSku, lot.code],
  );
  return { lotCode: lot.code, manufacturedOn: row?.manufactured_on ?? null, expiresOn: row?.expires_on ?? null };
}
