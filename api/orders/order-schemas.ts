import { z } from 'zod';
import { isoDate } from '../input-guard';

/** A new sales order as clerks and integrations post it. */
export const createOrderBody = z.object({
  customerCode: z.string().trim().min(1, 'customerCode is required').max(40),
  requestedDate: isoDate('requestedDate must be a date YYYY-MM-DD').optional(),
  lines: z
    .array(
      z.object({
        itemSku: z.string().trim().min(1, 'itemSku is required').max(40),
        // At least the books' smallest quantity: zod's multipleOf rounds 5e-324 to 0.000 and lets it through
        // (Schemathesis: the order then failed in PostgreSQL with a 500).
        quantity: z
          .number()
          .min(0.001, 'quantity must be at least 0.001')
          .max(1_000_000_000)
          .multipleOf(0.001, 'quantity takes at most 3 decimals'),
      }),
    )
    .min(1, 'an order needs at least one line')
    .max(500),
});
export type CreateOrderBody = z.infer<typeof createOrderBody>;

export const orderSummary = z.object({
  orderNumber: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  status: z.string(),
  requestedDate: z.string().nullable(),
  createdAt: z.string(),
  lineCount: z.number(),
  workflowId: z.string(),
});

export const orderDetail = orderSummary.extend({
  lines: z.array(
    z.object({
      lineNo: z.number(),
      itemSku: z.string(),
      itemName: z.string(),
      uom: z.string(),
      quantity: z.number(),
      reservedQuantity: z.number(),
      shippedQuantity: z.number(),
      unitPrice: z.number(),
      /** quantity x unit price */
      value: z.number(),
    }),
  ),
  /** What the order is worth: the sum of its lines (what a credit check counts as this order's exposure). */
  value: z.number(),
});
