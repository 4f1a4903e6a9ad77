import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num } from '../../../db/sql';
import { productionOrderWorkflowId } from '../../../workflows/production-order/production-order.contract';
import { isoDate } from '../../input-guard';
import { listRoutes } from '../../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../../lists/sql-list';
import {
  PRODUCTION_ORDER_STATUSES,
  productionOrderSummary,
  type ProductionOrderSummary,
} from './production-order-schemas';

const SORT_FIELDS = {
  number: 'po.number',
  itemSku: 'i.sku',
  quantity: 'po.quantity',
  completedQuantity: 'po.completed_quantity',
  warehouseCode: 'w.code',
  dueDate: 'po.due_date',
  startDate: 'po.start_date',
  priority: 'po.priority',
  status: 'po.status',
  customerCode: 'cu.code',
  createdAt: 'po.created_at',
} as const;

export const productionOrderListQuery = sqlListQuery(SORT_FIELDS, {
  status: z.enum(PRODUCTION_ORDER_STATUSES).or(z.literal('')).optional(),
  item: z.string().max(40).optional().describe('Item SKU (exact)'),
  dueFrom: isoDate().optional().describe('Due on or after this day (YYYY-MM-DD)'),
  dueTo: isoDate().optional().describe('Due on or before this day (YYYY-MM-DD)'),
  customer: z.string().max(40).optional().describe('Code of the customer the order is made for (exact)'),
});
type ProductionOrderListQuery = z.infer<typeof productionOrderListQuery>;

const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : num(value));

/** The production order list: newest first, with the pinned versions once released. */
export const productionOrderListSpec: SqlListSpec<ProductionOrderListQuery, ProductionOrderSummary> = {
  select: `po.number, i.sku, i.name as item_name, i.uom, po.quantity, po.completed_quantity, po.scrapped_quantity,
       w.code as warehouse_code, to_char(po.due_date, 'YYYY-MM-DD') as due_date,
       to_char(po.start_date, 'YYYY-MM-DD') as start_date, po.priority, po.status, b.version as bom_version,
       r.version as routing_version, po.created_by, po.created_at, cu.code as customer_code,
       cu.name as customer_name`,
  from: `from production_order po join item i on i.id = po.item_id join warehouse w on w.id = po.warehouse_id
       left join bom b on b.id = po.bom_id left join routing r on r.id = po.routing_id
       left join customer cu on cu.id = po.customer_id`,
  sortFields: SORT_FIELDS,
  defaultSort: '-createdAt',
  tieBreaker: 'po.id',
  searchFields: ['po.number', 'i.sku', 'i.name'],
  where: (q) => [
    ...when(q.status, 'po.status = ?'),
    ...when(q.item, 'i.sku = ?'),
    ...when(q.dueFrom, 'po.due_date >= ?::date'),
    ...when(q.dueTo, 'po.due_date <= ?::date'),
    ...when(q.customer, 'cu.code = ?'),
  ],
  toRow: (r) => ({
    number: String(r.number),
    itemSku: String(r.sku),
    itemName: String(r.item_name),
    uom: String(r.uom),
    quantity: num(r.quantity),
    completedQuantity: num(r.completed_quantity),
    scrappedQuantity: num(r.scrapped_quantity),
    warehouseCode: String(r.warehouse_code),
    dueDate: String(r.due_date),
    startDate: String(r.start_date),
    priority: num(r.priority),
    status: String(r.status) as ProductionOrderSummary['status'],
    bomVersion: optionalNumber(r.bom_version),
    routingVersion: optionalNumber(r.routing_version),
    customerCode: r.customer_code === null || r.customer_code === undefined ? null : String(r.customer_code),
    customerName: r.customer_name === null || r.customer_name === undefined ? null : String(r.customer_name),
    createdBy: String(r.created_by),
    createdAt: new Date(r.created_at as string).toISOString(),
    workflowId: productionOrderWorkflowId(String(r.number)),
  }),
  csv: [
    { name: 'number', format: (o) => o.number },
    { name: 'itemSku', format: (o) => o.itemSku },
    { name: 'quantity', format: (o) => o.quantity },
    { name: 'completedQuantity', format: (o) => o.completedQuantity },
    { name: 'warehouseCode', format: (o) => o.warehouseCode },
    { name: 'dueDate', format: (o) => o.dueDate },
    { name: 'startDate', format: (o) => o.startDate },
    { name: 'priority', format: (o) => o.priority },
    { name: 'status', format: (o) => o.status },
    { name: 'bomVersion', format: (o) => o.bomVersion ?? '' },
    { name: 'routingVersion', format: (o) => o.routingVersion ?? '' },
    { name: 'customerCode', format: (o) => o.customerCode ?? '' },
    { name: 'createdAt', format: (o) => o.createdAt },
  ],
};

/** `GET /production-orders` (one page) and `GET /production-orders/export.csv` (every page, streamed). */
export const productionOrderListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'manufacturing',
    query: productionOrderListQuery,
    row: productionOrderSummary,
    spec: productionOrderListSpec,
    noun: 'production orders',
    lead: 'Production orders, newest first, one page at a time, with the pinned BOM and routing versions',
    filters: 'filtered by status, item, customer or due date range, searched by number or item, sorted by any column',
    fileName: 'production-orders.csv',
  });
