import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ITEMS_ON_HAND_LAST_OUT, NOT_MOVED_WITHIN_DAYS } from '../../db/repositories/stock-report-repository';
import { num, query } from '../../db/sql';
import { type ExportColumn, listPage, type SqlListSpec, sqlListQuery } from '../lists/sql-list';
import { containing, reportWhere } from './report-list';
import type { slowMovingReport } from './report-schemas';

type SlowRow = z.infer<typeof slowMovingReport>['items'][number];

/** Never-moved items count as the oldest: first by last outgoing move ascending, by days since descending. */
const SORTS = {
  itemSku: 's.sku',
  itemName: 's.name',
  lastOutgoingAt: "coalesce(s.last_outgoing_at, '-infinity'::timestamptz)",
  daysSinceLastOutgoing: 'coalesce(s.days_since, 2147483647)',
  quantity: 's.quantity',
  uom: 's.uom',
  value: 's.value',
} as const;

/** Page, search (SKU, name), sort, the `days` threshold and an item filter. */
export const slowMovingQuery = sqlListQuery(SORTS, {
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('Items with no outgoing move (shipment, issue, scrap) in this many days'),
  itemSku: z.string().trim().max(40).optional().describe('Items whose SKU contains this text'),
});
type SlowQuery = z.infer<typeof slowMovingQuery>;

const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

const CSV: ReadonlyArray<ExportColumn<SlowRow>> = [
  { name: 'Item', format: (r) => r.itemSku },
  { name: 'Name', format: (r) => r.itemName },
  { name: 'Last outgoing', format: (r) => r.lastOutgoingAt },
  { name: 'Days since', format: (r) => r.daysSinceLastOutgoing },
  { name: 'Quantity', format: (r) => r.quantity },
  { name: 'Unit', format: (r) => r.uom },
  { name: 'Value', format: (r) => r.value.toFixed(2) },
];

export const slowMovingList: SqlListSpec<SlowQuery, SlowRow> = {
  select: 's.*, round(s.value, 2) as rounded_value',
  from: ITEMS_ON_HAND_LAST_OUT,
  sortFields: SORTS,
  defaultSort: 'lastOutgoingAt',
  tieBreaker: 's.sku',
  searchFields: ['s.sku', 's.name'],
  where: (q) => [{ sql: NOT_MOVED_WITHIN_DAYS, params: [q.days] }, ...containing(q.itemSku, 's.sku')],
  toRow: (r) => ({
    itemSku: String(r.sku),
    itemName: String(r.name),
    uom: String(r.uom),
    lastOutgoingAt: iso(r.last_outgoing_at),
    daysSinceLastOutgoing: r.days_since === null ? null : num(r.days_since),
    quantity: num(r.quantity),
    value: num(r.rounded_value),
  }),
  csv: CSV,
};

/** One page of slow movers with the value of every slow mover the filters select. */
export async function slowMovingPage(em: EntityManager, listQuery: SlowQuery) {
  const page = await listPage(em, slowMovingList, listQuery);
  const where = reportWhere(slowMovingList, listQuery);
  const [totals] = await query<Record<string, unknown>>(
    em,
    `select coalesce(round(sum(s.value), 2), 0) as value ${ITEMS_ON_HAND_LAST_OUT} ${where.sql}`,
    where.params,
  );
  return { ...page, days: listQuery.days, totals: { value: num(totals?.value ?? 0) } };
}
