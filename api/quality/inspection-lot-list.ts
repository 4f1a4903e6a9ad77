import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { INSPECTION_LOT_STATUSES } from '../../db/entities';
import { num } from '../../db/sql';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';

/** A row of the console's inspection lot list. */
export const inspectionLotRow = z.object({
  lotNo: z.string(),
  status: z.enum(INSPECTION_LOT_STATUSES),
  source: z.string(),
  sourceDocument: z.string(),
  supplierCode: z.string().nullable(),
  itemSku: z.string(),
  quantity: z.number(),
  sampleSize: z.number().int(),
  ac: z.number().int().nullable(),
  re: z.number().int().nullable(),
  severity: z.string().nullable(),
  verdict: z.string().nullable(),
  createdAt: z.string(),
});
type InspectionLotRow = z.infer<typeof inspectionLotRow>;

const SORT_FIELDS = {
  lotNo: 'l.lot_no',
  status: 'l.status',
  sourceDocument: 'l.source_document',
  supplierCode: 's.code',
  itemSku: 'i.sku',
  quantity: 'l.quantity',
  severity: 'l.severity',
  verdict: 'l.verdict',
  createdAt: 'l.created_at',
} as const;

const listQuery = sqlListQuery(SORT_FIELDS, {
  status: z.enum(INSPECTION_LOT_STATUSES).or(z.literal('')).optional(),
  verdict: z.enum(['accepted', 'rejected']).or(z.literal('')).optional(),
  supplier: z.string().max(40).optional().describe("A supplier's code"),
  item: z.string().max(40).optional().describe("An item's SKU"),
});
type InspectionLotListQuery = z.infer<typeof listQuery>;

/** The inspection lot list: one row per lot with its supplier, item, sampling numbers, status and verdict. */
export const inspectionLotListSpec: SqlListSpec<InspectionLotListQuery, InspectionLotRow> = {
  select: `l.id, l.lot_no, l.status, l.source, l.source_document, s.code as supplier_code, i.sku as item_sku,
       l.quantity, l.sample_size, l.ac, l.re, l.severity, l.verdict,
       to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at`,
  from: `from inspection_lot l join item i on i.id = l.item_id left join supplier s on s.id = l.supplier_id`,
  sortFields: SORT_FIELDS,
  defaultSort: '-lotNo',
  tieBreaker: 'l.id',
  searchFields: ['l.lot_no', 'l.source_document', 's.code', 'i.sku', 'l.stock_lot_code'],
  where: (q) => [
    ...when(q.status, 'l.status = ?'),
    ...when(q.verdict, 'l.verdict = ?'),
    ...when(q.supplier, 's.code = ?'),
    ...when(q.item, 'i.sku = ?'),
  ],
  toRow: (r) => ({
    lotNo: String(r.lot_no),
    status: r.status as InspectionLotRow['status'],
    source: String(r.source),
    sourceDocument: String(r.source_document),
    supplierCode: r.supplier_code === null ? null : String(r.supplier_code),
    itemSku: String(r.item_sku),
    quantity: num(r.quantity),
    sampleSize: Number(r.sample_size),
    ac: r.ac === null ? null : Number(r.ac),
    re: r.re === null ? null : Number(r.re),
    severity: r.severity === null ? null : String(r.severity),
    verdict: r.verdict === null ? null : String(r.verdict),
    createdAt: String(r.created_at),
  }),
  csv: [
    { name: 'lotNo', format: (o) => o.lotNo },
    { name: 'status', format: (o) => o.status },
    { name: 'sourceDocument', format: (o) => o.sourceDocument },
    { name: 'supplierCode', format: (o) => o.supplierCode ?? '' },
    { name: 'itemSku', format: (o) => o.itemSku },
    { name: 'quantity', format: (o) => String(o.quantity) },
    { name: 'sampleSize', format: (o) => String(o.sampleSize) },
    { name: 'ac', format: (o) => (o.ac === null ? '' : String(o.ac)) },
    { name: 're', format: (o) => (o.re === null ? '' : String(o.re)) },
    { name: 'severity', format: (o) => o.severity ?? '' },
    { name: 'verdict', format: (o) => o.verdict ?? '' },
    { name: 'createdAt', format: (o) => o.createdAt },
  ],
};

/**
 * `GET /quality/inspection-lots` (one page) and its `export.csv`: the console's shared list of inspection lots
 * (`GET /inspection-lots` stays the plain newest-500 read the processes use).
 */
export const inspectionLotListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '/quality/inspection-lots',
    tag: 'quality',
    query: listQuery,
    row: inspectionLotRow,
    spec: inspectionLotListSpec,
    noun: 'inspection lots',
    lead: 'Inspection lots, newest first, one page at a time, with their sampling numbers, status and verdict',
    filters: 'filtered by status, verdict, supplier or item, searched by lot, document, supplier, item or stock lot',
    fileName: 'inspection-lots.csv',
  });
