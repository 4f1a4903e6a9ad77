import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { SUBCONTRACT_ORDER_STATUSES } from '../../db/entities/subcontracting';
import { num, query } from '../../db/sql';
import { isoDate } from '../input-guard';
import { likePattern as like } from '../master-data/list';
import { listPage, listRow, type SqlListSpec, sqlListQuery, when } from '../lists/sql-list';
import type { SubcontractTrackingRow } from './subcontract-tracking-schemas';

/*
 * The subcontract tracking report (委外跟踪表), one row per order. Hand-written SQL over the order tables (a hot path:
 * bench/subcontract-tracking.bench.ts, 10,000 orders): the page sorts and filters on the order's own indexed columns
 * (Migration20261202161000_subcontract_tracking) and computes the component and delivery figures for its rows only.
 */

/** Still at the supplier for one component line `c`. */
export const STILL_OUT = '(c.sent_quantity - c.consumed_quantity - c.scrapped_quantity - c.returned_quantity)';

/**
 * The unit value of component `c` (item `ci`) at the supplier's site `sw`: its valuation scope's value / quantity, as
 * the stock-on-hand report values a balance (db/repositories/stock-report-repository UNIT_VALUE). Only our own
 * material carries our cost; a customer's or the supplier's own is worth nothing to our books.
 */
export const COMPONENT_UNIT_VALUE = `(case when c.provision <> 'ours' then 0 else coalesce((
    select case when v.quantity > 0 then v.value / v.quantity else 0 end from item_valuation v
     where v.item_id = c.item_id
       and coalesce(v.warehouse_id, 0) = case when ci.valued_per_warehouse then coalesce(sw.id, -1) else 0 end), 0) end)`;

const COMPONENTS = 'from subcontract_order_component c where c.order_id = so.id';
const LINES = `(select count(*) ${COMPONENTS})`;
const LINES_SENT = `(select count(*) ${COMPONENTS} and c.sent_quantity > 0)`;
const LINES_OUT = `(select count(*) ${COMPONENTS} and ${STILL_OUT} > 0)`;
const VALUE_OUT = `(select coalesce(round(sum(${STILL_OUT} * ${COMPONENT_UNIT_VALUE}), 2), 0)
    from subcontract_order_component c join item ci on ci.id = c.item_id where c.order_id = so.id)`;
const RECEIVED = `(select coalesce(sum(d.finished_quantity), 0) from subcontract_delivery d
    where d.order_id = so.id and d.status = 'received')`;
const FEES = '(select coalesce(sum(d.fee_accrued), 0) from subcontract_delivery d where d.order_id = so.id)';
/** What posted fee invoices settled of the order's deliveries (subcontract_fee_settlement): a column of it, summed. */
const SETTLED = (column: string) => `(select coalesce(sum(fs.${column}), 0) from subcontract_fee_settlement fs
    join subcontract_delivery d on d.id = fs.delivery_id where d.order_id = so.id)`;
const FEES_INVOICED = SETTLED('invoiced_net');
const FEE_DIFFERENCE = SETTLED('difference');
/** Due before today and the goods not all back: what a buyer chases. */
export const LATE = `(so.due_date < current_date and so.status not in ('received', 'closed', 'cancelled'))`;

const SORTS = {
  orderNumber: 'so.order_number',
  supplier: 's.code',
  item: 'i.sku',
  quantity: 'so.quantity',
  dueDate: 'so.due_date',
  status: 'so.status',
  late: LATE,
  componentsOut: LINES_OUT,
  valueAtSupplier: VALUE_OUT,
  receivedQuantity: RECEIVED,
  feesAccrued: FEES,
  feesInvoiced: FEES_INVOICED,
  feeDifference: FEE_DIFFERENCE,
} as const;

/** Page, search, sort and the report's filters (a cleared select arrives as '' and means no filter). */
export const subcontractTrackingQuery = sqlListQuery(SORTS, {
  supplier: z.string().trim().max(40).optional().describe("The supplier's exact code, or text its name contains"),
  status: z.enum(SUBCONTRACT_ORDER_STATUSES).or(z.literal('')).optional().describe('Only orders in this status'),
  late: z.enum(['true', 'false', '']).optional().describe('Only late orders (true) or only those on time (false)'),
  dueFrom: isoDate().optional().or(z.literal('')).describe('Due on or after this day (YYYY-MM-DD)'),
  dueTo: isoDate().optional().or(z.literal('')).describe('Due on or before this day (YYYY-MM-DD)'),
  item: z.string().trim().max(40).optional().describe('Finished item SKU (contains)'),
});
export type SubcontractTrackingQuery = z.infer<typeof subcontractTrackingQuery>;

export const subcontractTrackingList: SqlListSpec<SubcontractTrackingQuery, SubcontractTrackingRow> = {
  select: `so.order_number, s.code as supplier_code, s.name as supplier_name, i.sku, i.name as item_name, i.uom,
       so.quantity, to_char(so.due_date, 'YYYY-MM-DD') as due_date, so.status, ${LATE} as late, ${LINES} as lines,
       ${LINES_SENT} as lines_sent, ${LINES_OUT} as lines_out, ${VALUE_OUT} as value_out, ${RECEIVED} as received,
       ${FEES} as fees, ${FEES_INVOICED} as fees_invoiced, ${FEE_DIFFERENCE} as fee_difference`,
  // The supplier's site warehouse SUP-<code> (where the sent components sit) values the components.
  from: `from subcontract_order so join supplier s on s.id = so.supplier_id join item i on i.id = so.item_id
       left join warehouse sw on sw.code = 'SUP-' || s.code`,
  sortFields: SORTS,
  defaultSort: 'dueDate',
  tieBreaker: 'so.id',
  searchFields: ['so.order_number', 's.code', 's.name', 'i.sku', 'i.name'],
  where: (q) => [
    ...when(q.supplier, '(s.code = ? or s.name ilike ?)', [q.supplier, like(q.supplier ?? '')]),
    ...when(q.status, 'so.status = ?'),
    ...when(q.late, q.late === 'true' ? LATE : `not ${LATE}`, []),
    ...when(q.dueFrom, 'so.due_date >= ?::date'),
    ...when(q.dueTo, 'so.due_date <= ?::date'),
    ...when(q.item, 'i.sku ilike ?', [like(q.item ?? '')]),
  ],
  toRow: (r) => ({
    orderNumber: String(r.order_number),
    supplierCode: String(r.supplier_code),
    supplierName: String(r.supplier_name),
    itemSku: String(r.sku),
    itemName: String(r.item_name),
    uom: String(r.uom),
    quantity: num(r.quantity),
    dueDate: String(r.due_date),
    status: String(r.status) as SubcontractTrackingRow['status'],
    late: Boolean(r.late),
    componentLines: num(r.lines),
    componentsSent: num(r.lines_sent),
    componentsOut: num(r.lines_out),
    valueAtSupplier: num(r.value_out),
    receivedQuantity: num(r.received),
    feesAccrued: num(r.fees),
    feesInvoiced: num(r.fees_invoiced),
    feeDifference: num(r.fee_difference),
  }),
  csv: [
    { name: 'Order', format: (o) => o.orderNumber },
    { name: 'Supplier', format: (o) => o.supplierCode },
    { name: 'Supplier name', format: (o) => o.supplierName },
    { name: 'Item', format: (o) => o.itemSku },
    { name: 'Ordered', format: (o) => o.quantity },
    { name: 'Unit', format: (o) => o.uom },
    { name: 'Due', format: (o) => o.dueDate },
    { name: 'Status', format: (o) => o.status },
    { name: 'Late', format: (o) => (o.late ? 'yes' : 'no') },
    { name: 'Component lines', format: (o) => o.componentLines },
    { name: 'Lines sent', format: (o) => o.componentsSent },
    { name: 'Lines still out', format: (o) => o.componentsOut },
    { name: 'Value at supplier', format: (o) => o.valueAtSupplier.toFixed(2) },
    { name: 'Received', format: (o) => o.receivedQuantity },
    { name: 'Fees accrued', format: (o) => o.feesAccrued.toFixed(2) },
    { name: 'Fees invoiced', format: (o) => o.feesInvoiced.toFixed(2) },
    { name: 'Fee difference', format: (o) => o.feeDifference.toFixed(2) },
  ],
};

/** One order's row and its components with their running totals; undefined for an unknown order number. */
export async function subcontractTrackingDetail(em: EntityManager, orderNumber: string) {
  const found = await listRow(em, subcontractTrackingList, 'so.id', 'so.order_number = ?', [orderNumber]);
  if (!found) return undefined;
  const rows = await query<Record<string, unknown>>(
    em,
    `select c.line_no, ci.sku, ci.name, ci.uom, c.provision, c.required_quantity, c.sent_quantity, c.consumed_quantity,
            c.scrapped_quantity, c.returned_quantity, ${STILL_OUT} as still_out,
            round(${COMPONENT_UNIT_VALUE}, 6) as unit_value, round(${STILL_OUT} * ${COMPONENT_UNIT_VALUE}, 2) as value
       from subcontract_order_component c join item ci on ci.id = c.item_id
       join subcontract_order so on so.id = c.order_id join supplier s on s.id = so.supplier_id
       left join warehouse sw on sw.code = 'SUP-' || s.code
      where c.order_id = ? order by c.line_no`,
    [found.id],
  );
  const components = rows.map((r) => ({
    lineNo: num(r.line_no),
    itemSku: String(r.sku),
    itemName: String(r.name),
    uom: String(r.uom),
    provision: String(r.provision) as 'ours' | 'supplier' | 'customer',
    requiredQuantity: num(r.required_quantity),
    sentQuantity: num(r.sent_quantity),
    consumedQuantity: num(r.consumed_quantity),
    scrappedQuantity: num(r.scrapped_quantity),
    returnedQuantity: num(r.returned_quantity),
    atSupplierQuantity: num(r.still_out),
    unitValue: num(r.unit_value),
    value: num(r.value),
  }));
  return { order: found.row, components };
}

/** The report's page as order ids: its filters and sort without the per-order figures. */
const TRACKING_IDS: SqlListSpec<SubcontractTrackingQuery, number> = {
  ...subcontractTrackingList,
  select: 'so.id',
  toRow: (r) => num(r.id),
  csv: [],
};

/**
 * One page of the report in two reads: the page's order ids and the total (sorted and filtered on the order's own
 * indexed columns, as the list spec orders them), then the figures of those orders only. One read would let
 * PostgreSQL compute every order's component and delivery figures before sorting (10,000 orders: p95 124 ms against
 * 16 ms; bench/subcontract-tracking.bench.ts).
 */
export async function subcontractTrackingPage(em: EntityManager, listQuery: SubcontractTrackingQuery) {
  const ids = await listPage(em, TRACKING_IDS, listQuery);
  const pageIds = ids.items;
  const rows =
    pageIds.length === 0
      ? []
      : await query<Record<string, unknown>>(
          em,
          `select so.id as row_id, ${subcontractTrackingList.select} ${subcontractTrackingList.from} where so.id in (?)`,
          [pageIds],
        );
  const byId = new Map(rows.map((r) => [num(r.row_id), subcontractTrackingList.toRow(r)]));
  const items = pageIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
  return { ...ids, items };
}
