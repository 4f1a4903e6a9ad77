import type { EntityManager } from '@mikro-orm/postgresql';
import type { PurchaseOrderForReceipt } from '../../workflows/purchase-receipt/purchase-receipt.contract';
import { reject } from '../errors';
import { findPurchaseOrder, purchaseOrderLines, warehouseLocations } from './purchase-order-queries';

/**
 * Reads what the receiving clerk needs to see: the open order's lines with their items' lot and shelf-life
 * rules, the warehouse's dock, and the bins stock may be put away into. Read-only, so retries are harmless.
 */
export async function loadPurchaseOrderForReceipt(
  em: EntityManager,
  input: { orderNumber: string },
): Promise<PurchaseOrderForReceipt> {
  const order = await findPurchaseOrder(em, input.orderNumber);
  if (!order) return reject('PURCHASE_ORDER_NOT_FOUND', `Purchase order ${input.orderNumber} does not exist`);
  if (order.status !== 'open') {
    return reject('PURCHASE_ORDER_WRONG_STATUS', `Purchase order ${input.orderNumber} is ${order.status}, not open`);
  }
  const { dock, bins } = await warehouseLocations(em, order.warehouseId);
  if (!dock) return reject('PUTAWAY_NOT_ALLOWED', `Warehouse ${order.warehouseCode} has no locations to receive into`);
  const lines = await purchaseOrderLines(em, order.orderId);
  return {
    orderNumber: order.orderNumber,
    supplierCode: order.supplierCode,
    supplierName: order.supplierName,
    warehouseCode: order.warehouseCode,
    dockLocation: dock,
    putawayLocations: bins,
    lines: lines.map((line) => ({
      lineNo: line.lineNo,
      itemSku: line.itemSku,
      itemName: line.itemName,
      uom: line.uom,
      lotTracked: line.lotTracked,
      shelfLifeDays: line.shelfLifeDays,
      orderedQuantity: line.quantity,
      unitCost: line.unitCost,
    })),
  };
}
