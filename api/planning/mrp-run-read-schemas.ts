import { z } from 'zod';
import { intParam } from '../pagination';

/** Every status a run passes through (db/entities/planning.ts). */
export const MRP_RUN_STATUSES = [
  'queued',
  'calculating',
  'review',
  'approved',
  'rejected',
  'released',
  'superseded',
  'simulated',
  'failed',
] as const;

export const PLANNED_ORDER_TYPES = ['purchase', 'production', 'subcontract'] as const;
export const PLANNED_ORDER_STATUSES = ['suggested', 'approved', 'rejected', 'released'] as const;

export const mrpRunIdParams = z.object({ id: intParam().describe('The run id') });
export const mrpRunItemParams = mrpRunIdParams.extend({ sku: z.string().min(1).max(40).describe('Item SKU') });

/** One row of the run list. */
export const mrpRunSummary = z.object({
  id: z.number().int(),
  status: z.enum(MRP_RUN_STATUSES),
  simulation: z.boolean(),
  asOf: z.string(),
  bucketSize: z.enum(['day', 'week']),
  bucketCount: z.number().int(),
  levelsDone: z.number().int(),
  levelsTotal: z.number().int(),
  items: z.number().int().nullable().describe('Items planned; null until the plan is stored'),
  plannedOrders: z.number().int().nullable(),
  exceptions: z.number().int().nullable(),
  problems: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type MrpRunSummary = z.infer<typeof mrpRunSummary>;

/** A share of a supply serving one demand (rules/mrp Peg). */
export const pegSchema = z.object({
  kind: z
    .string()
    .describe(
      'sales-order, forecast, production-component, subcontract-component, what-if, dependent, safety-stock, lot-size-remainder',
    ),
  ref: z.string().describe("The demand's ref; for dependent, the parent's planned order ref; else the item's SKU"),
  quantity: z.number(),
  date: z.string(),
});

export const plannedOrderRow = z.object({
  plannedRef: z.string(),
  sku: z.string(),
  itemName: z.string(),
  type: z.enum(PLANNED_ORDER_TYPES),
  quantity: z.number(),
  receiptDate: z.string(),
  releaseDate: z.string(),
  pastDue: z.boolean(),
  status: z.enum(PLANNED_ORDER_STATUSES),
  pegs: z.array(pegSchema),
  changeReason: z
    .string()
    .nullable()
    .describe('Why net change created or changed it (sales order SO-000123 placed); null: as calculated'),
  document: z
    .object({ kind: z.enum(['purchase-order', 'production-order']), number: z.string() })
    .nullable()
    .describe(
      'The order release made of it (purchase order for purchase, production order for production); null: none yet',
    ),
});
export type PlannedOrderRow = z.infer<typeof plannedOrderRow>;

export const exceptionRow = z.object({
  kind: z.string(),
  sku: z.string(),
  ref: z.string(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  quantity: z.number(),
  message: z.string(),
});
export type ExceptionRow = z.infer<typeof exceptionRow>;

export const problemRow = z.object({ sku: z.string(), reason: z.string(), message: z.string() });

export const plannedOrderFilter = z.object({
  type: z.enum(PLANNED_ORDER_TYPES).optional().describe('Only planned orders of this type'),
  status: z.enum(PLANNED_ORDER_STATUSES).optional().describe('Only planned orders in this status'),
  sku: z.string().max(40).optional().describe('Only planned orders of this item (exact SKU)'),
});
export type PlannedOrderFilter = z.infer<typeof plannedOrderFilter>;

export const mrpRunDetail = z.object({
  run: mrpRunSummary.extend({
    workflowId: z.string().nullable(),
    lotSizing: z
      .object({ ruleSetCode: z.string(), version: z.number().int() })
      .nullable()
      .describe('The lot-sizing version the run planned with; null until its inputs are read'),
    beyondHorizon: z.number().int().nullable(),
  }),
  plannedOrders: z.array(plannedOrderRow),
  exceptions: z.array(exceptionRow),
  problems: z.array(problemRow),
});
export type MrpRunDetail = z.infer<typeof mrpRunDetail>;

const gridRow = z.object({
  bucket: z.number().int(),
  gross: z.number(),
  scheduledReceipts: z.number(),
  expired: z.number(),
  projectedOnHand: z.number(),
  net: z.number(),
  plannedReceipts: z.number(),
  plannedReleases: z.number(),
});

export const mrpItemGrid = z.object({
  runId: z.number().int(),
  sku: z.string(),
  name: z.string(),
  uom: z.string(),
  source: z.string(),
  lowLevelCode: z.number().int(),
  leadTimeDays: z.number().nullable(),
  safetyStock: z.number(),
  lotSize: z.record(z.string(), z.unknown()).nullable().describe('The lot-sizing policy the run applied'),
  lotSizeReason: z.string().nullable().describe("The lot-sizing rule decision's reason"),
  changeReason: z
    .string()
    .nullable()
    .describe('Why net change last re-planned the item; null: as the run calculated it'),
  changedAt: z.string().nullable().describe('When net change last re-planned the item (ISO)'),
  buckets: z.array(z.object({ index: z.number().int(), start: z.string(), end: z.string() })),
  rows: z.array(gridRow),
  plannedOrders: z.array(plannedOrderRow),
  supplies: z.array(z.object({ ref: z.string(), kind: z.string(), sku: z.string(), pegs: z.array(pegSchema) })),
  exceptions: z.array(exceptionRow),
});
export type MrpItemGrid = z.infer<typeof mrpItemGrid>;

/**
 * One node of a pegging tree, listed in pre-order (a node, then its children one level deeper): a planned order,
 * an existing supply or a demand, and the quantity along this path.
 */
export const pegNode = z.object({
  depth: z.number().int().describe('0: served directly by (or serving) the asked ref; each level of the chain adds 1'),
  kind: z.string(),
  ref: z.string(),
  sku: z.string(),
  quantity: z.number(),
  date: z.string(),
});
export type PegNode = z.infer<typeof pegNode>;

export const peggingQuery = z.object({
  ref: z.string().min(1).max(120).describe('A planned order ref, an existing supply ref or a demand ref'),
});

export const peggingTree = z.object({
  ref: z.string(),
  kind: z.string().describe('planned-order, a supply kind (on-hand, purchase-order, ...) or a demand kind'),
  sku: z.string(),
  up: z.array(pegNode).describe('The demands it serves, through parent planned orders up to independent demand'),
  down: z.array(pegNode).describe('What serves it: supplies and planned orders, down through their components'),
});
export type PeggingTree = z.infer<typeof peggingTree>;
