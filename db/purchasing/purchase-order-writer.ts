import type { EntityManager } from '@mikro-orm/postgresql';
import { DocumentError } from '../errors';
import { num, query } from '../sql';

/*
 * Writing a purchase order, for every caller that creates one: the API (a clerk's order) and MRP's release (the
 * planner's approved suggestions). Every refusal is a DocumentError naming its field and comes before anything is
 * written; the caller's transaction holds the order, its lines and its queued process together.
 */

/** A purchase order to write: the shape the API takes (api/purchasing/purchasing-schemas.ts). */
export interface PurchaseOrderInput {
  supplierCode: string;
  warehouseCode: string;
  lines: PurchaseLineInput[];
}

/** One line: a given price and due date win, else the supplier's price and lead time. */
export interface PurchaseLineInput {
  itemSku: string;
  quantity: number;
  unitCost?: number;
  dueDate?: string;
}

/** A line resolved against the master data: the item's id, its price and due date. */
export interface ResolvedPurchaseLine {
  itemId: number;
  unitCost: number;
  dueDate: string;
}

/** The supplier to order from: known and active. */
export async function orderingSupplier(em: EntityManager, supplierCode: string): Promise<number> {
  const [supplier] = await query<{ id: number; active: boolean }>(
    em,
    'select id, active from supplier where code = ?',
    [supplierCode],
  );
  if (!supplier) throw new DocumentError('UNKNOWN_SUPPLIER', `No supplier ${supplierCode}`, 'supplierCode');
  if (!supplier.active) {
    throw new DocumentError('RECORD_INACTIVE', `Supplier ${supplierCode} is deactivated`, 'supplierCode');
  }
  return supplier.id;
}

/**
 * Stores the purchase order (status `open`, its receipt process's workflow id recorded: `workflowIdOf` its number,
 * the process's contract derives it) and its lines; returns its number. The caller queues the process start in the
 * same transaction.
 */
export async function insertPurchaseOrder(
  em: EntityManager,
  input: PurchaseOrderInput,
  username: string,
  workflowIdOf: (orderNumber: string) => string,
): Promise<string> {
  const supplierId = await orderingSupplier(em, input.supplierCode);
  const warehouseId = await receivingWarehouse(em, input.warehouseCode);
  const resolved: ResolvedPurchaseLine[] = [];
  for (const [index, line] of input.lines.entries()) {
    resolved.push(await resolvePurchaseLine(em, supplierId, input.supplierCode, line, index));
  }
  const [seq] = await query<{ n: string }>(em, `select nextval('purchase_order_number_seq') as n`);
  const orderNumber = `PO-${String(num(seq?.n)).padStart(6, '0')}`;
  const [order] = await query<{ id: number }>(
    em,
    `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at,
                                 updated_at) values (?, ?, ?, 'open', ?, ?, now(), now()) returning id`,
    [orderNumber, supplierId, warehouseId, workflowIdOf(orderNumber), username],
  );
  for (const [index, line] of input.lines.entries()) {
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
 * One line's item, price and due date: the price the line gives, else the item's active price from this supplier
 * (item_supplier); the due date given, else today plus the supplier's lead time for the item, else the item's own
 * (unknown: today). No price anywhere is refused naming the line's unitCost.
 */
export async function resolvePurchaseLine(
  em: EntityManager,
  supplierId: number,
  supplierCode: string,
  line: PurchaseLineInput,
  index: number,
): Promise<ResolvedPurchaseLine> {
  const [item] = await query<Record<string, unknown>>(
    em,
    `select i.id, i.active, s.price, coalesce(s.lead_time_days, i.lead_time_days, 0) as lead_days,
            to_char(current_date + coalesce(s.lead_time_days, i.lead_time_days, 0), 'YYYY-MM-DD') as due
       from item i left join item_supplier s on s.item_id = i.id and s.supplier_id = ? and s.active
      where i.sku = ?`,
    [supplierId, line.itemSku],
  );
  if (!item) throw new DocumentError('UNKNOWN_ITEM', `No item ${line.itemSku}`, `lines[${index}].itemSku`);
  if (!item.active) {
    throw new DocumentError('RECORD_INACTIVE', `Item ${line.itemSku} is deactivated`, `lines[${index}].itemSku`);
  }
  const unitCost = line.unitCost ?? (item.price === null ? undefined : num(item.price));
  if (unitCost === undefined) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `No price on record for ${line.itemSku} from supplier ${supplierCode}: give lines[${index}].unitCost`,
      `lines[${index}].unitCost`,
    );
  }
  return { itemId: num(item.id), unitCost, dueDate: line.dueDate ?? String(item.due) };
}

/** A warehouse goods can be received into: physical (virtual ones hold customer material) and with a dock. */
export async function receivingWarehouse(em: EntityManager, code: string): Promise<number> {
  const [warehouse] = await query<{ id: number; virtual: boolean; locations: string }>(
    em,
    `select w.id, w.virtual, (select count(*) from location l where l.warehouse_id = w.id) as locations
       from warehouse w where w.code = ?`,
    [code],
  );
  if (!warehouse) throw new DocumentError('UNKNOWN_WAREHOUSE', `No warehouse ${code}`, 'warehouseCode');
  if (warehouse.virtual) {
    throw new DocumentError(
      'UNKNOWN_WAREHOUSE',
      `Warehouse ${code} is virtual; purchases are received into our own stock`,
      'warehouseCode',
    );
  }
  if (num(warehouse.locations) === 0) {
    throw new DocumentError('UNKNOWN_WAREHOUSE', `Warehouse ${code} has no locations to receive into`, 'warehouseCode');
  }
  return warehouse.id;
}

/**
 * Where released purchases are received when nobody names a warehouse: the first-ranked active physical warehouse
 * with locations (the rule production orders' default follows, plus somewhere to receive into); null: none.
 */
export async function defaultReceivingWarehouse(em: EntityManager): Promise<string | null> {
  const [row] = await query<{ code: string }>(
    em,
    `select w.code from warehouse w
      where w.active and not w.virtual and exists (select 1 from location l where l.warehouse_id = w.id)
      order by w.priority, w.code limit 1`,
  );
  return row?.code ?? null;
}
