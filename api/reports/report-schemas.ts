import { z } from 'zod';
import { AGING_BUCKETS } from '../../db/repositories/stock-report-repository';
import { pageOf, pageQuery } from '../pagination';

const sku = z.string().trim().max(40);
const periodCode = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period must be YYYY-MM');

/** The warehouses a stock report can be filtered by (the filter's options). */
export const warehouseSchema = z.object({ code: z.string(), name: z.string(), virtual: z.boolean() });

export const stockOnHandQuery = pageQuery.extend({
  itemSku: sku.optional(),
  warehouseCode: z.string().trim().max(20).optional(),
});

export const stockOnHandRow = z.object({
  itemSku: z.string(),
  itemName: z.string(),
  uom: z.string(),
  warehouseCode: z.string(),
  virtualWarehouse: z.boolean(),
  locationCode: z.string(),
  lotCode: z.string().nullable(),
  expiryDate: z.string().nullable(),
  status: z.string(),
  quantity: z.number(),
  reserved: z.number(),
  free: z.number(),
  /** The valuation scope's value / quantity; 0 in virtual warehouses. */
  unitValue: z.number(),
  value: z.number(),
});

export const stockOnHandReport = pageOf(stockOnHandRow).extend({
  totals: z.object({ quantity: z.number(), value: z.number() }),
});

export const itemLedgerQuery = pageQuery.extend({ itemSku: sku.min(1, 'itemSku is required') });

export const itemLedgerRow = z.object({
  moveId: z.number(),
  effectiveAt: z.string(),
  moveType: z.string(),
  documentType: z.string(),
  documentRef: z.string(),
  lineNo: z.number().nullable(),
  fromLocation: z.string().nullable(),
  toLocation: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  lotCode: z.string().nullable(),
  quantity: z.number(),
  quantityIn: z.number(),
  quantityOut: z.number(),
  runningQuantity: z.number(),
  valueIn: z.number(),
  valueOut: z.number(),
  runningValue: z.number(),
});

export const itemLedgerReport = pageOf(itemLedgerRow).extend({
  item: z.object({ sku: z.string(), name: z.string(), uom: z.string(), valuationMethod: z.string() }),
  onHand: z.number(),
  value: z.number(),
});

export const stockAgingQuery = pageQuery.extend({ bucket: z.enum(AGING_BUCKETS).optional() });

export const stockAgingReport = pageOf(
  z.object({
    itemSku: z.string(),
    itemName: z.string(),
    uom: z.string(),
    lotCode: z.string(),
    receivedAt: z.string(),
    expiryDate: z.string().nullable(),
    ageDays: z.number(),
    bucket: z.enum(AGING_BUCKETS),
    quantity: z.number(),
    value: z.number(),
  }),
).extend({
  buckets: z.array(
    z.object({ bucket: z.enum(AGING_BUCKETS), lots: z.number(), quantity: z.number(), value: z.number() }),
  ),
});

export const slowMovingQuery = pageQuery.extend({ days: z.coerce.number().int().min(1).max(3650).default(90) });

export const slowMovingReport = pageOf(
  z.object({
    itemSku: z.string(),
    itemName: z.string(),
    uom: z.string(),
    lastOutgoingAt: z.string().nullable(),
    daysSinceLastOutgoing: z.number().nullable(),
    quantity: z.number(),
    value: z.number(),
  }),
).extend({ days: z.number(), totals: z.object({ value: z.number() }) });

export const trialBalanceQuery = z.object({ period: periodCode.optional() });

export const trialBalanceReport = z.object({
  period: z.string().nullable(),
  accounts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      type: z.string(),
      debit: z.number(),
      credit: z.number(),
      /** Debit minus credit. */
      balance: z.number(),
    }),
  ),
  totals: z.object({ debit: z.number(), credit: z.number(), difference: z.number() }),
  balanced: z.boolean(),
});

export const inventoryValuationReport = pageOf(
  z.object({
    itemSku: z.string(),
    itemName: z.string(),
    uom: z.string(),
    method: z.string(),
    valuedPerWarehouse: z.boolean(),
    scopes: z.number(),
    quantity: z.number(),
    value: z.number(),
    unitValue: z.number(),
  }),
).extend({
  totals: z.object({
    quantity: z.number(),
    value: z.number(),
    inventoryAccount: z.string(),
    inventoryAccountBalance: z.number(),
    difference: z.number(),
    reconciled: z.boolean(),
  }),
});
