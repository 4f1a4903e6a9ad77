import { z } from 'zod';
import { intParam } from '../pagination';
import { MRP_RUN_STATUSES, PLANNED_ORDER_TYPES } from './mrp-run-read-schemas';

export const compareQuery = z.object({
  against: intParam()
    .optional()
    .describe(
      'The run to compare with (default: the latest live run whose plan is stored: review, approved, released)',
    ),
});

/** The four measures compared per bucket. */
export const gridFigures = z.object({
  gross: z.number(),
  plannedReceipts: z.number(),
  plannedReleases: z.number(),
  projectedOnHand: z.number(),
});
export type GridFigures = z.infer<typeof gridFigures>;

export const bucketDifference = z.object({
  start: z.string().describe("The bucket's first day: buckets are aligned by date, not by position"),
  live: gridFigures.describe('The run compared against'),
  whatIf: gridFigures.describe('The run compared'),
  difference: gridFigures.describe('whatIf minus live'),
});

export const itemDifference = z.object({
  sku: z.string(),
  itemName: z.string(),
  totals: gridFigures
    .omit({ projectedOnHand: true })
    .describe("Summed differences over the compared buckets (projected on hand is a balance: see the buckets')"),
  buckets: z.array(bucketDifference).describe('Only the buckets where some figure differs'),
});
export type ItemDifference = z.infer<typeof itemDifference>;

const orderSide = z.object({ plannedRef: z.string(), quantity: z.number(), releaseDate: z.string() });

export const orderDifference = z.object({
  sku: z.string(),
  type: z.enum(PLANNED_ORDER_TYPES),
  receiptDate: z.string(),
  live: orderSide.nullable().describe('Null: the order is only in the run compared (added)'),
  whatIf: orderSide.nullable().describe('Null: the order is only in the run compared against (removed)'),
});
export type OrderDifference = z.infer<typeof orderDifference>;

const runHeader = z.object({
  id: z.number().int(),
  status: z.enum(MRP_RUN_STATUSES),
  simulation: z.boolean(),
  asOf: z.string(),
  bucketSize: z.enum(['day', 'week']),
  bucketCount: z.number().int(),
});
export type CompareRunHeader = z.infer<typeof runHeader>;

/** A simulation's hypothetical changes (db/planning/what-if.ts), as the run recorded them. */
const whatIfSchema = z.object({
  extraDemand: z.array(
    z.object({ itemSku: z.string(), date: z.string(), quantity: z.number(), note: z.string().optional() }),
  ),
  leadTimes: z.array(z.object({ supplierCode: z.string(), itemSku: z.string().optional(), leadTimeDays: z.number() })),
});

export const mrpComparison = z.object({
  run: runHeader.extend({
    whatIf: whatIfSchema.nullable().describe("The run's extra demand and changed lead times; null: none"),
  }),
  against: runHeader,
  /** Bucket start dates both horizons hold: the only ones compared. */
  comparedBuckets: z.array(z.string()).describe('The bucket start dates both horizons hold: the only ones compared'),
  items: z.array(itemDifference).describe('Only the items whose grid differs, by SKU'),
  plannedOrders: z.object({
    added: z.array(orderDifference),
    removed: z.array(orderDifference),
    changed: z.array(orderDifference).describe('The same item, type and receipt date: quantity or release differs'),
  }),
});
export type MrpComparison = z.infer<typeof mrpComparison>;
