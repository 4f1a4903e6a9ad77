import { z } from 'zod';
import { isoDate } from '../../input-guard';

/** Exact check behind the documented multipleOf (zod's is float-tolerant). */
const threeDecimals = (value: number) => Math.round(value * 1000) === value * 1000;

const priority = z
  .number()
  .int('priority must be a whole number')
  .min(1, 'priority must be at least 1')
  .max(10_000, 'priority must be at most 10000')
  .describe('Lower runs first (kitting lets orders compete in this order); default 100');
const note = z.string().trim().max(2000, 'note must be at most 2000 characters');

/** A production order as a planner creates it by hand (MRP will create them later). */
export const createProductionOrderBody = z.strictObject({
  itemSku: z
    .string()
    .trim()
    .min(1, 'itemSku is required')
    .max(40)
    .describe("The item to make: supply type 'make', with a BOM and a routing in effect on startDate"),
  quantity: z
    .number()
    .positive('quantity must be positive')
    .max(1_000_000_000)
    .multipleOf(0.001, 'quantity must have at most 3 decimals')
    .refine(threeDecimals, 'quantity must have at most 3 decimals')
    .describe('How many units to make'),
  dueDate: isoDate().describe('When the goods are due (YYYY-MM-DD); not before startDate'),
  startDate: isoDate()
    .optional()
    .describe('The day the BOM and routing versions are taken at (YYYY-MM-DD); default today (UTC)'),
  warehouseCode: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .optional()
    .describe('Where components are picked and the goods received; default the first-ranked physical warehouse'),
  priority: priority.optional(),
  note: note.optional(),
  customerCode: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .describe(
      'The customer it is made for: their material is used for the BOM’s customer-supplied lines (required when ' +
        'the BOM has any); omitted: made for stock',
    ),
});
export type CreateProductionOrderBody = z.infer<typeof createProductionOrderBody>;

/** What may change on an order: only planning data; the pinned BOM and routing never change after release. */
export const patchProductionOrderBody = z.strictObject({
  note: note.nullable().optional(),
  priority: priority.optional(),
  dueDate: isoDate().optional().describe('A new due date (YYYY-MM-DD), not before startDate'),
  bomVersion: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .describe('Refused: the BOM version is pinned at release from startDate and never changed after (409)'),
  routingVersion: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .describe('Refused: the routing version is pinned at release from startDate and never changed after (409)'),
});
export type PatchProductionOrderBody = z.infer<typeof patchProductionOrderBody>;

export const cancelProductionOrderBody = z.strictObject({
  reason: z.string().trim().min(1, 'reason is required').max(500).describe('Why the order is cancelled'),
});

export const productionOrderNumberParams = z.object({ number: z.string().min(1).max(20) });

export const PRODUCTION_ORDER_STATUSES = [
  'created',
  'released',
  'awaiting-stock',
  'in-progress',
  'completed',
  'closed',
  'cancelled',
] as const;

/** One production order in the list. */
export const productionOrderSummary = z.object({
  number: z.string(),
  itemSku: z.string(),
  itemName: z.string(),
  uom: z.string(),
  quantity: z.number(),
  completedQuantity: z.number(),
  scrappedQuantity: z.number(),
  warehouseCode: z.string(),
  dueDate: z.string(),
  startDate: z.string(),
  priority: z.number(),
  status: z.enum(PRODUCTION_ORDER_STATUSES),
  bomVersion: z.number().nullable().describe('The pinned BOM version; null until release'),
  routingVersion: z.number().nullable().describe('The pinned routing version; null until release'),
  customerCode: z
    .string()
    .nullable()
    .describe('The customer it is made for (who supplies its customer-supplied components); null: made for stock'),
  customerName: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  workflowId: z.string(),
});
export type ProductionOrderSummary = z.infer<typeof productionOrderSummary>;

const decision = z.object({
  id: z.number(),
  ruleSetCode: z.string(),
  version: z.number(),
  reason: z.string().describe('One sentence: the mode, the short-kit behaviour and the rule that chose them'),
});

const component = z.object({
  lineNo: z.number(),
  sku: z.string(),
  name: z.string(),
  uom: z.string(),
  viaPhantomSku: z.string().nullable().describe('The phantom it came through (skip-level), if any'),
  quantityPer: z.number(),
  scrapPercent: z.number(),
  required: z.number().describe('quantity x quantity per x (1 + scrap % / 100)'),
  issued: z.number().describe('Issued to the order so far (kit picks and backflush)'),
  backflushed: z.number().describe('Of it, consumed by backflush at reports'),
  returned: z.number().describe('Given back to stock (cancel)'),
  issuedValue: z.number(),
  operationSeq: z.number().nullable().describe('The operation whose report consumes it; null: completion'),
  mode: z.string().describe('kit, merged or backflush'),
  whenShort: z.string().describe('wait or release-partial'),
  issueNote: z.string().nullable(),
  provision: z
    .enum(['ours', 'customer'])
    .describe("'customer': the order's customer's material, issued at no value (not in the goods' cost)"),
  customerCode: z.string().nullable().describe('Whose material a customer-supplied component is; null: ours'),
  decision: decision.nullable(),
});

const operation = z.object({
  seq: z.number(),
  workCentreCode: z.string(),
  workCentreName: z.string(),
  description: z.string(),
  setupHours: z.number(),
  runHoursPerUnit: z.number(),
  good: z.number(),
  scrap: z.number(),
  labourHours: z.number(),
  status: z.string(),
  progress: z.number().describe('good / order quantity, 0..1'),
});

const cost = z.object({
  material: z.number().describe('material + backflush - return'),
  labour: z.number(),
  overhead: z.number(),
  completed: z.number().describe('Value received into stock (positive)'),
  variance: z.number().describe('What close or cancel sent to production variance (5500)'),
  wip: z.number().describe('What the order still holds in WIP (1400)'),
});

const timelineRow = z.object({
  at: z.string(),
  kind: z.string().describe('A report (operation, completion) or a cost (material, backflush, labour, ...)'),
  operationSeq: z.number().nullable(),
  componentLineNo: z.number().nullable(),
  quantity: z.number().nullable(),
  good: z.number().nullable(),
  scrap: z.number().nullable(),
  labourHours: z.number().nullable(),
  amount: z.number().nullable().describe('Into WIP (+) or out of it (-); null for a report'),
  journalEntryId: z.number().nullable(),
  by: z.string(),
});

export const productionOrderDetail = productionOrderSummary.extend({
  note: z.string().nullable(),
  issueRules: z
    .object({ ruleSetId: z.number(), ruleSetCode: z.string(), version: z.number(), contentHash: z.string() })
    .nullable()
    .describe('The material-issue rule version pinned at release'),
  releasedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  components: z.array(component),
  operations: z.array(operation),
  cost,
  reports: z.array(timelineRow).describe('Reports and costs, oldest first'),
});
export type ProductionOrderDetail = z.infer<typeof productionOrderDetail>;

export const createdProductionOrder = z.object({
  number: z.string(),
  workflowId: z.string(),
  itemSku: z.string(),
  quantity: z.number(),
  warehouseCode: z.string(),
  dueDate: z.string(),
  startDate: z.string(),
  priority: z.number(),
  status: z.literal('created'),
});
