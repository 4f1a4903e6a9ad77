import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  AGING_BUCKETS,
  type AgingBucket,
  UNIT_VALUE,
  VALUED_BALANCES,
} from '../../db/repositories/stock-report-repository';
import { num, query } from '../../db/sql';
import { type ExportColumn, listPage, type SqlListSpec, sqlListQuery, when } from '../lists/sql-list';
import { containing, nullableText, reportWhere } from './report-list';
import type { stockAgingReport } from './report-schemas';

type AgingRow = z.infer<typeof stockAgingReport>['items'][number];

/**
 * Lots with stock, their age since receipt and their value at the valuation scope's unit value (virtual
 * warehouses unvalued, as in stock on hand); the bucket is derived in SQL so it can be filtered and sorted.
 */
const AGED_LOTS = `
  from (
    select aged.*, case when age_days <= 30 then '0-30' when age_days <= 90 then '31-90'
                        when age_days <= 180 then '91-180' else '180+' end as bucket
      from (
        select i.sku, i.name as item_name, i.uom, lot.id as lot_id, lot.code as lot_code, lot.received_at,
               to_char(lot.expires_on, 'YYYY-MM-DD') as expiry_date,
               floor(extract(epoch from (now() - lot.received_at)) / 86400)::int as age_days,
               sum(b.quantity) as quantity, sum(b.quantity * ${UNIT_VALUE}) as value
          ${VALUED_BALANCES}
         where b.lot_id is not null
         group by i.id, lot.id
        having sum(b.quantity) > 0) aged) aged`;

const SORTS = {
  itemSku: 'aged.sku',
  itemName: 'aged.item_name',
  lotCode: 'aged.lot_code',
  receivedAt: 'aged.received_at',
  expiryDate: 'aged.expiry_date',
  ageDays: 'aged.age_days',
  // In age order, not as text ('180+' would come before '31-90').
  bucket: `array_position(array[${AGING_BUCKETS.map((b) => `'${b}'`).join(', ')}], aged.bucket)`,
  quantity: 'aged.quantity',
  value: 'aged.value',
} as const;

/** Page, search (SKU, name, lot), sort, age bucket, item and lot. */
export const stockAgingQuery = sqlListQuery(SORTS, {
  bucket: z.enum(AGING_BUCKETS).optional().describe('Only lots of this age bucket (days since receipt)'),
  itemSku: z.string().trim().max(40).optional().describe('Items whose SKU contains this text'),
  lotCode: z.string().trim().max(60).optional().describe('Lots whose code contains this text'),
});
type AgingQuery = z.infer<typeof stockAgingQuery>;

const CSV: ReadonlyArray<ExportColumn<AgingRow>> = [
  { name: 'Item', format: (r) => r.itemSku },
  { name: 'Name', format: (r) => r.itemName },
  { name: 'Lot', format: (r) => r.lotCode },
  { name: 'Received', format: (r) => r.receivedAt },
  { name: 'Expiry', format: (r) => r.expiryDate },
  { name: 'Age (days)', format: (r) => r.ageDays },
  { name: 'Bucket', format: (r) => r.bucket },
  { name: 'Quantity', format: (r) => r.quantity },
  { name: 'Unit', format: (r) => r.uom },
  { name: 'Value', format: (r) => r.value.toFixed(2) },
];

/** Filters other than the bucket: the bucket summary shows every bucket of what is searched. */
const whereButBucket = (q: AgingQuery) => [
  ...containing(q.itemSku, 'aged.sku'),
  ...containing(q.lotCode, 'aged.lot_code'),
];

export const stockAgingList: SqlListSpec<AgingQuery, AgingRow> = {
  select: 'aged.*, round(aged.value, 2) as rounded_value',
  from: AGED_LOTS,
  sortFields: SORTS,
  defaultSort: 'receivedAt',
  tieBreaker: 'aged.sku, aged.lot_code, aged.lot_id',
  searchFields: ['aged.sku', 'aged.item_name', 'aged.lot_code'],
  where: (q) => [...when(q.bucket, 'aged.bucket = ?'), ...whereButBucket(q)],
  toRow: (r) => ({
    itemSku: String(r.sku),
    itemName: String(r.item_name),
    uom: String(r.uom),
    lotCode: String(r.lot_code),
    receivedAt: new Date(r.received_at as string).toISOString(),
    expiryDate: nullableText(r.expiry_date),
    ageDays: num(r.age_days),
    bucket: String(r.bucket) as AgingBucket,
    quantity: num(r.quantity),
    value: num(r.rounded_value),
  }),
  csv: CSV,
};

/** One page of aged lots with every bucket's lots, quantity and value under the same search and filters. */
export async function stockAgingPage(em: EntityManager, listQuery: AgingQuery) {
  const page = await listPage(em, stockAgingList, listQuery);
  const where = reportWhere({ ...stockAgingList, where: whereButBucket }, listQuery);
  const summary = await query<Record<string, unknown>>(
    em,
    `select aged.bucket, count(*) as lots, sum(aged.quantity) as quantity, round(sum(aged.value), 2) as value
       ${AGED_LOTS} ${where.sql} group by aged.bucket`,
    where.params,
  );
  const byBucket = new Map(summary.map((r) => [String(r.bucket), r]));
  const buckets = AGING_BUCKETS.map((bucket) => {
    const r = byBucket.get(bucket);
    return { bucket, lots: num(r?.lots ?? 0), quantity: num(r?.quantity ?? 0), value: num(r?.value ?? 0) };
  });
  return { ...page, buckets };
}
