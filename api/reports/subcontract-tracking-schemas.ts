import { z } from 'zod';
import { COMPONENT_PROVISIONS, SUBCONTRACT_ORDER_STATUSES } from '../../db/entities/subcontracting';

/**
 * Wire rows of the subcontract tracking reports (委外跟踪表). Quantities of different components never add up to
 * anything, so an order row counts its component lines and values what is still out; the per-component quantities
 * are the components sub-resource's.
 */
export const subcontractTrackingRow = z.object({
  orderNumber: z.string(),
  supplierCode: z.string(),
  supplierName: z.string(),
  itemSku: z.string().describe('The finished item the supplier makes'),
  itemName: z.string(),
  uom: z.string(),
  quantity: z.number().describe('Finished quantity ordered'),
  dueDate: z.string().describe('YYYY-MM-DD'),
  status: z.enum(SUBCONTRACT_ORDER_STATUSES),
  late: z.boolean().describe('Due date passed and not received, closed or cancelled'),
  componentLines: z.number().int().describe('Component lines of the order'),
  componentsSent: z.number().int().describe('Component lines of which anything was sent'),
  componentsOut: z.number().int().describe('Component lines with material still at the supplier'),
  valueAtSupplier: z.number().describe('Value of our components still at the supplier (stock valuation unit value)'),
  receivedQuantity: z.number().describe('Finished quantity received (deliveries not rejected)'),
  feesAccrued: z.number().describe("Sum of the deliveries' accrued processing fees"),
  feesInvoiced: z.number().describe('Net processing fees billed by posted fee invoices'),
  feeDifference: z
    .number()
    .describe('Invoiced minus the accrual those invoices cleared (booked by the after-the-fact rule)'),
});
export type SubcontractTrackingRow = z.infer<typeof subcontractTrackingRow>;

/** One component of an order with its running totals and what is still at the supplier. */
export const subcontractTrackingComponent = z.object({
  lineNo: z.number().int(),
  itemSku: z.string(),
  itemName: z.string(),
  uom: z.string(),
  provision: z.enum(COMPONENT_PROVISIONS),
  requiredQuantity: z.number(),
  sentQuantity: z.number(),
  consumedQuantity: z.number(),
  scrappedQuantity: z.number(),
  returnedQuantity: z.number(),
  atSupplierQuantity: z.number().describe('sent - consumed - scrapped - returned'),
  unitValue: z.number().describe("The item's valuation unit value at the supplier's site (0 unless provision ours)"),
  value: z.number(),
});

export const subcontractTrackingDetail = z.object({
  order: subcontractTrackingRow,
  components: z.array(subcontractTrackingComponent),
});

/** Per supplier: its orders, lateness, receipts, fees and the value of our stock on its site. */
export const subcontractSupplierRow = z.object({
  supplierCode: z.string(),
  supplierName: z.string(),
  openOrders: z.number().int().describe('Orders not received, closed or cancelled'),
  lateOrders: z.number().int(),
  receivedQuantity: z.number().describe('Finished quantity received over all its orders'),
  feesAccrued: z.number(),
  stockValue: z.number().describe('Value of our stock with status at-supplier in its warehouse SUP-<code>'),
});
export type SubcontractSupplierRow = z.infer<typeof subcontractSupplierRow>;

/** Stock with status at-supplier by item and supplier site. */
export const stockAtSupplierRow = z.object({
  itemSku: z.string(),
  itemName: z.string(),
  uom: z.string(),
  warehouseCode: z.string(),
  supplierCode: z.string().nullable().describe('The supplier whose site the warehouse SUP-<code> is; null if none'),
  supplierName: z.string().nullable(),
  quantity: z.number(),
  value: z.number().describe('Quantity x the valuation scope unit value (FIFO layers remaining), as stock on hand'),
});
export type StockAtSupplierRow = z.infer<typeof stockAtSupplierRow>;

export const stockAtSuppliersReport = z.object({
  items: z.array(stockAtSupplierRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  totals: z.object({ value: z.number().describe('Value over the whole filter') }),
});
