import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import { supplierReturnWorkflowId } from '../../workflows/supplier-return/supplier-return.contract';
import { supplierReturnStart } from '../../workflows/supplier-return/supplier-return.start';
import { ApiError } from '../errors';
import type { IntakeWork } from '../intake/intake';
import type { CreateSupplierReturnBody } from './supplier-return-schemas';

const milli = (quantity: number) => Math.round(quantity * 1000);

/** A receipt of the order line and what of it may still go back (received minus earlier returns), in milli. */
interface Returnable {
  moveId: number;
  lotCode: string | null;
  left: number;
}

async function returnableReceipts(em: EntityManager, orderNumber: string, lineNo: number): Promise<Returnable[]> {
  const rows = await query<{ id: number; lot_code: string | null; left: string }>(
    em,
    `select m.id, lot.code as lot_code,
            m.quantity - coalesce((select sum(rl.quantity) from supplier_return_line rl where rl.receipt_move_id = m.id), 0)
              as left
       from stock_move m left join lot on lot.id = m.lot_id
      where m.move_type = 'receipt' and m.document_type = 'purchase-order' and m.document_ref = ? and m.line_no = ?
      order by m.effective_at, m.id`,
    [orderNumber, lineNo],
  );
  return rows.map((row) => ({ moveId: num(row.id), lotCode: row.lot_code, left: milli(num(row.left)) }));
}

/** The stored lines of one requested line: its quantity split over the receipts it came in with, oldest first. */
type StoredLine = { orderLineId: number; moveId: number; lotCode: string | null; qty: number; reason: string };

async function allocateLines(em: EntityManager, orderId: number, orderNumber: string, body: CreateSupplierReturnBody) {
  const stored: StoredLine[] = [];
  const taken = new Map<number, number>();
  for (const [index, line] of body.lines.entries()) {
    const [orderLine] = await query<{ id: number }>(
      em,
      'select id from purchase_order_line where order_id = ? and line_no = ?',
      [orderId, line.lineNo],
    );
    if (!orderLine) {
      throw new ApiError('VALIDATION_FAILED', `${orderNumber} has no line ${line.lineNo}`, `lines[${index}].lineNo`);
    }
    const receipts = (await returnableReceipts(em, orderNumber, line.lineNo)).filter(
      (receipt) => line.lot === undefined || receipt.lotCode === line.lot,
    );
    if (line.lot !== undefined && receipts.length === 0) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `Lot ${line.lot} was never received on line ${line.lineNo} of ${orderNumber}`,
        `lines[${index}].lot`,
      );
    }
    let need = milli(line.quantity);
    const available = receipts.reduce((sum, r) => sum + r.left - (taken.get(r.moveId) ?? 0), 0);
    if (need > available) {
      const what = line.lot === undefined ? `line ${line.lineNo}` : `lot ${line.lot} of line ${line.lineNo}`;
      throw new ApiError(
        'VALIDATION_FAILED',
        `Only ${available / 1000} of ${what} on ${orderNumber} can go back (received, less what was returned already); ${line.quantity} asked`,
        `lines[${index}].quantity`,
      );
    }
    for (const receipt of receipts) {
      const free = receipt.left - (taken.get(receipt.moveId) ?? 0);
      const qty = Math.min(need, free);
      if (qty <= 0) continue;
      taken.set(receipt.moveId, (taken.get(receipt.moveId) ?? 0) + qty);
      stored.push({
        orderLineId: orderLine.id,
        moveId: receipt.moveId,
        lotCode: receipt.lotCode,
        qty,
        reason: line.reason,
      });
      need -= qty;
      if (need === 0) break;
    }
  }
  return stored;
}

/**
 * Stores the supplier return in the intake's transaction and queues its process with it. The order row is locked
 * first, so two returns of the same goods cannot both pass the "no more than received" check. A line asking for
 * more than was received (less what earlier returns took) is refused naming `lines[i].quantity`; nothing is stored.
 */
export async function createSupplierReturn(
  em: EntityManager,
  body: CreateSupplierReturnBody,
  username: string,
  taskQueue: string,
): Promise<IntakeWork<{ returnNumber: string; workflowId: string }>> {
  const [order] = await query<{ id: number }>(em, 'select id from purchase_order where order_number = ? for update', [
    body.purchaseOrderNumber,
  ]);
  if (!order) {
    throw new ApiError('VALIDATION_FAILED', `No purchase order ${body.purchaseOrderNumber}`, 'purchaseOrderNumber');
  }
  const lines = await allocateLines(em, order.id, body.purchaseOrderNumber, body);
  const [seq] = await query<{ n: string }>(em, `select nextval('supplier_return_number_seq') as n`);
  const returnNumber = `SR-${String(num(seq?.n)).padStart(6, '0')}`;
  const workflowId = supplierReturnWorkflowId(returnNumber);
  const [created] = await query<{ id: number }>(
    em,
    `insert into supplier_return (return_number, purchase_order_id, replace, status, workflow_id, created_by, created_at)
     values (?, ?, ?, 'open', ?, ?, now()) returning id`,
    [returnNumber, order.id, body.replace, workflowId, username],
  );
  for (const [index, line] of lines.entries()) {
    await query(
      em,
      `insert into supplier_return_line (return_id, line_no, order_line_id, receipt_move_id, lot_code, quantity, reason)
       values (?, ?, ?, ?, ?, ?, ?)`,
      [created?.id, index + 1, line.orderLineId, line.moveId, line.lotCode, line.qty / 1000, line.reason],
    );
  }
  const start = supplierReturnStart(returnNumber, username, taskQueue);
  return {
    body: { returnNumber, workflowId },
    starts: [start],
    audit: {
      actor: username,
      action: 'supplier-return.created',
      entityType: 'supplier_return',
      entityId: returnNumber,
      workflowId,
      details: { ...body },
    },
  };
}
