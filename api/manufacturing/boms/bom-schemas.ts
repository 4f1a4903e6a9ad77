import { z } from 'zod';
import { isoDate } from '../../input-guard';
import { intParam } from '../../pagination';

/** The wire shapes of bills of materials (issue 13): one source for routes, the OpenAPI document and the console. */

export const sku = z.string().trim().min(1, 'is required').max(40, 'at most 40 characters');

/**
 * Quantity per parent as the column keeps it (6 decimals): greater than 0 after rounding too, so the table's check
 * never turns a tiny value into a 500.
 */
export const quantityPer = z
  .number()
  .gt(0, 'must be greater than 0')
  .max(1_000_000_000)
  .refine((value) => value <= 0 || Math.round(value * 1e6) > 0, { message: 'at least 0.000001' });
/** Planned scrap % as the column keeps it (4 decimals): from 0 to below 100 after rounding too. */
export const scrapPercent = z
  .number()
  .min(0, 'cannot be negative')
  .lt(100, 'must be below 100')
  .refine((value) => value >= 100 || Math.round(value * 1e4) < 1e6, { message: 'must be below 100' });

export const bomLineBody = z
  .object({
    componentSku: sku.describe('The component item; must exist, differ from the parent and appear once per BOM'),
    quantityPer: quantityPer.describe('Quantity of the component per one parent, in its base unit; greater than 0'),
    scrapPercent: scrapPercent
      .optional()
      .describe('Planned scrap %, for planning and kitting (required = quantity x quantityPer x (1 + scrap/100))'),
    provision: z
      .enum(['ours', 'customer'])
      .optional()
      .describe(
        "Who provides the component in production: 'ours' (default), or 'customer': the customer the production " +
          'order is made for supplies it (their material, picked from their stock, never valued or costed)',
      ),
  })
  .strict();

export const bomCreateBody = z
  .object({
    effectiveFrom: isoDate().describe('The date the version applies from (YYYY-MM-DD)'),
    phantom: z
      .boolean()
      .optional()
      .describe('The parent is a phantom sub-assembly: never stocked, its components issued where it is used'),
    note: z.string().max(2000, 'at most 2000 characters').nullable().optional().describe('Why this version exists'),
    lines: z.array(bomLineBody).min(1, 'at least one line').max(1000, 'at most 1000 lines'),
  })
  .strict();
export type BomCreateBody = z.output<typeof bomCreateBody>;

export const bomLineRecord = z.object({
  lineNo: z.number(),
  componentSku: z.string(),
  name: z.string(),
  uom: z.string(),
  quantityPer: z.number(),
  scrapPercent: z.number(),
  provision: z.enum(['ours', 'customer']).describe("'customer': supplied by the production order's customer"),
});

export const bomRecord = z.object({
  itemSku: z.string(),
  version: z.number().describe('1, 2, 3 ... per parent; versions are immutable'),
  effectiveFrom: z.string(),
  phantom: z.boolean(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  lines: z.array(bomLineRecord),
});
export type BomRecord = z.output<typeof bomRecord>;

/** One component in the exploded tree; `children` are its own BOM's lines (empty for a bought item). */
export interface BomTreeChild {
  lineNo: number;
  componentSku: string;
  name: string;
  uom: string;
  quantityPer: number;
  scrapPercent: number;
  /** 'customer': supplied by the production order's customer (their material, never costed). */
  provision: 'ours' | 'customer';
  required: number;
  phantom: boolean;
  version: number | null;
  children: BomTreeChild[];
}

/** Levels the document spells out; deeper levels have the same shape (a recursive schema would need a $ref the
 * document does not carry, which readers and fuzzers cannot resolve). */
const DOCUMENTED_LEVELS = 8;

function treeChildSchema(levels: number): z.ZodType {
  const children =
    levels > 1 ? z.array(treeChildSchema(levels - 1)) : z.array(z.unknown()).describe('The same shape, one level down');
  return z.object({
    lineNo: z.number(),
    componentSku: z.string(),
    name: z.string(),
    uom: z.string(),
    quantityPer: z.number(),
    scrapPercent: z.number(),
    provision: z.enum(['ours', 'customer']).describe("'customer': supplied by the production order's customer"),
    required: z.number().describe("Parent's required quantity x quantityPer x (1 + scrapPercent/100)"),
    phantom: z.boolean(),
    version: z.number().nullable().describe('The effective BOM version of the component; null when it has none'),
    children: children.describe("The component's own BOM lines; empty when it has none"),
  });
}

export const bomTreeChild = treeChildSchema(DOCUMENTED_LEVELS);

export const bomTree = z.object({
  itemSku: z.string(),
  itemName: z.string(),
  uom: z.string(),
  version: z.number(),
  phantom: z.boolean(),
  quantity: z.number(),
  children: z.array(bomTreeChild),
});
export type BomTree = Omit<z.output<typeof bomTree>, 'children'> & { children: BomTreeChild[] };

export const whereUsedRow = z.object({
  itemSku: z.string().describe('The parent using the item'),
  name: z.string(),
  version: z.number().describe("The parent's effective BOM version"),
  componentSku: z.string().describe('What the parent uses directly: the item itself (level 1) or a sub-assembly'),
  quantityPer: z.number(),
  level: z.number().describe('1 = direct parent, 2 = its parent, ...'),
});
export type WhereUsedRow = z.output<typeof whereUsedRow>;

export const skuParams = z.object({ sku: z.string().min(1).max(40) });
export const versionParams = skuParams.extend({ version: intParam() });
const dateQuery = isoDate().optional().describe('The date (YYYY-MM-DD); default today');
export const dateQuerystring = z.object({ date: dateQuery });
export const treeQuerystring = z.object({
  date: dateQuery,
  quantity: z.coerce.number().gt(0, 'must be greater than 0').max(1_000_000_000).default(1),
});

/** Today as an ISO date (UTC), the default date of the effective-version reads. */
export const today = (): string => new Date().toISOString().slice(0, 10);
