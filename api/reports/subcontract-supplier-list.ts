import { z } from 'zod';
import { num } from '../../db/sql';
import { UNIT_VALUE, VALUED_BALANCES } from '../../db/repositories/stock-report-repository';
import { type SqlListSpec, sqlListQuery, when } from '../lists/sql-list';
import { likePattern } from '../master-data/list';
import type { StockAtSupplierRow, SubcontractSupplierRow } from './subcontract-tracking-schemas';

/*
 * The subcontract tracking report by supplier, and our stock at suppliers' sites by item. A supplier's site is its
 * warehouse `SUP-<supplier code>`, where components sent to it sit with stock status `at-supplier`; their value is the
 * stock-on-hand report's (quantity x the valuation scope's unit value, VALUED_BALANCES / UNIT_VALUE), so the three
 * reports and the valuation sub-ledger agree.
 */

const OPEN = `so.status not in ('received', 'closed', 'cancelled')`;

/**
 * Per supplier with subcontract orders or stock on its site: the figures as columns of `t`, each table aggregated once
 * by supplier (not per supplier row: 200 suppliers over 10,000 orders, bench/subcontract-tracking.bench.ts).
 */
const BY_SUPPLIER = `from (
  select s.id, s.code, s.name, coalesce(o.open_orders, 0) as open_orders, coalesce(o.late_orders, 0) as late_orders,
         coalesce(d.received, 0) as received, coalesce(d.fees, 0) as fees, coalesce(st.value, 0) as stock_value
    from supplier s
    left join (
      select so.supplier_id, count(*) filter (where ${OPEN}) as open_orders,
             count(*) filter (where ${OPEN} and so.due_date < current_date) as late_orders, count(*) as orders
        from subcontract_order so group by so.supplier_id) o on o.supplier_id = s.id
    left join (
      select so.supplier_id, sum(d.finished_quantity) filter (where d.status = 'received') as received,
             sum(d.fee_accrued) as fees
        from subcontract_delivery d join subcontract_order so on so.id = d.order_id group by so.supplier_id) d
      on d.supplier_id = s.id
    left join (
      select w.code as warehouse_code, round(sum(b.quantity * ${UNIT_VALUE}), 2) as value ${VALUED_BALANCES}
       where b.status = 'at-supplier' and b.quantity <> 0 group by w.code) st on st.warehouse_code = 'SUP-' || s.code
   where o.orders > 0 or st.value is not null) t`;

const SUPPLIER_SORTS = {
  supplierCode: 't.code',
  supplierName: 't.name',
  openOrders: 't.open_orders',
  lateOrders: 't.late_orders',
  receivedQuantity: 't.received',
  feesAccrued: 't.fees',
  stockValue: 't.stock_value',
} as const;

export const subcontractSupplierQuery = sqlListQuery(SUPPLIER_SORTS, {
  supplier: z.string().trim().max(40).optional().describe("The supplier's exact code, or text its name contains"),
});
type SupplierQuery = z.infer<typeof subcontractSupplierQuery>;

export const subcontractSupplierList: SqlListSpec<SupplierQuery, SubcontractSupplierRow> = {
  select: 't.code, t.name, t.open_orders, t.late_orders, t.received, t.fees, t.stock_value',
  from: BY_SUPPLIER,
  sortFields: SUPPLIER_SORTS,
  defaultSort: 'supplierCode',
  tieBreaker: 't.id',
  searchFields: ['t.code', 't.name'],
  where: (q) => [...when(q.supplier, '(t.code = ? or t.name ilike ?)', [q.supplier, likePattern(q.supplier ?? '')])],
  toRow: (r) => ({
    supplierCode: String(r.code),
    supplierName: String(r.name),
    openOrders: num(r.open_orders),
    lateOrders: num(r.late_orders),
    receivedQuantity: num(r.received),
    feesAccrued: num(r.fees),
    stockValue: num(r.stock_value),
  }),
  csv: [
    { name: 'Supplier', format: (r) => r.supplierCode },
    { name: 'Name', format: (r) => r.supplierName },
    { name: 'Open orders', format: (r) => r.openOrders },
    { name: 'Late orders', format: (r) => r.lateOrders },
    { name: 'Finished received', format: (r) => r.receivedQuantity },
    { name: 'Fees accrued', format: (r) => r.feesAccrued.toFixed(2) },
    { name: 'Stock value at supplier', format: (r) => r.stockValue.toFixed(2) },
  ],
};

/** Stock with status at-supplier by item and site, valued as stock on hand values it (unrounded, summed, then 2 dp). */
export const STOCK_AT_SUPPLIERS = `from (
  select i.id as item_id, i.sku, i.name as item_name, i.uom, w.id as warehouse_id, w.code as warehouse_code,
         s.code as supplier_code, s.name as supplier_name, sum(b.quantity) as quantity,
         sum(b.quantity * ${UNIT_VALUE}) as value
    ${VALUED_BALANCES}
    left join supplier s on w.code = 'SUP-' || s.code
   where b.status = 'at-supplier' and b.quantity <> 0
   group by i.id, w.id, s.id) t`;

const STOCK_SORTS = {
  itemSku: 't.sku',
  itemName: 't.item_name',
  warehouseCode: 't.warehouse_code',
  supplierCode: 't.supplier_code',
  quantity: 't.quantity',
  value: 't.value',
} as const;

export const stockAtSuppliersQuery = sqlListQuery(STOCK_SORTS, {
  supplier: z.string().trim().max(40).optional().describe("The supplier's exact code, or text its name contains"),
  itemSku: z.string().trim().max(40).optional().describe('Only this item (its exact SKU)'),
});
export type StockAtSuppliersQuery = z.infer<typeof stockAtSuppliersQuery>;

export const stockAtSuppliersList: SqlListSpec<StockAtSuppliersQuery, StockAtSupplierRow> = {
  select:
    't.sku, t.item_name, t.uom, t.warehouse_code, t.supplier_code, t.supplier_name, t.quantity, round(t.value, 2) as value',
  from: STOCK_AT_SUPPLIERS,
  sortFields: STOCK_SORTS,
  defaultSort: 'itemSku',
  tieBreaker: 't.item_id, t.warehouse_id',
  searchFields: ['t.sku', 't.item_name', 't.supplier_code', 't.supplier_name'],
  where: (q) => [
    ...when(q.supplier, '(t.supplier_code = ? or t.supplier_name ilike ?)', [
      q.supplier,
      likePattern(q.supplier ?? ''),
    ]),
    ...when(q.itemSku, 't.sku = ?'),
  ],
  toRow: (r) => ({
    itemSku: String(r.sku),
    itemName: String(r.item_name),
    uom: String(r.uom),
    warehouseCode: String(r.warehouse_code),
    supplierCode: r.supplier_code === null ? null : String(r.supplier_code),
    supplierName: r.supplier_name === null ? null : String(r.supplier_name),
    quantity: num(r.quantity),
    value: num(r.value),
  }),
  csv: [
    { name: 'Item', format: (r) => r.itemSku },
    { name: 'Name', format: (r) => r.itemName },
    { name: 'Supplier', format: (r) => r.supplierCode },
    { name: 'Warehouse', format: (r) => r.warehouseCode },
    { name: 'Quantity', format: (r) => r.quantity },
    { name: 'Unit', format: (r) => r.uom },
    { name: 'Value', format: (r) => r.value.toFixed(2) },
  ],
};
