import { z } from 'zod';

const threeDecimals = (value: number) => Math.round(value * 1000) === value * 1000;

/** A supplier return as a clerk (or the quality gate) posts it: which received goods go back, and why. */
export const createSupplierReturnBody = z.object({
  purchaseOrderNumber: z.string().trim().min(1, 'purchaseOrderNumber is required').max(30),
  lines: z
    .array(
      z.object({
        lineNo: z.number().int('lineNo must be a whole number').positive('lineNo must be positive'),
        lot: z
          .string()
          .trim()
          .min(1)
          .max(40)
          .optional()
          .describe('The lot going back; omitted: what was received on the line, oldest delivery first'),
        quantity: z
          .number()
          .positive('quantity must be positive')
          .max(1_000_000_000)
          .multipleOf(0.001, 'quantity must have at most 3 decimals')
          .refine(threeDecimals, 'quantity must have at most 3 decimals'),
        reason: z.string().trim().min(1, 'reason is required').max(200),
      }),
    )
    .min(1, 'a return needs at least one line')
    .max(200),
  replace: z
    .boolean()
    .describe('The supplier will deliver the goods again: the returned quantity reopens on the order'),
});
export type CreateSupplierReturnBody = z.infer<typeof createSupplierReturnBody>;

export const supplierReturnLine = z.object({
  lineNo: z.number(),
  orderLineNo: z.number(),
  itemSku: z.string(),
  itemName: z.string(),
  lotCode: z.string().nullable(),
  quantity: z.number(),
  reason: z.string(),
  value: z.number().describe('What left Inventory (1300) at the receipt layer cost; 0 until posted'),
  grniAmount: z.number().describe('Debited to GRNI (2100): the part not yet invoiced'),
  payableAmount: z.number().describe('Debited to payables (2200): a debit note for the invoiced part'),
  varianceAmount: z.number().describe('Debited (credited when negative) to purchase price variance (5400)'),
});

export const supplierReturnSummary = z.object({
  returnNumber: z.string(),
  purchaseOrderNumber: z.string(),
  supplierCode: z.string(),
  status: z.enum(['open', 'posted']),
  replace: z.boolean(),
  workflowId: z.string(),
  quantity: z.number(),
  value: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  postedAt: z.string().nullable(),
});

export const supplierReturnDetail = supplierReturnSummary.extend({ lines: z.array(supplierReturnLine) });
