import { z } from 'zod';

const quantity = z
  .number()
  .positive('must be more than zero')
  .multipleOf(0.001, 'must have at most 3 decimals')
  .describe('Units, at most 3 decimals');
const code = (what: string) => z.string().trim().min(1, 'must not be empty').max(40).describe(what);

/** One line of a customer-material receipt: an item, its lot when lot-tracked, and how much came in. */
const receiptLine = z.object({
  itemSku: code('The item received'),
  lotCode: z.string().trim().min(1).max(60).optional().describe("The customer's lot (required for lot-tracked items)"),
  expiresOn: z.iso.date().optional().describe('The lot’s expiry date, when it is new'),
  quantity,
});

/** Customer material arriving: whose it is, against which of their orders (or reference), where it is put. */
export const customerMaterialReceiptBody = z
  .object({
    customerCode: code('The customer who owns the material'),
    salesOrderNumber: z.string().trim().min(1).max(30).optional().describe('The customer’s sales order it is for'),
    customerReference: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .optional()
      .describe('The customer’s own reference (their delivery note or order), when no sales order is named'),
    location: code('The location the material is put in (any warehouse: ours, virtual or a supplier’s site)'),
    lines: z.array(receiptLine).min(1, 'must name at least one line').max(200),
  })
  .refine((body) => body.salesOrderNumber !== undefined || body.customerReference !== undefined, {
    message: 'name the customer’s sales order (salesOrderNumber) or their reference (customerReference)',
    path: ['salesOrderNumber'],
  });
export type CustomerMaterialReceiptBody = z.infer<typeof customerMaterialReceiptBody>;

/** One line going back to the customer: an item, its lot when lot-tracked, how much. */
const returnLine = z.object({
  itemSku: code('The item returned'),
  lotCode: z.string().trim().min(1).max(60).optional().describe('The lot (required for lot-tracked items)'),
  quantity,
});

/** What is left of a customer's material going back to them, out of one location. */
export const customerMaterialReturnBody = z.object({
  customerCode: code('The customer the material goes back to'),
  location: code('Where the material is taken from'),
  reference: z.string().trim().min(1).max(60).optional().describe('Our delivery note or the customer’s reference'),
  lines: z.array(returnLine).min(1, 'must name at least one line').max(200),
});
export type CustomerMaterialReturnBody = z.infer<typeof customerMaterialReturnBody>;

/** What a receipt or a return posted: one stock move per line, never valued. */
export const customerMaterialPosted = z.object({
  customerCode: z.string(),
  documentType: z.string(),
  documentRef: z.string(),
  moves: z.array(
    z.object({
      lineNo: z.number().int(),
      itemSku: z.string(),
      lotCode: z.string().nullable(),
      quantity: z.number(),
      moveId: z.number().int(),
    }),
  ),
});
export type CustomerMaterialPosted = z.infer<typeof customerMaterialPosted>;

/** One row of a customer's statement: what we received, moved, used, returned and hold now, per item, lot and place. */
export const customerMaterialStatementRow = z.object({
  customerCode: z.string(),
  customerName: z.string(),
  itemSku: z.string(),
  itemName: z.string(),
  uom: z.string(),
  lotCode: z.string().nullable(),
  locationCode: z.string(),
  warehouseCode: z.string(),
  received: z.number(),
  transferredIn: z.number().describe('Moved here from another of our places (sent to a supplier, brought back)'),
  transferredOut: z.number().describe('Moved from here to another place'),
  used: z.number().describe('Consumed (or scrapped) here by our orders'),
  usedIn: z.array(z.string()).describe('The orders that used it (production or subcontract order numbers)'),
  consumedInProduction: z
    .array(z.object({ orderNumber: z.string(), quantity: z.number() }))
    .describe('Per production order, what it consumed of it here (issued to the order less what came back)'),
  returned: z.number(),
  held: z.number().describe('What we hold of theirs here now'),
});
export type CustomerMaterialStatementRow = z.infer<typeof customerMaterialStatementRow>;
