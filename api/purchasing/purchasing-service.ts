import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { num, query } from '../../db/sql';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  closeShortSignal,
  purchaseReceiptWorkflowId,
  type CloseShortRequest,
} from '../../workflows/purchase-receipt/purchase-receipt.contract';
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
  const resolved: Array<{ itemId: number; unitCost: number; dueDate: string }> = [];
  for (const [index, line] of body.lines.entries()) {
    resolved.push(await resolveLine(em, supplier.id, body.supplierCode, line, index));
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
      `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost, received_quantity, due_date)
       values (?, ?, ?, ?, ?, 0, ?)`,
      [
        order?.id,
        index + 1,
        resolved[index]?.itemId,
        line.quantity,
        resolved[index]?.unitCost,
        resolved[index]?.dueDate,
      ],
    );
  }
  return orderNumber;
}

/**
 * One line's item, price and due date: the price the request gives, else the item's active price from this supplier
 * (item_supplier); the due date given, else today plus the supplier's lead time for the item, else the item's own
 * (unknown: today). No price anywhere is a 400 naming the line's unitCost.
 */
async function resolveLine(
  em: EntityManager,
  supplierId: number,
  supplierCode: string,
  line: CreatePurchaseOrderBody['lines'][number],
  index: number,
): Promise<{ itemId: number; unitCost: number; dueDate: string }> {
  const [item] = await query<Record<string, unknown>>(
    em,
    `select i.id, i.active, s.price, coalesce(s.lead_time_days, i.lead_time_days, 0) as lead_days,
            to_char(current_date + coalesce(s.lead_time_days, i.lead_time_days, 0), 'YYYY-MM-DD') as due
       from item i left join item_supplier s on s.item_id = i.id and s.supplier_id = ? and s.active
      where i.sku = ?`,
    [supplierId, line.itemSku],
  );
  if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${line.itemSku}`, `lines[${index}].itemSku`);
  if (!item.active) {
    throw new ApiError('RECORD_INACTIVE', `Item ${line.itemSku} is deactivated`, `lines[${index}].itemSku`);
  }
  const unitCost = line.unitCost ?? (item.price === null ? undefined : num(item.price));
  if (unitCost === undefined) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `No price on record for ${line.itemSku} from supplier ${supplierCode}: give lines[${index}].unitCost`,
      `lines[${index}].unitCost`,
    );
  }
  return { itemId: num(item.id), unitCost, dueDate: line.dueDate ?? String(item.due) };
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

/**
 * Asks the order's receipt workflow to close it short: only an order still receiving (open or partly received), and
 * only while its workflow runs. The workflow withdraws the open receipt task and records the close (status, reason,
 * audit) itself, so the request and the receipts never race on the order row.
 */
export async function requestCloseShort(
  deps: PurchasingServiceDeps,
  orderNumber: string,
  request: CloseShortRequest,
): Promise<string> {
  const [order] = await query<{ status: string; workflow_id: string }>(
    deps.orm.em.fork(),
    'select status, workflow_id from purchase_order where order_number = ?',
    [orderNumber],
  );
  if (!order) throw new ApiError('NOT_FOUND', `No purchase order ${orderNumber}`);
  const notOpen = () =>
    new ApiError(
      'PURCHASE_ORDER_NOT_OPEN',
      `Purchase order ${orderNumber} is ${order.status}; only an open or partly received order can be closed short`,
    );
  if (!['open', 'partly-received'].includes(order.status)) throw notOpen();
  try {
    await deps.temporal.workflow.getHandle(order.workflow_id).signal(closeShortSignal, request);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw notOpen();
    throw error;
  }
  return order.workflow_id;
}
