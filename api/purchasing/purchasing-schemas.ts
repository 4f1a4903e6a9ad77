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
          .refine(sixDecimals, 'unitCost must have at most 6 decimals')
          .optional()
          .describe("Price per base unit; omitted: the item's price from this supplier (item-supplier record)"),
        dueDate: z.iso
          .date('dueDate must be a date YYYY-MM-DD')
          .optional()
          .describe("When the supplier is to deliver; omitted: today plus the supplier's (else the item's) lead time"),
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
  /** What is still to come over all lines (0 once received or closed short). */
  openQuantity: z.number(),
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
      /** Still to come: ordered - received, never below 0; 0 once the order is closed short or cancelled. */
      openQuantity: z.number(),
      dueDate: z.string(),
      unitCost: z.number(),
      /** Supplier invoices on this line (any status but the line's quantity and net unit price as invoiced). */
      invoices: z.array(
        z.object({
          invoiceNumber: z.string(),
          status: z.string().describe('matching | awaiting-approval | posted | rejected'),
          quantity: z.number(),
          unitPrice: z.number().describe('Net unit price as invoiced'),
        }),
      ),
    }),
  ),
  /** The over-delivery tolerance a line may be received beyond its ordered quantity, in percent. */
  overDeliveryTolerancePercent: z.number(),
  closedReason: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  deliveries: z.array(
    z.object({
      deliveryNo: z.number(),
      receivedAt: z.string(),
      receivedBy: z.string(),
      lines: z.array(
        z.object({
          lineNo: z.number(),
          itemSku: z.string(),
          quantity: z.number(),
          unitCost: z.number(),
          lotCode: z.string().nullable(),
        }),
      ),
    }),
  ),
});

/** Closing a purchase order short: the supplier will not deliver the rest. */
export const closePurchaseOrderBody = z.object({
  reason: z.string().trim().min(1, 'reason is required: say why the rest will not come').max(500),
});
