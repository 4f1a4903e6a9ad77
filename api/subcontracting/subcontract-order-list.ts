import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SUBCONTRACT_ORDER_STATUSES } from '../../db/entities/subcontracting';
import { num } from '../../db/sql';
import { isoDate } from '../input-guard';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';
import { subcontractOrderSummary, type SubcontractOrderSummary } from './subcontract-order-schemas';

/** What of a component line is still at the supplier. */
const LEFT = 'c.sent_quantity - c.consumed_quantity - c.scrapped_quantity - c.returned_quantity';
/**
 * A component quantity per order only where it means something: the order sends exactly one component of ours.
 * Bolts and plates (or pieces and kilograms) summed make a number nobody can use; then it is null and the order's
 * count of lines still at the supplier (and its detail page) tell the story.
 */
const onlyComponent = (expression: string) => `(select case when count(*) = 1 then sum(${expression}) end
    from subcontract_order_component c where c.order_id = so.id and c.provision = 'ours')`;
const SENT = onlyComponent('c.sent_quantity');
const AT_SUPPLIER = onlyComponent(LEFT);
const LINES_AT_SUPPLIER = `(select count(*) from subcontract_order_component c
    where c.order_id = so.id and c.provision = 'ours' and ${LEFT} > 0)`;
/** Finished units received and kept: what the quality gate sent back to the supplier is still to come. */
const RECEIVED = `(select coalesce(sum(d.finished_quantity - d.rejected_quantity), 0) from subcontract_delivery d
    where d.order_id = so.id and d.status = 'received')`;
/** Finished units still to come (never below zero: over-delivery within the tolerance is normal). */
const OPEN = `(case when so.status = 'cancelled' then 0 else greatest(so.quantity - ${RECEIVED}, 0) end)`;
/** Due before today and the goods not all back: what a buyer chases. */
const LATE = `(so.due_date < current_date and so.status not in ('received', 'closed', 'cancelled'))`;

const SORT_FIELDS = {
  orderNumber: 'so.order_number',
  supplier: 's.name',
  item: 'i.sku',
  quantity: 'so.quantity',
  dueDate: 'so.due_date',
  status: 'so.status',
  late: LATE,
  sentQuantity: SENT,
  atSupplierQuantity: AT_SUPPLIER,
  componentsAtSupplier: LINES_AT_SUPPLIER,
  receivedQuantity: RECEIVED,
  openQuantity: OPEN,
  createdAt: 'so.created_at',
} as const;

const statuses = SUBCONTRACT_ORDER_STATUSES;
const listQuery = sqlListQuery(SORT_FIELDS, {
  status: z.enum(statuses).or(z.literal('')).optional(),
  supplier: z.string().max(40).optional().describe('Supplier code or name (contains)'),
  item: z.string().max(40).optional().describe('Finished item SKU (contains)'),
  late: z.enum(['true', 'false', '']).optional().describe('Only late orders (true) or only those on time (false)'),
  dueFrom: isoDate().optional().or(z.literal('')).describe('Due on or after this day (YYYY-MM-DD)'),
  dueTo: isoDate().optional().or(z.literal('')).describe('Due on or before this day (YYYY-MM-DD)'),
});
type SubcontractOrderListQuery = z.infer<typeof listQuery>;

const like = (text: string | undefined) => `%${text ?? ''}%`;

/**
 * The subcontract order list: one row per order with its supplier, item, due date, the finished quantity ordered,
 * received and still to come, and its components' flow (quantities only for a single component: see onlyComponent).
 */
export const subcontractOrderListSpec: SqlListSpec<SubcontractOrderListQuery, SubcontractOrderSummary> = {
  select: `so.order_number, s.code as supplier_code, s.name as supplier_name, i.sku, i.name as item_name, so.quantity,
       to_char(so.due_date, 'YYYY-MM-DD') as due_date, so.status, ${LATE} as late, ${SENT} as sent,
       ${AT_SUPPLIER} as at_supplier, ${LINES_AT_SUPPLIER} as lines_at_supplier,
       ${RECEIVED} as received, ${OPEN} as open, w.code as warehouse_code, so.created_by,
       so.created_at, so.workflow_id`,
  from: `from subcontract_order so join supplier s on s.id = so.supplier_id join item i on i.id = so.item_id
       join warehouse w on w.id = so.warehouse_id`,
  sortFields: SORT_FIELDS,
  defaultSort: '-createdAt',
  tieBreaker: 'so.id',
  searchFields: ['so.order_number', 's.code', 's.name', 'i.sku', 'i.name'],
  where: (q) => [
    ...when(q.status, 'so.status = ?'),
    ...when(q.supplier, '(s.code ilike ? or s.name ilike ?)', [like(q.supplier), like(q.supplier)]),
    ...when(q.item, 'i.sku ilike ?', [like(q.item)]),
    ...when(q.late, q.late === 'true' ? LATE : `not ${LATE}`, []),
    ...when(q.dueFrom, 'so.due_date >= ?::date'),
    ...when(q.dueTo, 'so.due_date <= ?::date'),
  ],
  toRow: (r) => ({
    orderNumber: String(r.order_number),
    supplierCode: String(r.supplier_code),
    supplierName: String(r.supplier_name),
    itemSku: String(r.sku),
    itemName: String(r.item_name),
    quantity: num(r.quantity),
    dueDate: String(r.due_date),
    status: String(r.status) as SubcontractOrderSummary['status'],
    late: Boolean(r.late),
    sentQuantity: r.sent === null ? null : num(r.sent),
    atSupplierQuantity: r.at_supplier === null ? null : num(r.at_supplier),
    componentsAtSupplier: num(r.lines_at_supplier),
    receivedQuantity: num(r.received),
    openQuantity: num(r.open),
    warehouseCode: String(r.warehouse_code),
    createdBy: String(r.created_by),
    createdAt: new Date(r.created_at as string).toISOString(),
    workflowId: String(r.workflow_id),
  }),
  csv: [
    { name: 'orderNumber', format: (o) => o.orderNumber },
    { name: 'supplierCode', format: (o) => o.supplierCode },
    { name: 'supplierName', format: (o) => o.supplierName },
    { name: 'itemSku', format: (o) => o.itemSku },
    { name: 'quantity', format: (o) => o.quantity },
    { name: 'dueDate', format: (o) => o.dueDate },
    { name: 'status', format: (o) => o.status },
    { name: 'late', format: (o) => (o.late ? 'yes' : 'no') },
    { name: 'sentQuantity', format: (o) => o.sentQuantity ?? '' },
    { name: 'atSupplierQuantity', format: (o) => o.atSupplierQuantity ?? '' },
    { name: 'componentsAtSupplier', format: (o) => o.componentsAtSupplier },
    { name: 'receivedQuantity', format: (o) => o.receivedQuantity },
    { name: 'openQuantity', format: (o) => o.openQuantity },
    { name: 'warehouseCode', format: (o) => o.warehouseCode },
    { name: 'createdAt', format: (o) => o.createdAt },
  ],
};

/** `GET /subcontract-orders` (one page) and `GET /subcontract-orders/export.csv` (every page, streamed). */
export const subcontractOrderListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'subcontracting',
    query: listQuery,
    row: subcontractOrderSummary,
    spec: subcontractOrderListSpec,
    noun: 'subcontract orders',
    lead:
      'Subcontract orders, newest first, one page at a time, with the finished quantity received and still to come ' +
      'and what of their components is still at the supplier',
    filters: 'filtered by status, supplier, item, lateness or due date range, sorted by any column',
    fileName: 'subcontract-orders.csv',
  });
