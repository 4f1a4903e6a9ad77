import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num } from '../../db/sql';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';
import { carrierReceiptSummary } from './carrier-receipt-schemas';

type CarrierReceiptRow = z.infer<typeof carrierReceiptSummary>;

const SORT_FIELDS = {
  receiptNumber: 'cr.receipt_number',
  carrier: 's.name',
  reference: 'cr.reference',
  date: 'cr.receipt_date',
  amount: 'cr.amount',
  status: 'cr.status',
} as const;

const listQuery = sqlListQuery(SORT_FIELDS, {
  status: z.enum(['posting', 'posted', 'refused']).or(z.literal('')).optional(),
  delivery: z.string().max(40).optional().describe('A delivery the receipt covers, e.g. SC-000012/1'),
});
type CarrierReceiptListQuery = z.infer<typeof listQuery>;

/** The carrier receipt list: one row per receipt with its carrier, the deliveries it covers and the basis applied. */
export const carrierReceiptListSpec: SqlListSpec<CarrierReceiptListQuery, CarrierReceiptRow> = {
  select: `cr.id, cr.receipt_number, s.code as carrier_code, s.name as carrier_name, cr.reference,
       to_char(cr.receipt_date, 'YYYY-MM-DD') as receipt_date, cr.amount, cr.status, cr.basis,
       (select array_agg(distinct l.delivery_reference order by l.delivery_reference)
          from carrier_receipt_line l where l.receipt_id = cr.id) as deliveries`,
  from: `from carrier_receipt cr join supplier s on s.id = cr.carrier_id`,
  sortFields: SORT_FIELDS,
  defaultSort: '-receiptNumber',
  tieBreaker: 'cr.id',
  searchFields: ['cr.receipt_number', 'cr.reference', 's.code', 's.name'],
  where: (q) => [
    ...when(q.status, 'cr.status = ?'),
    ...when(
      q.delivery,
      'exists (select 1 from carrier_receipt_line l where l.receipt_id = cr.id and l.delivery_reference = ?)',
    ),
  ],
  toRow: (r) => ({
    receiptNumber: String(r.receipt_number),
    carrierCode: String(r.carrier_code),
    carrierName: String(r.carrier_name),
    reference: String(r.reference),
    date: String(r.receipt_date),
    amount: num(r.amount),
    status: r.status as CarrierReceiptRow['status'],
    deliveries: (r.deliveries as string[] | null) ?? [],
    basis: r.basis === null ? null : String(r.basis),
  }),
  csv: [
    { name: 'receiptNumber', format: (o) => o.receiptNumber },
    { name: 'carrierCode', format: (o) => o.carrierCode },
    { name: 'reference', format: (o) => o.reference },
    { name: 'date', format: (o) => o.date },
    { name: 'amount', format: (o) => o.amount.toFixed(2) },
    { name: 'status', format: (o) => o.status },
    { name: 'deliveries', format: (o) => o.deliveries.join(' ') },
    { name: 'basis', format: (o) => o.basis ?? '' },
  ],
};

/** `GET /` (one page) and `GET /export.csv` (every page, streamed) of the carrier receipts. */
export const carrierReceiptListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'purchasing',
    query: listQuery,
    row: carrierReceiptSummary,
    spec: carrierReceiptListSpec,
    noun: 'carrier receipts',
    lead: 'Carrier receipts (freight on deliveries), newest first, one page at a time, with the basis each was spread by',
    filters: 'filtered by status or a covered delivery, searched by number, reference or carrier, sorted by any column',
    fileName: 'carrier-receipts.csv',
  });
