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
        quantity: z.number().positive('quantity must be positive').max(1_000_000_000).multipleOf(0.001),
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
