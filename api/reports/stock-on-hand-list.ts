import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { IN_TRANSIT, STOCK_STATUSES } from '../../db/entities/inventory';
import { EXPIRED, UNIT_VALUE, VALUED_BALANCES } from '../../db/repositories/stock-report-repository';
import { num, query } from '../../db/sql';
import { type ExportColumn, listPage, type SqlListSpec, sqlListQuery, when } from '../lists/sql-list';
import { containing, nullableText, reportWhere } from './report-list';
import type { stockOnHandRow } from './report-schemas';

type StockRow = z.infer<typeof stockOnHandRow>;

/** Wire sort field -> SQL: every column the report shows. */
const SORTS = {
  itemSku: 'i.sku',
  itemName: 'i.name',
  warehouseCode: 'w.code',
  locationCode: 'l.code',
  lotCode: 'lot.code',
  expiryDate: 'lot.expires_on',
  status: 'b.status',
  quantity: 'b.quantity',
  reserved: 'b.reserved_quantity',
  free: '(b.quantity - b.reserved_quantity)',
  unitValue: UNIT_VALUE,
  value: `(b.quantity * ${UNIT_VALUE})`,
} as const;

/** Page, search (SKU, name, location, lot), sort and the report's filters. */
export const stockOnHandQuery = sqlListQuery(SORTS, {
  itemSku: z.string().trim().max(40).optional().describe('Only this item (its exact SKU)'),
  warehouseCode: z.string().trim().max(20).optional().describe('Only this warehouse (its exact code)'),
  locationCode: z.string().trim().max(40).optional().describe('Locations whose code contains this text'),
  lotCode: z.string().trim().max(60).optional().describe('Lots whose code contains this text'),
  // Every status stock can be in, transfers' in-transit too (manual moves name only STOCK_STATUSES).
  status: z
    .enum([...STOCK_STATUSES, IN_TRANSIT])
    .optional()
    .describe('Only stock in this status'),
});
type StockQuery = z.infer<typeof stockOnHandQuery>;

const CSV: ReadonlyArray<ExportColumn<StockRow>> = [
  { name: 'Item', format: (r) => r.itemSku },
  { name: 'Name', format: (r) => r.itemName },
  { name: 'Warehouse', format: (r) => r.warehouseCode },
  { name: 'Location', format: (r) => r.locationCode },
  { name: 'Lot', format: (r) => r.lotCode },
  { name: 'Expiry', format: (r) => r.expiryDate },
  { name: 'Expired', format: (r) => (r.expired ? 'yes' : 'no') },
  { name: 'Status', format: (r) => r.status },
  { name: 'Quantity', format: (r) => r.quantity },
  { name: 'Unit', format: (r) => r.uom },
  { name: 'Reserved', format: (r) => r.reserved },
  { name: 'Free', format: (r) => r.free },
  { name: 'Unit value (item average)', format: (r) => r.unitValue },
  { name: 'Value', format: (r) => r.value.toFixed(2) },
];

/** Stock by item x location x lot x status with its value; zero balances (all moved away) are not stock. */
export const stockOnHandList: SqlListSpec<StockQuery, StockRow> = {
  select: `i.sku, i.name as item_name, i.uom, w.code as warehouse_code, w.virtual, l.code as location_code,
           lot.code as lot_code, to_char(lot.expires_on, 'YYYY-MM-DD') as expiry_date, ${EXPIRED} as expired,
           b.status, b.quantity, b.reserved_quantity, round(${UNIT_VALUE}, 6) as unit_value,
           round(b.quantity * ${UNIT_VALUE}, 2) as value`,
  from: VALUED_BALANCES,
  sortFields: SORTS,
  defaultSort: 'itemSku',
  // The report's reading order (warehouse, pick path, lot, status), then the balance: pages never overlap.
  tieBreaker: 'i.sku, w.code, l.pick_sequence, l.code, lot.code nulls first, b.status, b.id',
  searchFields: ['i.sku', 'i.name', 'l.code', 'lot.code'],
  where: (q) => [
    { sql: 'b.quantity <> 0', params: [] },
    ...when(q.itemSku, 'i.sku = ?'),
    ...when(q.warehouseCode, 'w.code = ?'),
    ...containing(q.locationCode, 'l.code'),
    ...containing(q.lotCode, 'lot.code'),
    ...when(q.status, 'b.status = ?'),
  ],
  toRow: (r) => ({
    itemSku: String(r.sku),
    itemName: String(r.item_name),
    uom: String(r.uom),
    warehouseCode: String(r.warehouse_code),
    virtualWarehouse: Boolean(r.virtual),
    locationCode: String(r.location_code),
    lotCode: nullableText(r.lot_code),
    expiryDate: nullableText(r.expiry_date),
    status: String(r.status),
    expired: Boolean(r.expired),
    quantity: num(r.quantity),
    reserved: num(r.reserved_quantity),
    free: num(r.quantity) - num(r.reserved_quantity),
    unitValue: num(r.unit_value),
    value: num(r.value),
  }),
  csv: CSV,
};

/** One page of stock with the totals over the whole filter (expired and blocked apart: they overlap). */
export async function stockOnHandPage(em: EntityManager, listQuery: StockQuery) {
  const page = await listPage(em, stockOnHandList, listQuery);
  const where = reportWhere(stockOnHandList, listQuery);
  // Totals sum the unrounded row values, so they match the valuation sub-ledger instead of drifting by row rounding.
  const [totals] = await query<Record<string, unknown>>(
    em,
    `select coalesce(sum(b.quantity), 0) as quantity,
            round(coalesce(sum(b.quantity * ${UNIT_VALUE}), 0), 2) as value,
            coalesce(sum(b.quantity) filter (where ${EXPIRED}), 0) as expired_quantity,
            round(coalesce(sum(b.quantity * ${UNIT_VALUE}) filter (where ${EXPIRED}), 0), 2) as expired_value,
            coalesce(sum(b.quantity) filter (where b.status = 'blocked'), 0) as blocked_quantity,
            round(coalesce(sum(b.quantity * ${UNIT_VALUE}) filter (where b.status = 'blocked'), 0), 2) as blocked_value
       ${VALUED_BALANCES} ${where.sql}`,
    where.params,
  );
  const figure = (name: string) => num(totals?.[name] ?? 0);
  return {
    ...page,
    totals: {
      quantity: figure('quantity'),
      value: figure('value'),
      expired: { quantity: figure('expired_quantity'), value: figure('expired_value') },
      blocked: { quantity: figure('blocked_quantity'), value: figure('blocked_value') },
    },
  };
}
