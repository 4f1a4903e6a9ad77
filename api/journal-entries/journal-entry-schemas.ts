import { z } from 'zod';
import { pageOf, pageQuery } from '../pagination';

const amount = z
  .number({ error: 'must be an amount' })
  .min(0, 'must not be negative')
  .max(999_999_999, 'must be below 1,000,000,000')
  .refine((value) => Math.round(value * 100) === Math.round(value * 100 * 1e6) / 1e6, 'has more than two decimals');

/** One line as entered: an account and either a debit or a credit amount (the other 0 or left out). */
export const manualLineInput = z.object({
  account: z.string().trim().min(1, 'account is required').max(20),
  debit: amount.default(0),
  credit: amount.default(0),
  memo: z.string().trim().max(300).optional(),
});

/** A manual journal entry as entered: actual costs from outside (payroll, energy, rent, accruals). */
export const manualEntryInput = z.object({
  /** The posting's day (company calendar): decides its period. */
  entryDate: z.iso.date({ error: 'entryDate must be a date (YYYY-MM-DD)' }),
  /** The document it books (payroll run, bill number); shown in the list. */
  reference: z.string().trim().min(1, 'reference is required').max(80),
  /** Why it is booked: kept with the entry and in the audit log. */
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required').max(300),
  /** A controller's adjustment: may land in a period soft-locked for its close (audited as such). */
  adjustment: z.boolean().default(false),
  lines: z.array(manualLineInput).min(1, 'an entry needs lines').max(200),
});
export type ManualEntryInput = z.infer<typeof manualEntryInput>;

export const manualEntryLine = z.object({
  account: z.string(),
  accountName: z.string(),
  debit: z.number(),
  credit: z.number(),
  memo: z.string().nullable(),
});

export const manualEntryRecord = z.object({
  id: z.number(),
  entryDate: z.string(),
  period: z.string(),
  reference: z.string(),
  reason: z.string(),
  adjustment: z.boolean(),
  total: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  lines: z.array(manualEntryLine),
});
export type ManualEntryRecord = z.infer<typeof manualEntryRecord>;

export const ENTRY_SORTS = ['entryDate', '-entryDate', 'createdAt', '-createdAt', 'reference', '-reference'] as const;

export const manualEntryListQuery = pageQuery.extend({
  sort: z.enum(ENTRY_SORTS).default('-createdAt'),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period must be YYYY-MM')
    .optional(),
  reference: z.string().trim().max(80).optional(),
});
export type ManualEntryListQuery = z.infer<typeof manualEntryListQuery>;

export const manualEntryPage = pageOf(manualEntryRecord);

export const importResult = z.object({ entries: z.number(), ids: z.array(z.number()) });
