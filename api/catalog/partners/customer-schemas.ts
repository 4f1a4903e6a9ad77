import { z } from 'zod';
import { listQuerySchema } from '../../master-data';
import { codeSchema, nameSchema } from '../items/item-schemas';

const shipTo = z.object({
  code: codeSchema(40),
  address: z.string().trim().min(1, 'is required').max(400, 'at most 400 characters'),
});

const customerFields = {
  name: nameSchema,
  minShelfLifeDays: z.number().int('whole days').min(0, 'cannot be negative').max(36_500, 'at most 36,500 days'),
  creditLimit: z.number().min(0, 'cannot be negative; 0 means no limit').max(1e12, 'too large'),
  paymentTermsDays: z.number().int('whole days').min(0, 'cannot be negative').max(365, 'at most 365 days'),
  segment: z.string().trim().min(1, 'is required').max(30, 'at most 30 characters'),
  active: z.boolean(),
  shipToAddresses: z
    .array(shipTo)
    .min(1, 'at least one ship-to address')
    .max(50, 'at most 50 addresses')
    .describe('The first is the default ship-to address of new orders'),
};

function uniqueCodes(body: { shipToAddresses?: Array<{ code: string }> }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  body.shipToAddresses?.forEach((address, index) => {
    if (seen.has(address.code)) {
      ctx.addIssue({ code: 'custom', path: ['shipToAddresses', index, 'code'], message: 'appears twice' });
    }
    seen.add(address.code);
  });
}

export const createCustomerSchema = z
  .object({
    code: codeSchema(40),
    ...customerFields,
    minShelfLifeDays: customerFields.minShelfLifeDays.optional(),
    creditLimit: customerFields.creditLimit.optional(),
    paymentTermsDays: customerFields.paymentTermsDays.optional(),
    segment: customerFields.segment.optional(),
    active: customerFields.active.optional(),
  })
  .strict()
  .superRefine(uniqueCodes);
export type CreateCustomerBody = z.output<typeof createCustomerSchema>;

export const patchCustomerSchema = z.object(customerFields).partial().strict().superRefine(uniqueCodes);
export type PatchCustomerBody = z.output<typeof patchCustomerSchema>;

export const customerRecordSchema = z.object({
  code: z.string(),
  name: z.string(),
  minShelfLifeDays: z.number(),
  creditLimit: z.number(),
  paymentTermsDays: z.number(),
  segment: z.string(),
  active: z.boolean(),
  /** The default ship-to address (the first of shipToAddresses). */
  shipToAddress: z.string(),
  shipToAddresses: z.array(z.object({ code: z.string(), address: z.string() })),
});
export type CustomerRecord = z.output<typeof customerRecordSchema>;

export const customerListQuery = listQuerySchema(
  ['code', 'name', 'creditLimit', 'paymentTermsDays', 'minShelfLifeDays', 'segment'],
  { segment: z.string().max(30).optional() },
);
export type CustomerListQuery = z.output<typeof customerListQuery>;
