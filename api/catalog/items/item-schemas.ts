import { z } from 'zod';
import { listQuerySchema } from '../../master-data';

/** Keys people type and print on labels: letters, digits and . _ - / (no spaces). */
export const codeSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `at most ${max} characters`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits and . _ - / only, starting with a letter or digit');
export const nameSchema = z.string().trim().min(1, 'is required').max(200, 'at most 200 characters');
const uomSchema = z.string().trim().min(1, 'is required').max(12, 'at most 12 characters');
const days = z.number().int('whole days').min(0, 'cannot be negative').max(36_500, 'at most 36,500 days');
const quantity = z.number().min(0, 'cannot be negative').max(1e12, 'too large');

export const SUPPLY_TYPES = ['make', 'buy', 'subcontract'] as const;
export const VALUATION_METHODS = ['fifo', 'moving-average'] as const;
export const ABC_CLASSES = ['A', 'B', 'C'] as const;

/** ABC class or null; the document's enum lists null too (OpenAPI 3.0 refuses a null outside the enum). */
const abcClassSchema = z
  .enum(ABC_CLASSES)
  .nullable()
  .meta({ enum: [...ABC_CLASSES, null] });

const unitConversion = z.object({
  uom: uomSchema,
  factor: z
    .number()
    .min(0.000001, 'at least 0.000001')
    .max(1e9, 'too large')
    .describe('Base units in one of this unit'),
});

/** The writable fields of an item; every one optional so the same shape serves create (with sku) and patch. */
const itemFields = {
  name: nameSchema,
  uom: uomSchema.describe('Base unit (stock and valuation are kept in it); frozen once the item has moves'),
  category: z.string().trim().min(1, 'is required').max(60, 'at most 60 characters'),
  abcClass: abcClassSchema,
  weightKg: quantity.nullable(),
  lotTracked: z.boolean().describe('Frozen once the item has moves'),
  shelfLifeDays: days.min(1, 'at least 1 day; leave empty for items that do not expire').nullable(),
  leadTimeDays: days.nullable().describe('Empty (null) means unknown, not 0'),
  safetyStock: quantity.nullable(),
  reorderPoint: quantity
    .nullable()
    .describe('Available + on order below this, in a warehouse, raises a below-reorder-point alert; null: not watched'),
  supplyType: z.enum(SUPPLY_TYPES),
  valuationMethod: z
    .enum(VALUATION_METHODS)
    .describe('Omitted on create: the published valuation rules propose it. Frozen once the item has moves'),
  valuedPerWarehouse: z.boolean().describe('Frozen once the item has moves'),
  allowNegativeStock: z.boolean(),
  listPrice: z.number().min(0, 'cannot be negative').max(1e12, 'too large'),
  taxCode: z
    .string()
    .trim()
    .min(1, 'is required (or null for the default tax rate)')
    .max(20, 'at most 20 characters')
    .nullable()
    .describe('The tax rate (/api/tax-rates) its sales are invoiced at; null: the default rate'),
  active: z.boolean(),
  unitConversions: z.array(unitConversion).max(20, 'at most 20 units'),
};

function checkConversions(
  body: { uom?: string; unitConversions?: Array<{ uom: string }> },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  body.unitConversions?.forEach((conversion, index) => {
    if (conversion.uom === body.uom) {
      ctx.addIssue({ code: 'custom', path: ['unitConversions', index, 'uom'], message: 'is the base unit itself' });
    }
    if (seen.has(conversion.uom)) {
      ctx.addIssue({ code: 'custom', path: ['unitConversions', index, 'uom'], message: 'appears twice' });
    }
    seen.add(conversion.uom);
  });
}

export const createItemSchema = z
  .object({
    sku: codeSchema(40),
    ...itemFields,
    abcClass: itemFields.abcClass.optional(),
    weightKg: itemFields.weightKg.optional(),
    lotTracked: itemFields.lotTracked.optional(),
    shelfLifeDays: itemFields.shelfLifeDays.optional(),
    leadTimeDays: itemFields.leadTimeDays.optional(),
    safetyStock: itemFields.safetyStock.optional(),
    reorderPoint: itemFields.reorderPoint.optional(),
    supplyType: itemFields.supplyType.optional(),
    valuationMethod: itemFields.valuationMethod.optional(),
    valuedPerWarehouse: itemFields.valuedPerWarehouse.optional(),
    allowNegativeStock: itemFields.allowNegativeStock.optional(),
    listPrice: itemFields.listPrice.optional(),
    taxCode: itemFields.taxCode.optional(),
    active: itemFields.active.optional(),
    unitConversions: itemFields.unitConversions.optional(),
  })
  .strict()
  .superRefine(checkConversions);
export type CreateItemBody = z.output<typeof createItemSchema>;

export const patchItemSchema = z.object(itemFields).partial().strict().superRefine(checkConversions);
export type PatchItemBody = z.output<typeof patchItemSchema>;

export const itemRecordSchema = z.object({
  sku: z.string(),
  name: z.string(),
  uom: z.string(),
  category: z.string(),
  abcClass: abcClassSchema,
  weightKg: z.number().nullable(),
  lotTracked: z.boolean(),
  shelfLifeDays: z.number().nullable(),
  leadTimeDays: z.number().nullable(),
  safetyStock: z.number().nullable(),
  reorderPoint: z.number().nullable(),
  supplyType: z.enum(SUPPLY_TYPES),
  valuationMethod: z.enum(VALUATION_METHODS),
  valuedPerWarehouse: z.boolean(),
  allowNegativeStock: z.boolean(),
  listPrice: z.number(),
  /** The item's own tax rate; null: sold at the default rate. */
  taxCode: z.string().nullable(),
  active: z.boolean(),
  unitConversions: z.array(z.object({ uom: z.string(), factor: z.number() })),
  /** Free available stock (available status, not reserved), over every warehouse, in the base unit. */
  available: z.number(),
  /** Whether stock has moved: the valuation fields are then frozen. */
  hasMoves: z.boolean(),
});
export type ItemRecord = z.output<typeof itemRecordSchema>;

export const ITEM_SORT_FIELDS = [
  'sku',
  'name',
  'category',
  'abcClass',
  'supplyType',
  'uom',
  'leadTimeDays',
  'listPrice',
];

export const itemListQuery = listQuerySchema(ITEM_SORT_FIELDS, {
  search: z.string().max(100).optional().describe('Older name of q (the console before lists were shared)'),
  category: z.string().max(60).optional(),
  supplyType: z.enum(SUPPLY_TYPES).optional(),
  abcClass: z.enum(ABC_CLASSES).optional(),
});
export type ItemListQuery = z.output<typeof itemListQuery>;
