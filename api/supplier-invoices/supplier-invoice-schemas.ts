import { z } from 'zod';

const threeDecimals = (value: number) => Math.round(value * 1000) === value * 1000;
const sixDecimals = (value: number) => Math.abs(value * 1e6 - Math.round(value * 1e6)) < 1e-6;

/** A supplier invoice as accounts payable enters it: net lines against purchase-order lines, each with its tax. */
export const createSupplierInvoiceBody = z.object({
  supplierCode: z.string().trim().min(1, 'supplierCode is required').max(40),
  invoiceNumber: z
    .string()
    .trim()
    .min(1, 'invoiceNumber is required')
    .max(30)
    .regex(/^[A-Za-z0-9._-]+$/, 'invoiceNumber may hold letters, digits, dot, dash and underscore only'),
  orderNumber: z.string().trim().min(1, 'orderNumber is required').max(30),
  invoiceDate: z.iso.date('invoiceDate must be a date YYYY-MM-DD'),
  dueDate: z.iso
    .date('dueDate must be a date YYYY-MM-DD')
    .optional()
    .describe("When it is to be paid; omitted: the invoice date plus the supplier's payment terms"),
  lines: z
    .array(
      z.object({
        lineNo: z
          .int('lineNo must be a whole number')
          .positive('lineNo must be positive')
          .describe('Purchase-order line'),
        quantity: z
          .number()
          .positive('quantity must be positive')
          .max(1_000_000_000)
          .refine(threeDecimals, 'quantity must have at most 3 decimals'),
        unitPrice: z
          .number()
          .nonnegative('unitPrice must be zero or more')
          .max(1_000_000_000)
          .refine(sixDecimals, 'unitPrice must have at most 6 decimals')
          .describe('Net price per unit as the supplier billed it'),
        taxRate: z.number().min(0, 'taxRate must be zero or more').max(100, 'taxRate is a percent, at most 100'),
      }),
    )
    .min(1, 'an invoice needs at least one line')
    .max(500),
});
export type CreateSupplierInvoiceBody = z.infer<typeof createSupplierInvoiceBody>;

export const supplierInvoiceSummary = z.object({
  invoiceNumber: z.string(),
  supplierCode: z.string(),
  supplierName: z.string(),
  orderNumber: z.string(),
  invoiceDate: z.string(),
  dueDate: z.string(),
  netTotal: z.number(),
  taxTotal: z.number(),
  grossTotal: z.number(),
  paidAmount: z.number(),
  status: z.string(),
  workflowId: z.string(),
  createdAt: z.string(),
});

export const supplierInvoiceDetail = supplierInvoiceSummary.extend({
  journalEntryId: z.number().nullable(),
  decidedBy: z.string().nullable(),
  lines: z.array(
    z.object({
      lineNo: z.number(),
      orderLineNo: z.number(),
      itemSku: z.string(),
      itemName: z.string(),
      quantity: z.number(),
      unitPrice: z.number(),
      netAmount: z.number(),
      taxRate: z.number(),
      taxAmount: z.number(),
    }),
  ),
  matches: z.array(
    z.object({ lineNo: z.number(), receiptMoveId: z.number(), quantity: z.number(), receiptUnitCost: z.number() }),
  ),
});

export const createdSupplierInvoice = z.object({
  invoiceNumber: z.string(),
  supplierCode: z.string(),
  workflowId: z.string(),
  netTotal: z.number(),
  taxTotal: z.number(),
  grossTotal: z.number(),
});
