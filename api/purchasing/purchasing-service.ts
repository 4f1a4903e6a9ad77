import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { num, query } from '../../db/sql';
import { purchaseReceiptWorkflowId } from '../../workflows/purchase-receipt/purchase-receipt.contract';
import { purchaseReceiptStart } from '../../workflows/purchase-receipt/purchase-receipt.start';
import { ApiError } from '../errors';
import type { IntakeContext, IntakeWork } from '../intake/intake';
import type { CreatePurchaseOrderBody } from './purchasing-schemas';

export interface PurchasingServiceDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  /** How create requests are taken in (idempotency key, outbox, start after the commit). */
  intake: IntakeContext;
}

// The receipt SLAs live with the start builder (shared with reconciliation); re-exported for existing importers.
export {
  PUTAWAY_TASK_SLA_MINUTES,
  RECEIPT_TASK_SLA_MINUTES,
} from '../../workflows/purchase-receipt/purchase-receipt.start';

/**
 * Stores the purchase order in the intake's transaction and queues its purchase-receipt start with it: the order and
 * its process commit together or not at all (the start itself happens after the commit, see api/intake/intake.ts).
 */
export async function placePurchaseOrder(
  em: EntityManager,
  deps: PurchasingServiceDeps,
  body: CreatePurchaseOrderBody,
  username: string,
): Promise<IntakeWork<{ orderNumber: string; workflowId: string }>> {
  const orderNumber = await insertPurchaseOrder(em, body, username);
  const start = purchaseReceiptStart(orderNumber, username, deps.taskQueue);
  return {
    body: { orderNumber, workflowId: start.workflowId },
    starts: [start],
    audit: {
      actor: username,
      action: 'purchase-order.created',
      entityType: 'purchase_order',
      entityId: orderNumber,
      workflowId: start.workflowId,
      details: { supplierCode: body.supplierCode, warehouseCode: body.warehouseCode, lines: body.lines },
    },
  };
}

async function insertPurchaseOrder(em: EntityManager, body: CreatePurchaseOrderBody, username: string) {
  const [supplier] = await query<{ id: number; active: boolean }>(
    em,
    'select id, active from supplier where code = ?',
    [body.supplierCode],
  );
  if (!supplier) throw new ApiError('UNKNOWN_SUPPLIER', `No supplier ${body.supplierCode}`, 'supplierCode');
  if (!supplier.active) {
    throw new ApiError('RECORD_INACTIVE', `Supplier ${body.supplierCode} is deactivated`, 'supplierCode');
  }
  const warehouseId = await receivingWarehouse(em, body.warehouseCode);
  const itemIds: number[] = [];
  for (const [index, line] of body.lines.entries()) {
    const [item] = await query<{ id: number; active: boolean }>(em, 'select id, active from item where sku = ?', [
      line.itemSku,
    ]);
    if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${line.itemSku}`, `lines[${index}].itemSku`);
    if (!item.active) {
      throw new ApiError('RECORD_INACTIVE', `Item ${line.itemSku} is deactivated`, `lines[${index}].itemSku`);
    }
    itemIds.push(item.id);
  }
  const [seq] = await query<{ n: string }>(em, `select nextval('purchase_order_number_seq') as n`);
  const orderNumber = `PO-${String(num(seq?.n)).padStart(6, '0')}`;
  const [order] = await query<{ id: number }>(
    em,
    `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at,
                                 updated_at) values (?, ?, ?, 'open', ?, ?, now(), now()) returning id`,
    [orderNumber, supplier.id, warehouseId, purchaseReceiptWorkflowId(orderNumber), username],
  );
  for (const [index, line] of body.lines.entries()) {
    await query(
      em,
      `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost, received_quantity)
       values (?, ?, ?, ?, ?, 0)`,
      [order?.id, index + 1, itemIds[index], line.quantity, line.unitCost],
    );
  }
  return orderNumber;
}

/** A warehouse goods can be received into: physical (virtual ones hold customer material) and with a dock. */
async function receivingWarehouse(em: EntityManager, code: string): Promise<number> {
  const [warehouse] = await query<{ id: number; virtual: boolean; locations: string }>(
    em,
    `select w.id, w.virtual, (select count(*) from location l where l.warehouse_id = w.id) as locations
       from warehouse w where w.code = ?`,
    [code],
  );
  if (!warehouse) throw new ApiError('UNKNOWN_WAREHOUSE', `No warehouse ${code}`, 'warehouseCode');
  if (warehouse.virtual) {
    throw new ApiError(
      'UNKNOWN_WAREHOUSE',
      `Warehouse ${code} is virtual; purchases are received into our own stock`,
      'warehouseCode',
    );
  }
  if (num(warehouse.locations) === 0) {
    throw new ApiError('UNKNOWN_WAREHOUSE', `Warehouse ${code} has no locations to receive into`, 'warehouseCode');
  }
  return warehouse.id;
}
