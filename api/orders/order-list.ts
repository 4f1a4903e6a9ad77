import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num } from '../../db/sql';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';
import { orderSummary } from './order-schemas';

type OrderRow = z.infer<typeof orderSummary>;

const SORT_FIELDS = {
  orderNumber: 'o.order_number',
  customer: 'c.name',
  status: 'o.status',
  requestedDate: 'o.requested_date',
  lineCount: 'line_count',
  createdAt: 'o.created_at',
} as const;

const date = () => z.iso.date().optional().or(z.literal(''));
const listQuery = sqlListQuery(SORT_FIELDS, {
  status: z.string().max(20).optional(),
  customer: z.string().max(40).optional().describe('Customer code or name'),
  item: z.string().max(40).optional().describe('SKU of an item on one of the lines'),
  requestedFrom: date().describe('Requested on or after this day (YYYY-MM-DD)'),
  requestedTo: date().describe('Requested on or before this day (YYYY-MM-DD)'),
});
type OrderListQuery = z.infer<typeof listQuery>;

const like = (text: string | undefined) => `%${text ?? ''}%`;

/** The sales order list: one row per order with its customer and line count. */
export const orderListSpec: SqlListSpec<OrderListQuery, OrderRow> = {
  select: `o.order_number, c.code as customer_code, c.name as customer_name, o.status,
       to_char(o.requested_date, 'YYYY-MM-DD') as requested_date, o.created_at, o.workflow_id,
       (select count(*) from sales_order_line l where l.order_id = o.id) as line_count`,
  from: 'from sales_order o join customer c on c.id = o.customer_id',
  sortFields: SORT_FIELDS,
  defaultSort: '-createdAt',
  tieBreaker: 'o.id',
  searchFields: ['o.order_number', 'c.code', 'c.name'],
  where: (q) => [
    ...when(q.status, 'o.status = ?'),
    ...when(q.customer, '(c.code ilike ? or c.name ilike ?)', [like(q.customer), like(q.customer)]),
    ...when(
      q.item,
      `exists (select 1 from sales_order_line l join item i on i.id = l.item_id
                where l.order_id = o.id and i.sku ilike ?)`,
      [like(q.item)],
    ),
    ...when(q.requestedFrom, 'o.requested_date >= ?::date'),
    ...when(q.requestedTo, 'o.requested_date <= ?::date'),
  ],
  toRow: (r) => ({
    orderNumber: String(r.order_number),
    customerCode: String(r.customer_code),
    customerName: String(r.customer_name),
    status: String(r.status),
    requestedDate: r.requested_date === null ? null : String(r.requested_date),
    createdAt: new Date(r.created_at as string).toISOString(),
    lineCount: num(r.line_count),
    workflowId: String(r.workflow_id),
  }),
  csv: [
    { name: 'orderNumber', format: (o) => o.orderNumber },
    { name: 'customerCode', format: (o) => o.customerCode },
    { name: 'customerName', format: (o) => o.customerName },
    { name: 'status', format: (o) => o.status },
    { name: 'requestedDate', format: (o) => o.requestedDate },
    { name: 'lineCount', format: (o) => o.lineCount },
    { name: 'createdAt', format: (o) => o.createdAt },
  ],
};

/** `GET /` (one page) and `GET /export.csv` (every page, streamed) of the sales orders. */
export const orderListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'orders',
    query: listQuery,
    row: orderSummary,
    spec: orderListSpec,
    noun: 'sales orders',
    lead: 'Sales orders, newest first, one page at a time',
    filters: 'filtered by status, customer, item or requested date, sorted by any column',
    fileName: 'orders.csv',
  });
