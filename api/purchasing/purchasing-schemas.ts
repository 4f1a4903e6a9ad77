import { z } from 'zod';

/** Exact checks behind the documented multipleOf (zod's is float-tolerant, so 5e-324 would pass it). */
const threeDecimals = (value: number) => Math.round(value * 1000) === value * 1000;
const sixDecimals = (value: number) => Math.abs(value * 1e6 - Math.round(value * 1e6)) < 1e-6;

/** A new purchase order as clerks and integrations post it. */
export const createPurchaseOrderBody = z.object({
  supplierCode: z.string().trim().min(1, 'supplierCode is required').max(40),
  warehouseCode: z.string().trim().min(1, 'warehouseCode is required').max(20),
  lines: z
    .array(
      z.object({
        itemSku: z.string().trim().min(1, 'itemSku is required').max(40),
        quantity: z
          .number()
          .positive('quantity must be positive')
          .max(1_000_000_000)
          // The posting engine takes quantities whose thousandfold is an integer (multipleOf: the document says so too).
          .multipleOf(0.001, 'quantity must have at most 3 decimals')
          .refine(threeDecimals, 'quantity must have at most 3 decimals'),
        unitCost: z
          .number()
          .nonnegative('unitCost must be zero or more')
          .max(1_000_000_000)
          // unit_cost is numeric(18,6): more decimals would be rounded away silently.
          .multipleOf(0.000001, 'unitCost must have at most 6 decimals')
          .refine(sixDecimals, 'unitCost must have at most 6 decimals'),
      }),
    )
    .min(1, 'a purchase order needs at least one line')
    .max(500),
});
export type CreatePurchaseOrderBody = z.infer<typeof createPurchaseOrderBody>;

export const supplierSchema = z.object({ code: z.string(), name: z.string(), trusted: z.boolean() });
export const warehouseSchema = z.object({ code: z.string(), name: z.string(), virtual: z.boolean() });

export const purchaseOrderSummary = z.object({
  orderNumber: z.string(),
  supplierCode: z.string(),
  supplierName: z.string(),
  warehouseCode: z.string(),
  status: z.string(),
  lineCount: z.number(),
  totalValue: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  workflowId: z.string(),
});

export const purchaseOrderDetail = purchaseOrderSummary.extend({
  lines: z.array(
    z.object({
      lineNo: z.number(),
      itemSku: z.string(),
      itemName: z.string(),
      uom: z.string(),
      orderedQuantity: z.number(),
      receivedQuantity: z.number(),
      unitCost: z.number(),
    }),
  ),
});
