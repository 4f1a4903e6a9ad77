import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num } from '../../db/sql';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';
import { purchaseOrderSummary } from './purchasing-schemas';

type PurchaseOrderRow = z.infer<typeof purchaseOrderSummary>;

const LINE_COUNT = '(select count(*) from purchase_order_line l where l.order_id = po.id)';
/** Still to come over all lines; nothing once the order is closed short or cancelled. */
const OPEN_QUANTITY = `(case when po.status in ('open', 'partly-received') then
  (select coalesce(sum(greatest(l.quantity - l.received_quantity, 0)), 0) from purchase_order_line l
    where l.order_id = po.id) else 0 end)`;
const TOTAL_VALUE =
  '(select coalesce(sum(round(l.quantity * l.unit_cost, 2)), 0) from purchase_order_line l where l.order_id = po.id)';

const SORT_FIELDS = {
  orderNumber: 'po.order_number',
  supplier: 's.name',
  warehouse: 'w.code',
  status: 'po.status',
  lineCount: LINE_COUNT,
  openQuantity: OPEN_QUANTITY,
  totalValue: TOTAL_VALUE,
  createdAt: 'po.created_at',
} as const;

const date = () => z.iso.date().optional().or(z.literal(''));
const listQuery = sqlListQuery(SORT_FIELDS, {
  status: z
    .enum(['open', 'partly-received', 'received', 'closed-short', 'put-away', 'cancelled'])
    .or(z.literal(''))
    .optional(),
  supplier: z.string().max(40).optional().describe('Supplier code or name'),
  warehouse: z.string().max(20).optional().describe('Warehouse code'),
  item: z.string().max(40).optional().describe('SKU of an item on one of the lines'),
  createdFrom: date().describe('Placed on or after this day (YYYY-MM-DD)'),
  createdTo: date().describe('Placed on or before this day (YYYY-MM-DD)'),
});
type PurchaseOrderListQuery = z.infer<typeof listQuery>;

const like = (text: string | undefined) => `%${text ?? ''}%`;

/** The purchase order list: one row per order with its supplier, warehouse, line count and value. */
export const purchaseOrderListSpec: SqlListSpec<PurchaseOrderListQuery, PurchaseOrderRow> = {
  select: `po.order_number, s.code as supplier_code, s.name as supplier_name, w.code as warehouse_code, po.status,
       po.created_by, po.created_at, po.workflow_id, ${LINE_COUNT} as line_count, ${OPEN_QUANTITY} as open_quantity,
       ${TOTAL_VALUE} as total_value`,
  from: 'from purchase_order po join supplier s on s.id = po.supplier_id join warehouse w on w.id = po.warehouse_id',
  sortFields: SORT_FIELDS,
  defaultSort: '-createdAt',
  tieBreaker: 'po.id',
  searchFields: ['po.order_number', 's.code', 's.name'],
  where: (q) => [
    ...when(q.status, 'po.status = ?'),
    ...when(q.supplier, '(s.code ilike ? or s.name ilike ?)', [like(q.supplier), like(q.supplier)]),
    ...when(q.warehouse, 'w.code = ?'),
    ...when(
      q.item,
      `exists (select 1 from purchase_order_line l join item i on i.id = l.item_id
                where l.order_id = po.id and i.sku ilike ?)`,
      [like(q.item)],
    ),
    ...when(q.createdFrom, 'po.created_at >= ?::date'),
    ...when(q.createdTo, `po.created_at < ?::date + interval '1 day'`),
  ],
  toRow: (r) => ({
    orderNumber: String(r.order_number),
    supplierCode: String(r.supplier_code),
    supplierName: String(r.supplier_name),
    warehouseCode: String(r.warehouse_code),
    status: String(r.status),
    lineCount: num(r.line_count),
    openQuantity: num(r.open_quantity),
    totalValue: num(r.total_value),
    createdBy: String(r.created_by),
    createdAt: new Date(r.created_at as string).toISOString(),
    workflowId: String(r.workflow_id),
  }),
  csv: [
    { name: 'orderNumber', format: (o) => o.orderNumber },
    { name: 'supplierCode', format: (o) => o.supplierCode },
    { name: 'supplierName', format: (o) => o.supplierName },
    { name: 'warehouseCode', format: (o) => o.warehouseCode },
    { name: 'status', format: (o) => o.status },
    { name: 'lineCount', format: (o) => o.lineCount },
    { name: 'openQuantity', format: (o) => o.openQuantity },
    { name: 'totalValue', format: (o) => o.totalValue.toFixed(2) },
    { name: 'createdBy', format: (o) => o.createdBy },
    { name: 'createdAt', format: (o) => o.createdAt },
  ],
};

/** `GET /purchase-orders` (one page) and `GET /purchase-orders/export.csv` (every page, streamed). */
export const purchaseOrderListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '/purchase-orders',
    tag: 'purchasing',
    query: listQuery,
    row: purchaseOrderSummary,
    spec: purchaseOrderListSpec,
    noun: 'purchase orders',
    lead: 'Purchase orders, newest first, one page at a time, with their line count and value',
    filters: 'filtered by status, supplier, warehouse, item or order date, sorted by any column',
    fileName: 'purchase-orders.csv',
  });
