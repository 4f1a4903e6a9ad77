import { z } from 'zod';

const threeDecimals = (value: number) => Math.round(value * 1000) === value * 1000;
const sixDecimals = (value: number) => Math.abs(value * 1e6 - Math.round(value * 1e6)) < 1e-6;

/**
 * A supplier invoice as accounts payable enters it: against a purchase order (`orderNumber`, net lines against its
 * lines) or against a subcontract order (`subcontractOrderNo`, the processing fee of its deliveries), each line with
 * its tax. Exactly one of the two orders.
 */
export const createSupplierInvoiceBody = z
  .object({
    supplierCode: z.string().trim().min(1, 'supplierCode is required').max(40),
    invoiceNumber: z
      .string()
      .trim()
      .min(1, 'invoiceNumber is required')
      .max(30)
      .regex(/^[A-Za-z0-9._-]+$/, 'invoiceNumber may hold letters, digits, dot, dash and underscore only'),
    orderNumber: z
      .string()
      .trim()
      .min(1, 'orderNumber is required')
      .max(30)
      .optional()
      .describe('The purchase order invoiced (or give subcontractOrderNo)'),
    subcontractOrderNo: z
      .string()
      .trim()
      .min(1, 'subcontractOrderNo must not be empty')
      .max(30)
      .optional()
      .describe('The subcontract order whose processing fees are invoiced (or give orderNumber)'),
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
            .optional()
            .describe('Purchase-order line (a purchase invoice)'),
          deliveryId: z
            .int('deliveryId must be a whole number')
            .positive('deliveryId must be positive')
            .optional()
            .describe("The subcontract delivery's id (a fee invoice; or deliveryNo)"),
          deliveryNo: z
            .int('deliveryNo must be a whole number')
            .positive('deliveryNo must be positive')
            .optional()
            .describe("The delivery's number on the subcontract order: 1, 2, ... (a fee invoice; or deliveryId)"),
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
            .describe('Net price per unit as the supplier billed it (a fee invoice: the fee per unit)'),
          taxRate: z.number().min(0, 'taxRate must be zero or more').max(100, 'taxRate is a percent, at most 100'),
        }),
      )
      .min(1, 'an invoice needs at least one line')
      .max(500),
  })
  .superRefine((body, ctx) => {
    if ((body.orderNumber === undefined) === (body.subcontractOrderNo === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [body.orderNumber === undefined ? 'orderNumber' : 'subcontractOrderNo'],
        message: 'give either orderNumber (a purchase order) or subcontractOrderNo (a subcontract order), not both',
      });
    }
  });
export type CreateSupplierInvoiceBody = z.infer<typeof createSupplierInvoiceBody>;

export const supplierInvoiceSummary = z.object({
  invoiceNumber: z.string(),
  supplierCode: z.string(),
  supplierName: z.string(),
  orderNumber: z.string(),
  orderKind: z.enum(['purchase', 'subcontract']).describe('Which order orderNumber names'),
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
      orderLineNo: z.number().describe('The purchase-order line, or for a fee invoice the delivery number'),
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
