import type { EntityManager } from '@mikro-orm/postgresql';
import type { MrpPlannedOrder } from '../../db/entities';
import { DocumentError } from '../../db/errors';
import {
  defaultReceivingWarehouse,
  insertPurchaseOrder,
  orderingSupplier,
  resolvePurchaseLine,
  type PurchaseLineInput,
} from '../../db/purchasing/purchase-order-writer';
import { appendAudit } from '../../db/repositories/audit-repository';
import { enqueueProcessStart } from '../../db/repositories/process-start-repository';
import type { ReleaseContext } from './release-context';

/**
 * Releases approved purchase suggestions: one purchase order per preferred supplier (the run's snapshot names it),
 * one line per planned order (its quantity, due on its receipt date, at the supplier's price), received into the
 * first-ranked active physical warehouse with locations; each order's receipt process is queued with it. A
 * suggestion that cannot be ordered (no preferred supplier, no price, the supplier deactivated) stays approved and is
 * listed with the reason.
 */
export async function releasePurchases(em: EntityManager, context: ReleaseContext, orders: MrpPlannedOrder[]) {
  if (orders.length === 0) return;
  const warehouseCode = await defaultReceivingWarehouse(em);
  if (warehouseCode === null) {
    for (const order of orders) context.notReleased(order, 'there is no active physical warehouse to receive into');
    return;
  }
  const bySupplier = new Map<string, MrpPlannedOrder[]>();
  for (const order of orders) {
    const supplierCode = context.supplierOf(order.item.sku);
    if (supplierCode === null) {
      context.notReleased(order, `${order.item.sku} has no preferred supplier`);
      continue;
    }
    bySupplier.set(supplierCode, [...(bySupplier.get(supplierCode) ?? []), order]);
  }
  for (const [supplierCode, group] of [...bySupplier].sort(([a], [b]) => a.localeCompare(b))) {
    await releaseToSupplier(em, context, supplierCode, warehouseCode, group);
  }
}

async function releaseToSupplier(
  em: EntityManager,
  context: ReleaseContext,
  supplierCode: string,
  warehouseCode: string,
  orders: MrpPlannedOrder[],
) {
  let supplierId: number;
  try {
    supplierId = await orderingSupplier(em, supplierCode);
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    for (const order of orders) context.notReleased(order, error.message);
    return;
  }
  const lines: PurchaseLineInput[] = [];
  const released: MrpPlannedOrder[] = [];
  for (const order of orders) {
    const line = { itemSku: order.item.sku, quantity: order.quantity, dueDate: order.receiptDate };
    try {
      const resolved = await resolvePurchaseLine(em, supplierId, supplierCode, line, lines.length);
      lines.push({ ...line, unitCost: resolved.unitCost });
      released.push(order);
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      const reason = error.field?.endsWith('unitCost')
        ? `no price on record for ${order.item.sku} from supplier ${supplierCode}`
        : error.message;
      context.notReleased(order, reason);
    }
  }
  if (lines.length === 0) return;
  const body = { supplierCode, warehouseCode, lines };
  const startOf = (number: string) => context.starts.purchaseReceipt(number, context.releasedBy, context.taskQueue);
  const orderNumber = await insertPurchaseOrder(em, body, context.releasedBy, (number) => startOf(number).workflowId);
  const start = startOf(orderNumber);
  await enqueueProcessStart(em, start);
  await appendAudit(em, {
    actor: context.releasedBy,
    action: 'purchase-order.created',
    entityType: 'purchase_order',
    entityId: orderNumber,
    workflowId: start.workflowId,
    details: { ...body, mrpRun: context.runId, plannedRefs: released.map((order) => order.plannedRef) },
  });
  context.released('purchase', orderNumber, start.workflowId, released);
}
