import { z } from 'zod';

const twoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** A carrier's freight receipt as a clerk enters it: who, its reference, the date and amount, the deliveries it covers. */
export const createCarrierReceiptBody = z.object({
  carrierCode: z.string().trim().min(1, 'carrierCode is required').max(40).describe('The carrier: a supplier code'),
  reference: z
    .string()
    .trim()
    .min(1, 'reference is required')
    .max(60)
    .describe("The carrier's receipt number; one receipt per carrier and reference"),
  date: z.iso.date({ error: 'date must be a date (YYYY-MM-DD)' }).describe('The date the freight belongs to'),
  amount: z
    .number()
    .positive('amount must be more than 0')
    .max(1_000_000_000, 'amount must be at most 1,000,000,000')
    .refine(twoDecimals, 'amount must have at most 2 decimals')
    .describe('In the company currency'),
  deliveries: z
    .array(
      z.object({
        reference: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9-]{1,30}\/\d{1,6}$/, 'reference must be an order number and delivery, e.g. SC-000012/1')
          .describe('A subcontract or purchase order delivery: <order number>/<delivery no>'),
      }),
    )
    .min(1, 'a carrier receipt covers at least one delivery')
    .max(100),
});
export type CreateCarrierReceiptBody = z.infer<typeof createCarrierReceiptBody>;

export const carrierReceiptCreated = z.object({ receiptNumber: z.string(), workflowId: z.string() });

export const carrierReceiptSummary = z.object({
  receiptNumber: z.string(),
  carrierCode: z.string(),
  carrierName: z.string(),
  reference: z.string(),
  date: z.string(),
  amount: z.number(),
  status: z.enum(['posting', 'posted', 'refused']),
  deliveries: z.array(z.string()),
  basis: z.string().nullable(),
});

export const carrierReceiptShare = z.object({
  lineNo: z.number(),
  deliveryReference: z.string(),
  kind: z.enum(['purchase-order', 'subcontract-order']),
  orderNumber: z.string(),
  deliveryNo: z.number(),
  itemSku: z.string(),
  quantity: z.number(),
  basisValue: z.number().nullable(),
  share: z.number().nullable().describe('The part of the amount this receipt move carries'),
  onHand: z.number().nullable().describe('Of the share: re-valued the goods still on hand'),
  issued: z.record(z.string(), z.number()).describe('Of the share: per account, for the goods already gone'),
  explanation: z.string().nullable(),
});

export const carrierReceiptDetail = carrierReceiptSummary.extend({
  workflowId: z.string(),
  lines: z.array(carrierReceiptShare),
  distribution: z.object({
    ruleSetId: z.number().nullable(),
    version: z.number().nullable(),
    rule: z.string().nullable().describe('The winning rule; null when the default policy applied'),
    policyBasis: z.string().nullable().describe('The basis the rules asked for'),
    basis: z.string().nullable().describe('The basis applied'),
    rounding: z.string().nullable(),
    facts: z.record(z.string(), z.unknown()).nullable(),
    outranked: z.array(z.object({ rule: z.string(), priority: z.number(), basis: z.string(), rounding: z.string() })),
    reason: z.string().nullable(),
    decisionId: z.number().nullable(),
  }),
  journalEntryId: z.number().nullable(),
  refusal: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  postedAt: z.string().nullable(),
});
export type CarrierReceiptDetail = z.infer<typeof carrierReceiptDetail>;
