import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';

const SUMMARY = `select r.id, r.return_number, po.order_number, s.code as supplier_code, r.status, r.replace, r.workflow_id,
       r.created_by, r.created_at, r.posted_at,
       (select coalesce(sum(rl.quantity), 0) from supplier_return_line rl where rl.return_id = r.id) as quantity,
       (select coalesce(sum(rl.value), 0) from supplier_return_line rl where rl.return_id = r.id) as value
  from supplier_return r join purchase_order po on po.id = r.purchase_order_id join supplier s on s.id = po.supplier_id`;

function summaryOf(row: Record<string, unknown>) {
  return {
    returnNumber: String(row.return_number),
    purchaseOrderNumber: String(row.order_number),
    supplierCode: String(row.supplier_code),
    status: row.status === 'posted' ? ('posted' as const) : ('open' as const),
    replace: Boolean(row.replace),
    workflowId: String(row.workflow_id),
    quantity: num(row.quantity),
    value: num(row.value),
    createdBy: String(row.created_by),
    createdAt: new Date(row.created_at as string).toISOString(),
    postedAt: row.posted_at == null ? null : new Date(row.posted_at as string).toISOString(),
  };
}

/** Returns, newest first; of one purchase order when it is named. Reads only. */
export async function listSupplierReturns(em: EntityManager, filter: { purchaseOrderNumber?: string; limit: number }) {
  const rows = await query<Record<string, unknown>>(
    em,
    `${SUMMARY} where (?::text is null or po.order_number = ?) order by r.id desc limit ?`,
    [filter.purchaseOrderNumber ?? null, filter.purchaseOrderNumber ?? null, filter.limit],
  );
  return rows.map(summaryOf);
}

/** One return with its lines and, once posted, what each line booked; undefined when there is none. */
export async function readSupplierReturn(em: EntityManager, returnNumber: string) {
  const [row] = await query<Record<string, unknown>>(em, `${SUMMARY} where r.return_number = ?`, [returnNumber]);
  if (!row) return undefined;
  const lines = await query<Record<string, unknown>>(
    em,
    `select rl.line_no, ol.line_no as order_line_no, i.sku, i.name, rl.lot_code, rl.quantity, rl.reason, rl.value,
            rl.grni_amount, rl.payable_amount, rl.variance_amount
       from supplier_return_line rl join purchase_order_line ol on ol.id = rl.order_line_id join item i on i.id = ol.item_id
      where rl.return_id = ? order by rl.line_no`,
    [row.id],
  );
  return {
    ...summaryOf(row),
    lines: lines.map((line) => ({
      lineNo: num(line.line_no),
      orderLineNo: num(line.order_line_no),
      itemSku: String(line.sku),
      itemName: String(line.name),
      lotCode: line.lot_code == null ? null : String(line.lot_code),
      quantity: num(line.quantity),
      reason: String(line.reason),
      value: num(line.value),
      grniAmount: num(line.grni_amount),
      payableAmount: num(line.payable_amount),
      varianceAmount: num(line.variance_amount),
    })),
  };
}
