import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num } from '../../db/sql';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';

/** One count in the list: its bin, why and how it stands, and the difference found (quantity and value). */
export const stockCountSummary = z.object({
  countNumber: z.string(),
  warehouseCode: z.string(),
  locationCode: z.string(),
  itemSku: z.string().nullable(),
  reason: z.string(),
  status: z.string(),
  sourceRef: z.string().nullable(),
  lineCount: z.number(),
  differenceQuantity: z.number().nullable(),
  differenceValue: z.number().nullable(),
  requestedBy: z.string(),
  createdAt: z.string(),
  postedAt: z.string().nullable(),
  workflowId: z.string(),
});
type StockCountRow = z.infer<typeof stockCountSummary>;

const LINE_COUNT = '(select count(*) from stock_count_line cl where cl.count_id = sc.id)';
const DIFFERENCE = '(select sum(cl.difference_quantity) from stock_count_line cl where cl.count_id = sc.id)';

const SORT_FIELDS = {
  countNumber: 'sc.count_number',
  location: 'l.code',
  reason: 'sc.reason',
  status: 'sc.status',
  differenceQuantity: DIFFERENCE,
  differenceValue: 'sc.difference_value',
  createdAt: 'sc.created_at',
} as const;

const listQuery = sqlListQuery(SORT_FIELDS, {
  status: z.enum(['open', 'recount', 'approval', 'posted', 'cancelled']).or(z.literal('')).optional(),
  reason: z.enum(['short-pick', 'manual', 'cycle']).or(z.literal('')).optional(),
  location: z.string().max(40).optional().describe('Bin code'),
  warehouse: z.string().max(20).optional().describe('Warehouse code'),
});
type StockCountListQuery = z.infer<typeof listQuery>;

const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : num(value));

/** The count list: newest first, with each count's difference and value once counted. */
export const stockCountListSpec: SqlListSpec<StockCountListQuery, StockCountRow> = {
  select: `sc.count_number, w.code as warehouse_code, l.code as location_code, i.sku, sc.reason, sc.status, sc.source_ref,
       sc.requested_by, sc.created_at, sc.posted_at, sc.workflow_id, sc.difference_value,
       ${LINE_COUNT} as line_count, ${DIFFERENCE} as difference_quantity`,
  from: `from stock_count sc join warehouse w on w.id = sc.warehouse_id join location l on l.id = sc.location_id
       left join item i on i.id = sc.item_id`,
  sortFields: SORT_FIELDS,
  defaultSort: '-createdAt',
  tieBreaker: 'sc.id',
  searchFields: ['sc.count_number', 'l.code', 'i.sku', 'sc.source_ref'],
  where: (q) => [
    ...when(q.status, 'sc.status = ?'),
    ...when(q.reason, 'sc.reason = ?'),
    ...when(q.location, 'l.code ilike ?', [`%${q.location ?? ''}%`]),
    ...when(q.warehouse, 'w.code = ?'),
  ],
  toRow: (r) => ({
    countNumber: String(r.count_number),
    warehouseCode: String(r.warehouse_code),
    locationCode: String(r.location_code),
    itemSku: r.sku === null ? null : String(r.sku),
    reason: String(r.reason),
    status: String(r.status),
    sourceRef: r.source_ref === null ? null : String(r.source_ref),
    lineCount: num(r.line_count),
    differenceQuantity: optionalNumber(r.difference_quantity),
    differenceValue: optionalNumber(r.difference_value),
    requestedBy: String(r.requested_by),
    createdAt: new Date(r.created_at as string).toISOString(),
    postedAt: r.posted_at === null ? null : new Date(r.posted_at as string).toISOString(),
    workflowId: String(r.workflow_id),
  }),
  csv: [
    { name: 'countNumber', format: (c) => c.countNumber },
    { name: 'warehouseCode', format: (c) => c.warehouseCode },
    { name: 'locationCode', format: (c) => c.locationCode },
    { name: 'reason', format: (c) => c.reason },
    { name: 'status', format: (c) => c.status },
    { name: 'differenceQuantity', format: (c) => c.differenceQuantity ?? '' },
    { name: 'differenceValue', format: (c) => (c.differenceValue === null ? '' : c.differenceValue.toFixed(2)) },
    { name: 'createdAt', format: (c) => c.createdAt },
  ],
};

/** `GET /stock-counts` (one page) and `GET /stock-counts/export.csv` (every page, streamed). */
export const stockCountListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'stock-counts',
    query: listQuery,
    row: stockCountSummary,
    spec: stockCountListSpec,
    noun: 'stock counts',
    lead: 'Stock counts, newest first, one page at a time, with the difference found and its value',
    filters: 'filtered by status, reason, bin or warehouse, sorted by any column',
    fileName: 'stock-counts.csv',
  });
