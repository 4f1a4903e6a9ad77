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
}

/** Locks the order row (`for update`) and reads its header; null when there is no such order. */
export async function lockProductionOrder(em: EntityManager, number: string): Promise<ProductionOrderRow | null> {
  const [r] = await query<Record<string, unknown>>(
    em,
    `select o.id, o.number, o.item_id, i.sku, i.category, i.lot_tracked, o.quantity, o.warehouse_id, w.code as warehouse_code,
            to_char(o.due_date, 'YYYY-MM-DD') as due_date, to_char(o.start_date, 'YYYY-MM-DD') as start_date, o.status,
            o.bom_id, o.routing_id, o.issue_rules, o.completed_quantity, o.scrapped_quantity
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
}

/** The order's components in line order. */
export async function orderComponents(em: EntityManager, orderId: number): Promise<ComponentRow[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select c.id, c.line_no, c.item_id, i.sku, c.quantity_per, c.required_quantity, c.operation_seq, c.issue_mode,
            c.when_short, c.issued_quantity, c.issued_value, c.returned_quantity, c.returned_value
       from production_order_component c join item i on i.id = c.item_id
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

/** One amount into (+) or out of (−) the order's WIP, with the posting that moved it. */
export interface NewProductionCost {
  orderId: number;
  kind: 'material' | 'backflush' | 'labour' | 'overhead' | 'completion' | 'return' | 'variance';
  componentLineNo?: number | null;
  operationSeq?: number | null;
  quantity?: number | null;
  /** Cents, signed into WIP. */
  amountCents: number;
  journalEntryId?: number | null;
  stockMoveId?: number | null;
  reportedBy: string;
  effectiveAt: Date;
  idempotencyKey: string;
}

export async function insertProductionCost(em: EntityManager, c: NewProductionCost): Promise<void> {
  await query(
    em,
    `insert into production_cost (production_order_id, kind, component_line_no, operation_seq, quantity, amount,
                                  journal_entry_id, stock_move_id, reported_by, effective_at, idempotency_key, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())`,
    [
      c.orderId,
      c.kind,
      c.componentLineNo ?? null,
      c.operationSeq ?? null,
      c.quantity ?? null,
      c.amountCents / 100,
      c.journalEntryId ?? null,
      c.stockMoveId ?? null,
      c.reportedBy,
      c.effectiveAt,
      c.idempotencyKey,
    ],
  );
}

/** The order's WIP by cost kind, in cents (`conversionRelieved`: completions' labour and overhead part, negative). */
export async function wipByKind(em: EntityManager, orderId: number): Promise<Map<string, number>> {
  const rows = await query<{ kind: string; conversion: boolean; cents: string }>(
    em,
    `select kind, kind = 'completion' and component_line_no is null as conversion, round(sum(amount) * 100) as cents
       from production_cost where production_order_id = ? group by 1, 2`,
    [orderId],
  );
  const byKind = new Map<string, number>();
  for (const r of rows) {
    const key = r.conversion ? 'conversionRelieved' : r.kind;
    byKind.set(key, (byKind.get(key) ?? 0) + num(r.cents));
  }
  return byKind;
}

/** Every issue move (kit or backflush) of the order still in WIP, for a cancellation to return. */
export async function issuedMoves(
  em: EntityManager,
  orderId: number,
): Promise<
  Array<{
    lineNo: number;
    moveId: number;
    quantity: number;
    cents: number;
    sku: string;
    location: string;
    lotCode: string | null;
    status: string;
  }>
> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select c.component_line_no, c.stock_move_id, m.quantity, round(c.amount * 100) as cents, i.sku,
            l.code as location, lot.code as lot_code, m.from_status
       from production_cost c
       join stock_move m on m.id = c.stock_move_id
       join item i on i.id = m.item_id
       join location l on l.id = m.from_location_id
       left join lot on lot.id = m.lot_id
      where c.production_order_id = ? and c.kind in ('material', 'backflush')
      order by c.id`,
    [orderId],
  );
  return rows.map((r) => ({
    lineNo: num(r.component_line_no),
    moveId: num(r.stock_move_id),
    quantity: num(r.quantity),
    cents: num(r.cents),
    sku: String(r.sku),
    location: String(r.location),
    lotCode: r.lot_code === null ? null : String(r.lot_code),
    status: String(r.from_status),
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

/** Workflow ids of orders waiting for stock of any of the items (a kit component not yet issued nor reserved). */
export async function ordersAwaitingStock(em: EntityManager, itemSkus: readonly string[]): Promise<string[]> {
  if (itemSkus.length === 0) return [];
  const rows = await query<{ number: string }>(
    em,
    `select distinct o.number, o.priority from production_order o
       join production_order_component c on c.production_order_id = o.id and c.issue_mode in ('kit', 'merged')
       join item i on i.id = c.item_id
      where o.status = 'awaiting-stock' and i.sku in (?) and c.issued_quantity < c.required_quantity
      order by o.priority, o.number`,
    [itemSkus],
  );
  return rows.map((r) => `production-order:${r.number}`);
}

/** The order's cost so far per element, in currency units (the contract's ProductionCost). */
export async function productionCost(em: EntityManager, orderId: number) {
  const wip = await wipByKind(em, orderId);
  const cents = (kind: string) => wip.get(kind) ?? 0;
  // Relieved and sent-away amounts are negative in WIP: shown as positive figures (never as -0).
  const out = (value: number) => (value === 0 ? 0 : -value / 100);
  const all = [...wip.values()].reduce((sum, value) => sum + value, 0);
  return {
    material: (cents('material') + cents('backflush') + cents('return')) / 100,
    labour: cents('labour') / 100,
    overhead: cents('overhead') / 100,
    completed: out(cents('completion') + cents('conversionRelieved')),
    variance: out(cents('variance')),
    wip: all / 100,
  };
}
