import { z } from 'zod';
import { isoDate } from '../input-guard';

/** The wire shapes of inspection plans (issue 16): one source for routes, the OpenAPI document and the console. */

const code = z.string().trim().min(1, 'is required').max(40, 'at most 40 characters');
const name = z.string().trim().min(1, 'is required').max(200, 'at most 200 characters');
/** Limits as the columns keep them (6 decimals). */
const limit = z.number().min(-1_000_000_000).max(1_000_000_000).nullable().optional();

const numericCharacteristic = z
  .object({
    kind: z.literal('numeric'),
    code: code.describe('Unique within the plan, e.g. BORE-D'),
    name,
    nominal: limit.describe('The target value; within the limits where they are set'),
    lower: limit.describe('Lowest conforming value (inclusive); null = no lower limit'),
    upper: limit.describe('Highest conforming value (inclusive); null = no upper limit'),
    unit: z.string().trim().min(1, 'is required').max(16, 'at most 16 characters').describe('e.g. mm, g, Nm'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const { nominal, lower, upper } = c;
    const has = (value: number | null | undefined): value is number => value !== null && value !== undefined;
    if (!has(lower) && !has(upper)) {
      ctx.addIssue({
        code: 'custom',
        path: ['upper'],
        message: 'a numeric characteristic needs a lower or upper limit',
      });
    }
    if (has(lower) && has(upper) && lower > upper) {
      ctx.addIssue({
        code: 'custom',
        path: ['upper'],
        message: `the upper limit ${upper} is below the lower ${lower}`,
      });
    }
    if (has(nominal) && ((has(lower) && nominal < lower) || (has(upper) && nominal > upper))) {
      ctx.addIssue({ code: 'custom', path: ['nominal'], message: `the nominal ${nominal} is outside the limits` });
    }
  });

const passFailCharacteristic = z.object({ kind: z.literal('pass-fail'), code, name }).strict();

const attributeCharacteristic = z
  .object({
    kind: z.literal('attribute'),
    code,
    name,
    allowedValues: z
      .array(z.string().trim().min(1, 'is required').max(80, 'at most 80 characters'), {
        error: 'an attribute characteristic needs its allowed values',
      })
      .min(1, 'an attribute characteristic needs at least one allowed value')
      .max(100, 'at most 100 values')
      .superRefine((values, ctx) => {
        values.forEach((value, index) => {
          if (values.indexOf(value) < index) ctx.addIssue({ code: 'custom', path: [index], message: `${value} twice` });
        });
      }),
  })
  .strict();

export const characteristicBody = z.discriminatedUnion('kind', [
  numericCharacteristic,
  passFailCharacteristic,
  attributeCharacteristic,
]);
export type CharacteristicBody = z.output<typeof characteristicBody>;

export const inspectionPlanCreateBody = z
  .object({
    itemSku: z.string().trim().min(1).max(40).optional().describe('The item the plan is for (or itemCategory)'),
    itemCategory: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .optional()
      .describe('Every item of this category without a plan of its own (or itemSku)'),
    effectiveFrom: isoDate().describe('The date the version applies from (YYYY-MM-DD)'),
    note: z.string().max(2000, 'at most 2000 characters').nullable().optional().describe('Why this version exists'),
    characteristics: z
      .array(characteristicBody)
      .min(1, 'at least one characteristic')
      .max(200, 'at most 200 characteristics')
      .superRefine((list, ctx) => {
        list.forEach((c, index) => {
          if (list.findIndex((other) => other.code === c.code) < index) {
            ctx.addIssue({ code: 'custom', path: [index, 'code'], message: `${c.code} is already in this plan` });
          }
        });
      }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.itemSku === undefined) === (body.itemCategory === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['itemSku'], message: 'give either itemSku or itemCategory, not both' });
    }
  });
export type InspectionPlanCreateBody = z.output<typeof inspectionPlanCreateBody>;

export const characteristicRecord = z.object({
  lineNo: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['numeric', 'pass-fail', 'attribute']),
  nominal: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  unit: z.string().nullable(),
  allowedValues: z.array(z.string()).nullable(),
});

export const inspectionPlanRecord = z.object({
  id: z.number().describe('What an inspection lot pins'),
  itemSku: z.string().nullable(),
  itemCategory: z.string().nullable(),
  version: z.number().describe('1, 2, 3 ... per item or category; versions are immutable'),
  effectiveFrom: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  characteristics: z.array(characteristicRecord),
});
export type InspectionPlanRecord = z.output<typeof inspectionPlanRecord>;

export const planListQuerystring = z.object({
  itemSku: z.string().min(1).max(40).optional().describe("An item's own plan versions"),
  itemCategory: z.string().min(1).max(80).optional().describe("A category's plan versions"),
});
export const skuParams = z.object({ sku: z.string().min(1).max(40) });
export const dateQuerystring = z.object({
  date: isoDate().optional().describe('The date (YYYY-MM-DD); default today'),
});
