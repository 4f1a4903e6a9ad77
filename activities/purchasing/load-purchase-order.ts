import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  LineExpiryRule,
  PurchaseOrderForReceipt,
} from '../../workflows/purchase-receipt/purchase-receipt.contract';
import type { EngineCache } from '../../rules/engine';
import { query } from '../../db/sql';
import { reject } from '../errors';
import {
  findPurchaseOrder,
  purchaseOrderLines,
  warehouseLocations,
  type PurchaseOrderLineRow,
} from './purchase-order-queries';
import {
  nextDeliveryNo,
  openQuantity,
  overDeliveryTolerancePercent,
  RECEIVABLE_STATUSES,
  receivableQuantity,
} from './purchase-deliveries';
import { compileExpiryRules, expiryFacts, lineExpiryRule, pinExpiryRules } from './receipt-expiry';

/** The first day a receipt may be dated: the day after the latest closed period (null: nothing is closed). */
export async function receiptOpenFrom(em: EntityManager): Promise<string | null> {
  const [row] = await query<{ from: string | null }>(
    em,
    `select to_char(max(ends_on) + 1, 'YYYY-MM-DD') as "from" from accounting_period where status = 'closed'`,
  );
  return row?.from ?? null;
}

/**
 * Reads what the receiving clerk needs to see: the open order's lines with their items' lot and shelf-life
 * rules and the near-expiry actions the expiry rules (pinned here, for the whole receipt) give each item, the
 * warehouse's dock, the bins stock may be put away into, and how far back the receipt may be dated. Read-only,
 * so retries are harmless.
 */
export async function loadPurchaseOrderForReceipt(
  em: EntityManager,
  input: { orderNumber: string; deliveries?: boolean },
  engines: EngineCache,
): Promise<PurchaseOrderForReceipt> {
  const order = await findPurchaseOrder(em, input.orderNumber);
  if (!order) return reject('PURCHASE_ORDER_NOT_FOUND', `Purchase order ${input.orderNumber} does not exist`);
  // Per delivery, any status is read: the workflow stops receiving once the order is received or closed.
  if (order.status !== 'open' && !input.deliveries) {
    return reject('PURCHASE_ORDER_WRONG_STATUS', `Purchase order ${input.orderNumber} is ${order.status}, not open`);
  }
  const { dock, bins } = await warehouseLocations(em, order.warehouseId);
  if (!dock)
    return reject(
      'PUTAWAY_NOT_ALLOWED',
      `Warehouse ${order.warehouseCode} has no active dock location to receive into`,
    );
  const lines = await purchaseOrderLines(em, order.orderId);
  const expiryRules = await pinExpiryRules(em, new Date());
  const rules = await compileExpiryRules(em, expiryRules, engines);
  const subject = { warehouseCode: order.warehouseCode, supplierCode: order.supplierCode };
  const tolerance = input.deliveries ? await overDeliveryTolerancePercent(em) : 0;
  const open = (line: PurchaseOrderLineRow) =>
    RECEIVABLE_STATUSES.includes(order.status)
      ? { openQuantity: openQuantity(line), maxQuantity: receivableQuantity(line, tolerance) }
      : { openQuantity: 0, maxQuantity: 0 };
  const expiry: LineExpiryRule[] = [];
  for (const line of lines) {
    expiry.push(await lineExpiryRule(rules, await expiryFacts(em, { ...subject, itemSku: line.itemSku })));
  }
  return {
    orderNumber: order.orderNumber,
    supplierCode: order.supplierCode,
    supplierName: order.supplierName,
    warehouseCode: order.warehouseCode,
    dockLocation: dock,
    putawayLocations: bins,
    lines: lines.map((line, index) => ({
      lineNo: line.lineNo,
      itemSku: line.itemSku,
      itemName: line.itemName,
      uom: line.uom,
      lotTracked: line.lotTracked,
      shelfLifeDays: line.shelfLifeDays,
      orderedQuantity: line.quantity,
      unitCost: line.unitCost,
      expiry: expiry[index] ?? { rule: null, actions: [] },
      ...(input.deliveries ? { receivedQuantity: line.receivedQuantity, dueDate: line.dueDate, ...open(line) } : {}),
    })),
    expiryRules,
    receiptOpenFrom: await receiptOpenFrom(em),
    ...(input.deliveries
      ? {
          status: order.status,
          deliveryNo: await nextDeliveryNo(em, order.orderId),
          overDeliveryTolerancePercent: tolerance,
        }
      : {}),
  };
}
