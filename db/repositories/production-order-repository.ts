import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

/*
 * The production order's rows as its postings read and write them, in SQL: the posting paths lock the order row
 * first, then stock, so two activities of one order never interleave.
 */

/** A production order's header, locked for the caller's transaction. */
export interface ProductionOrderRow {
  id: number;
  number: string;
  itemId: number;
  itemSku: string;
  itemCategory: string | null;
  itemLotTracked: boolean;
  quantity: number;
  warehouseId: number;
  warehouseCode: string;
  dueDate: string;
  startDate: string;
  status: string;
  bomId: number | null;
  routingId: number | null;
  issueRules: unknown;
  completedQuantity: number;
  scrappedQuantity: number;
  /** The customer it is made for (issue 15: whose material its customer-supplied components are); null = for stock. */
  customerId: number | null;
}

/** Locks the order row (`for update`) and reads its header; null when there is no such order. */
export async function lockProductionOrder(em: EntityManager, number: string): Promise<ProductionOrderRow | null> {
  const [r] = await query<Record<string, unknown>>(
    em,
    `select o.id, o.number, o.item_id, i.sku, i.category, i.lot_tracked, o.quantity, o.warehouse_id, w.code as warehouse_code,
            to_char(o.due_date, 'YYYY-MM-DD') as due_date, to_char(o.start_date, 'YYYY-MM-DD') as start_date, o.status,
            o.bom_id, o.routing_id, o.issue_rules, o.completed_quantity, o.scrapped_quantity, o.customer_id
       from production_order o join item i on i.id = o.item_id join warehouse w on w.id = o.warehouse_id
      where o.number = ? for update of o`,
    [number],
  );
  if (!r) return null;
  return {
    id: num(r.id),
    number: String(r.number),
    itemId: num(r.item_id),
    itemSku: String(r.sku),
    itemCategory: r.category === null ? null : String(r.category),
    itemLotTracked: Boolean(r.lot_tracked),
    quantity: num(r.quantity),
    warehouseId: num(r.warehouse_id),
    warehouseCode: String(r.warehouse_code),
    dueDate: String(r.due_date),
    startDate: String(r.start_date),
    status: String(r.status),
    bomId: r.bom_id === null ? null : num(r.bom_id),
    routingId: r.routing_id === null ? null : num(r.routing_id),
    issueRules: r.issue_rules,
    completedQuantity: num(r.completed_quantity),
    scrappedQuantity: num(r.scrapped_quantity),
    customerId: r.customer_id === null ? null : num(r.customer_id),
  };
}

/** A component row of a released order. */
export interface ComponentRow {
  id: number;
  lineNo: number;
  itemId: number;
  sku: string;
  quantityPer: number;
  requiredQuantity: number;
  operationSeq: number | null;
  issueMode: 'kit' | 'merged' | 'backflush';
  whenShort: 'wait' | 'release-partial';
  issuedQuantity: number;
  issuedValue: number;
  returnedQuantity: number;
  returnedValue: number;
  /**
   * Whose stock the component is (issue 15): null = ours, else the order's customer (a customer-supplied line), whose
   * material alone it takes, at no value.
   */
  ownerCustomerId: number | null;
  ownerCustomerCode: string | null;
}

/** The order's components in line order. */
export async function orderComponents(em: EntityManager, orderId: number): Promise<ComponentRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select c.id, c.line_no, c.item_id, i.sku, c.quantity_per, c.required_quantity, c.operation_seq, c.issue_mode,
            c.when_short, c.issued_quantity, c.issued_value, c.returned_quantity, c.returned_value,
            cu.id as owner_customer_id, cu.code as owner_customer_code
       from production_order_component c join item i on i.id = c.item_id
       join production_order o on o.id = c.production_order_id
       left join customer cu on cu.id = o.customer_id and c.provision = 'customer'
      where c.production_order_id = ? order by c.line_no`,
    [orderId],
  );
  return rows.map((r) => ({
    id: num(r.id),
    lineNo: num(r.line_no),
    itemId: num(r.item_id),
    sku: String(r.sku),
    quantityPer: num(r.quantity_per),
    requiredQuantity: num(r.required_quantity),
    operationSeq: r.operation_seq === null ? null : num(r.operation_seq),
    issueMode: String(r.issue_mode) as ComponentRow['issueMode'],
    whenShort: String(r.when_short) as ComponentRow['whenShort'],
    issuedQuantity: num(r.issued_quantity),
    issuedValue: num(r.issued_value),
    returnedQuantity: num(r.returned_quantity),
    returnedValue: num(r.returned_value),
    ownerCustomerId: r.owner_customer_id === null ? null : num(r.owner_customer_id),
    ownerCustomerCode: r.owner_customer_code === null ? null : String(r.owner_customer_code),
  }));
}

/** An operation row of a released order, with its work centre. */
export interface OperationRow {
  id: number;
  seq: number;
  workCentreId: number;
  workCentreCode: string;
  description: string;
  goodQuantity: number;
  scrapQuantity: number;
  labourHours: number;
  status: string;
}

/** The order's operations in sequence. */
export async function orderOperations(em: EntityManager, orderId: number): Promise<OperationRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.id, o.seq, o.work_centre_id, w.code, o.description, o.good_quantity, o.scrap_quantity, o.labour_hours,
            o.status
       from production_order_operation o join work_centre w on w.id = o.work_centre_id
      where o.production_order_id = ? order by o.seq`,
    [orderId],
  );
  return rows.map((r) => ({
    id: num(r.id),
    seq: num(r.seq),
    workCentreId: num(r.work_centre_id),
    workCentreCode: String(r.code),
    description: String(r.description),
    goodQuantity: num(r.good_quantity),
    scrapQuantity: num(r.scrap_quantity),
    labourHours: num(r.labour_hours),
    status: String(r.status),
  }));
}

/** Adds to a component's issued or returned quantity and value. */
export async function addComponentFlow(
  em: EntityManager,
  componentId: number,
  flow: 'issued' | 'returned',
  quantity: number,
  cents: number,
): Promise<void> {
  await query(
    em,
    `update production_order_component set ${flow}_quantity = ${flow}_quantity + ?, ${flow}_value = ${flow}_value + ?
      where id = ?`,
    [quantity, cents / 100, componentId],
  );
}

/** Sets the order's status (and the timestamp column that goes with it, if any). */
export async function setProductionStatus(
  em: EntityManager,
  orderId: number,
  status: string,
  extra: { column?: 'released_at' | 'closed_at' | 'cancelled_at'; cancelReason?: string } = {},
): Promise<void> {
  const stamp = extra.column ? `, ${extra.column} = now()` : '';
  const reason = extra.cancelReason === undefined ? '' : ', cancel_reason = ?';
  await query(em, `update production_order set status = ?, updated_at = now()${stamp}${reason} where id = ?`, [
    status,
    ...(extra.cancelReason === undefined ? [] : [extra.cancelReason]),
    orderId,
  ]);
}

/**
 * Workflow ids of orders waiting for stock of any of the items: a kit component neither issued nor reserved in full,
 * on an order waiting for its kit or already at work with a kit released partially (which waits again before its
 * completion).
 */
export async function ordersAwaitingStock(em: EntityManager, itemSkus: readonly string[]): Promise<string[]> {
  if (itemSkus.length === 0) return [];
  const rows = await query<{ number: string }>(
    em,
    `select distinct o.number, o.priority from production_order o
       join production_order_component c on c.production_order_id = o.id and c.issue_mode in ('kit', 'merged')
       join item i on i.id = c.item_id
      where o.status in ('awaiting-stock', 'in-progress') and i.sku in (?)
        and c.issued_quantity + coalesce((select sum(r.quantity) from reservation r
                                           where r.owner_workflow_id = 'production-order:' || o.number
                                             and r.line_no = c.line_no and r.state = 'active'), 0)
            < c.required_quantity
      order by o.priority, o.number`,
    [itemSkus],
  );
  return rows.map((r) => `production-order:${r.number}`);
}
