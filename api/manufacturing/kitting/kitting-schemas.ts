import { z } from 'zod';
import { isoDate } from '../../input-guard';

/** Exact check behind the documented multipleOf (zod's is float-tolerant). */
const threeDecimals = (value: number) => Math.round(value * 1000) === value * 1000;

/** A kitting analysis: demands in priority order, competing for the same stock. */
export const kittingBody = z.object({
  date: isoDate()
    .optional()
    .describe(
      'The day to analyse (YYYY-MM-DD): BOM versions in effect and lots not expired on it; default today (UTC)',
    ),
  demands: z
    .array(
      z.object({
        itemSku: z
          .string()
          .trim()
          .min(1, 'itemSku is required')
          .max(40)
          .describe('The product to build; it must have a BOM in effect on the date'),
        quantity: z
          .number()
          .positive('quantity must be positive')
          .max(1_000_000_000)
          .multipleOf(0.001, 'quantity must have at most 3 decimals')
          .refine(threeDecimals, 'quantity must have at most 3 decimals')
          .describe('How many units of the product to build'),
        reference: z
          .string()
          .trim()
          .max(100)
          .nullish()
          .describe('Free text to recognise the demand by, e.g. a production order number; echoed back'),
      }),
    )
    .max(1000, 'at most 1000 demands at once')
    .default([])
    .describe(
      'In priority order, after the production orders: an earlier demand takes its stock first. At least one ' +
        'demand or production order is required',
    ),
  productionOrders: z
    .array(z.string().trim().min(1, 'a production order number is required').max(20))
    .max(1000, 'at most 1000 production orders at once')
    .optional()
    .describe(
      'Open production orders to kit, in priority order, before the demands: each needs what it still lacks ' +
        '(released: its components required less issued and its own reservations; not yet released: its item BOM ' +
        'for the quantity still to make)',
    ),
});
export type KittingBody = z.infer<typeof kittingBody>;

const coverRecord = z.object({
  type: z.enum(['purchase-order', 'production-order']).describe('What will bring the stock'),
  number: z.string().describe('The purchase order or production order number'),
  lineNo: z.number().int().nullable().describe('The purchase order line; null for a production order'),
  openQuantity: z
    .number()
    .describe(
      "What of the line's open quantity (a production order's quantity - completed) was left after earlier " +
        "demands' shortages",
    ),
  quantity: z.number().describe('The part of it that covers this shortage'),
  dueDate: z.string().describe('When the line is due (YYYY-MM-DD)'),
});

const componentRecord = z.object({
  componentSku: z.string(),
  name: z.string(),
  uom: z.string(),
  required: z
    .number()
    .describe('quantity x quantity per x (1 + scrap % / 100) per level, phantoms exploded through to their components'),
  available: z.number().describe('Free stock left for this demand after the earlier demands took theirs'),
  short: z.number().describe('required - available when positive, else 0'),
  coveredBy: z
    .array(coverRecord)
    .describe('Open purchase-order lines and production orders that will cover the shortage, earliest due first'),
  uncovered: z.number().describe('What of the shortage no open supply covers'),
});

export const kittingResponse = z.object({
  date: z.string().describe('The day analysed (YYYY-MM-DD)'),
  demands: z.array(
    z.object({
      itemSku: z.string(),
      quantity: z.number(),
      reference: z.string().nullable(),
      productionOrder: z.string().nullable().describe('The production order this demand is; null for a plain demand'),
      bomVersion: z
        .number()
        .int()
        .describe("The BOM version in effect on the date that was exploded (a released order's: its pinned one)"),
      buildable: z
        .number()
        .describe('Whole units that can be built now with what was left for this demand (never more than quantity)'),
      components: z.array(componentRecord),
    }),
  ),
});
export type KittingResponse = z.infer<typeof kittingResponse>;
