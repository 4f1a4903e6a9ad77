import { z } from 'zod';
import { isoDate } from '../../input-guard';

const hours = (field: string, max: number, decimals: number) =>
  z
    .number({ error: `${field} must be a number` })
    .min(0, `${field} cannot be negative`)
    .max(max, `${field} is at most ${max}`)
    // A refinement, not multipleOf: the column keeps this many decimals, and a documented multipleOf of 10^-6
    // leaves fuzzers almost no valid numbers to send.
    .refine((value) => Number(value.toFixed(decimals)) === value, `${field} has at most ${decimals} decimals`);

export const operationInputSchema = z
  .object({
    seq: z
      .number({ error: 'seq must be a number' })
      .int('seq must be a whole number')
      .min(1, 'seq must be 1 or more')
      .max(1_000_000, 'seq is at most 1,000,000')
      .describe('Order of the operation in the routing (10, 20, 30 ...); unique within the version'),
    workCentreCode: z.string().trim().min(1, 'workCentreCode is required').max(20, 'at most 20 characters'),
    description: z.string().trim().min(1, 'description is required').max(200, 'at most 200 characters'),
    setupHours: hours('setupHours', 100_000, 4).describe('Hours of setup once per production order'),
    runHoursPerUnit: hours('runHoursPerUnit', 100_000, 6).describe('Hours of run time per unit made'),
  })
  .strict();

/** POST /api/items/:sku/routings: a new, immutable version. */
export const createRoutingSchema = z
  .object({
    effectiveFrom: isoDate('effectiveFrom must be a date YYYY-MM-DD').describe(
      'The first day this version is the effective one (until a later version takes over)',
    ),
    note: z.string().trim().max(2000, 'at most 2,000 characters').nullable().optional(),
    operations: z
      .array(operationInputSchema)
      .min(1, 'a routing needs at least one operation')
      .max(200, 'at most 200 operations'),
  })
  .strict();
export type CreateRoutingBody = z.output<typeof createRoutingSchema>;

export const operationRecordSchema = z.object({
  seq: z.number(),
  workCentreCode: z.string(),
  workCentreName: z.string(),
  description: z.string(),
  setupHours: z.number(),
  runHoursPerUnit: z.number(),
});

export const routingRecordSchema = z.object({
  itemSku: z.string(),
  itemName: z.string(),
  version: z.number().describe('1, 2, 3 ... per item; a version never changes once created'),
  effectiveFrom: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  operations: z.array(operationRecordSchema),
});
export type RoutingRecord = z.output<typeof routingRecordSchema>;

export const skuParams = z.object({ sku: z.string().min(1).max(40) });
export const versionParams = skuParams.extend({
  version: z.coerce.number().int('version must be a whole number').min(1, 'version must be 1 or more').max(1_000_000),
});
export const effectiveQuery = z.object({
  date: isoDate('date must be a date YYYY-MM-DD').optional().describe('Default: today (UTC)'),
});
