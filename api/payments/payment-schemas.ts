import { z } from 'zod';
import { PAYMENT_KINDS, PAYMENT_SOURCES } from '../../db/entities/payments';

const money = z
  .number({ error: 'must be an amount' })
  .min(0.01, 'must be at least 0.01')
  .max(999_999_999, 'must be below 1,000,000,000')
  .refine((value) => Math.round(value * 100) === Math.round(value * 100 * 1e6) / 1e6, 'has more than two decimals');

/** One explicit application of a payment to an invoice of its customer or supplier. */
export const allocationInput = z.object({
  invoiceNumber: z.string().trim().min(1, 'invoiceNumber is required').max(30),
  amount: money,
});

/** A payment as entered (or as one bank-statement row). */
export const paymentInput = z.object({
  kind: z.enum(PAYMENT_KINDS, { error: `kind must be one of ${PAYMENT_KINDS.join(', ')}` }),
  /** The customer code (receipts) or supplier code (payments). */
  partner: z.string().trim().min(1, 'partner is required').max(40),
  amount: money,
  /** The value date: the posting's date (ISO date, not in the future, in an open period). */
  paidOn: z.iso.date({ error: 'paidOn must be a date (YYYY-MM-DD)' }),
  reference: z.string().trim().max(80).optional(),
  /** Which invoices it pays and how much of each; omitted: the oldest open invoices first. Must add up to amount. */
  allocations: z.array(allocationInput).max(200).optional(),
});
export type PaymentInput = z.infer<typeof paymentInput>;

export const paymentRecord = z.object({
  paymentNumber: z.string(),
  kind: z.enum(PAYMENT_KINDS),
  partner: z.string(),
  partnerName: z.string(),
  amount: z.number(),
  paidOn: z.string(),
  reference: z.string().nullable(),
  source: z.enum(PAYMENT_SOURCES),
  journalEntryId: z.number().nullable(),
  createdBy: z.string(),
  allocations: z.array(
    z.object({ invoiceNumber: z.string(), amount: z.number(), paidAmount: z.number(), openAmount: z.number() }),
  ),
});
export type PaymentRecord = z.infer<typeof paymentRecord>;

export const openInvoice = z.object({
  invoiceNumber: z.string(),
  partner: z.string(),
  partnerName: z.string(),
  issuedOn: z.string(),
  dueOn: z.string(),
  amount: z.number(),
  paidAmount: z.number(),
  openAmount: z.number(),
});
export type OpenInvoice = z.infer<typeof openInvoice>;

export const openInvoicesQuery = z.object({
  kind: z.enum(PAYMENT_KINDS, { error: `kind must be one of ${PAYMENT_KINDS.join(', ')}` }),
  partner: z.string().trim().min(1).max(40).optional(),
});

export const paymentListQuery = z.object({
  kind: z.enum(PAYMENT_KINDS).optional(),
  partner: z.string().trim().min(1).max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const importResult = z.object({
  mode: z.enum(['dry-run', 'apply']),
  rows: z.number(),
  applied: z.boolean(),
  payments: z.array(paymentRecord),
});
