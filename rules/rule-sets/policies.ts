/**
 * The policy each rule-set type decides: what a rule's event params and the default policy must look like. Parsed
 * policies carry their defaults, so a published version stores exactly what it will do.
 */
import { z } from 'zod';
import { INSPECTION_LEVELS } from '../quality/code-letters';
import { AQLS, SEVERITIES } from '../quality/single-sampling-tables';
import type { ValuationMethod } from '../valuation';

/**
 * Stock statuses that allocation may ever draw on. Quarantined and blocked stock are never allocatable, nor stock at a
 * supplier: it is ours and valued, but being processed for us (subcontracting) and cannot be promised to a customer.
 */
export const ALLOCATABLE_STATUSES = ['available'] as const;

/**
 * Statuses that versions published before subcontracting (issue 15) may list in `filters.statuses`. A published
 * version is immutable and the engine recompiles it exactly as stored (rules/engine/compile.ts checks the stored JSON
 * is what validation returns and hashes it), so reading one must accept what it says: the schema below keeps them.
 * They never take effect: allocation draws only on ALLOCATABLE_STATUSES whatever a policy lists
 * (rules/allocation/filters.ts), new content refuses them (validateRuleSet with `authoring`), and a draft copied
 * from such a version drops them (withoutRetiredValues).
 */
export const RETIRED_ALLOCATION_STATUSES = ['at-supplier'] as const;

/** Why new content may not list a retired status; the error's path names the field (`filters.statuses[i]`). */
export const RETIRED_STATUS_MESSAGE =
  'statuses may only list available: at-supplier stock is at a supplier being processed for us and cannot be promised';

/** Allocation sort keys: FEFO, FIFO, LIFO, warehouse priority (lower first), fewest locations per line. */
export const SORT_KEYS = [
  'expiry-asc',
  'received-asc',
  'received-desc',
  'warehouse-priority',
  'fewest-locations',
] as const;

const allocationFilters = z.strictObject({
  statuses: z
    .array(
      z.enum([...ALLOCATABLE_STATUSES, ...RETIRED_ALLOCATION_STATUSES], {
        error: 'statuses may only list available: only available stock can be allocated',
      }),
    )
    .min(1)
    .default(['available']),
  // Not switchable: an expired lot must never be allocated (DOMAIN.md). Kept in the policy so it reads explicitly.
  excludeExpired: z.literal(true).default(true),
  minRemainingShelfLifeDays: z.union([z.int().min(0), z.literal('customer')]).optional(),
  allowedWarehouses: z.array(z.string().min(1)).min(1).optional(),
});

const sortKeys = z
  .array(z.enum(SORT_KEYS))
  .min(1)
  .superRefine((keys, ctx) => {
    keys.forEach((key, index) => {
      if (keys.indexOf(key) < index) ctx.addIssue({ code: 'custom', path: [index], message: `${key} is listed twice` });
    });
    const desc = keys.indexOf('received-desc');
    if (keys.includes('received-asc') && desc >= 0) {
      ctx.addIssue({ code: 'custom', path: [desc], message: 'received-asc and received-desc contradict each other' });
    }
  });

/** Allocation: which stock may be used, in which order, and what to do when a line cannot be covered. */
export const allocationPolicySchema = z.strictObject({
  filters: allocationFilters.prefault({}),
  sortKeys,
  partial: z.enum(['allow-partial', 'backorder-rest', 'all-or-nothing']),
});

/** Valuation: how issues are costed. */
export const valuationPolicySchema = z.strictObject({
  method: z.enum(['fifo', 'moving-average']) satisfies z.ZodType<ValuationMethod>,
});

const expiryAction = z.strictObject({
  withinDays: z.int().min(0),
  action: z.enum(['alert', 'discount', 'scrap-task']),
  discountPercent: z.number().gt(0).max(100).optional(),
});

/** Expiry: expired lots are blocked; a lot within `withinDays` of expiry triggers the most urgent action. */
export const expiryPolicySchema = z
  .strictObject({
    // Not switchable, like excludeExpired: expired lots are blocked (DOMAIN.md).
    blockExpired: z.literal(true).default(true),
    actions: z.array(expiryAction).default([]),
  })
  .superRefine((policy, ctx) => {
    policy.actions.forEach((entry, index) => {
      const path = ['actions', index];
      if (entry.action === 'discount' && entry.discountPercent === undefined) {
        ctx.addIssue({ code: 'custom', path: [...path, 'action'], message: 'a discount needs discountPercent' });
      }
      if (entry.action !== 'discount' && entry.discountPercent !== undefined) {
        ctx.addIssue({ code: 'custom', path: [...path, 'discountPercent'], message: 'only a discount has a percent' });
      }
      if (policy.actions.findIndex((other) => other.withinDays === entry.withinDays) < index) {
        ctx.addIssue({ code: 'custom', path: [...path, 'withinDays'], message: 'two actions for the same withinDays' });
      }
    });
  });

/** Cost distribution: the basis a pool is split by and how the rounding difference is placed. */
export const costDistributionPolicySchema = z.strictObject({
  basis: z.enum(['quantity', 'material-cost', 'labour-hours', 'weight', 'value', 'manual-percent']),
  rounding: z.enum(['largest-remainder', 'last-target']),
});

/** Credit: pass the order, or hold it for a controller's approval; the reason is shown on the approval task. */
export const creditPolicySchema = z.strictObject({
  action: z.enum(['pass', 'hold']),
  reason: z.string().min(1).max(200),
});

/**
 * Cycle count: how often an item's bins are counted, the difference (in the item's unit) a count may show before a
 * second clerk recounts it, and the difference value above which a controller approves the posting.
 */
export const cycleCountPolicySchema = z.strictObject({
  frequency: z.enum(['weekly', 'monthly', 'quarterly', 'yearly', 'never']),
  recountTolerance: z.number().min(0).default(0),
  approvalAboveValue: z.number().min(0).default(100),
});

/**
 * Invoice match: how far a supplier invoice line may be from the order and its receipts, on net amounts, and still
 * post without a controller. Price: |invoice - receipt unit price| x invoiced qty; quantity: (received not yet
 * invoiced - invoiced qty) x receipt price. A line is within when its variance is at most the percent of the
 * receipt net value AND (when set) at most the absolute amount: the stricter limit applies.
 */
export const invoiceMatchPolicySchema = z.strictObject({
  priceTolerancePercent: z.number().min(0).max(100),
  priceToleranceAmount: z.number().min(0).nullable().default(null),
  // Partial invoices (one per delivery) are normal, so the default lets an invoice bill less than was received.
  quantityTolerancePercent: z.number().min(0).max(100).default(100),
  quantityToleranceAmount: z.number().min(0).nullable().default(null),
});

/**
 * Material issue: how a production order's component reaches the work centre, and what a short kit does. `kit` picks
 * and stages the whole kit before work starts; `merged` gathers the components of several released orders in one
 * pick task and distributes them; `backflush` picks nothing and consumes at the operation or completion report.
 * `whenShort`: `wait` holds the order durably until stock arrives, `release-partial` releases what is there. Phantoms
 * are passed through from the BOM's flag and never reach these rules.
 */
export const materialIssuePolicySchema = z.strictObject({
  mode: z.enum(['kit', 'merged', 'backflush']),
  whenShort: z.enum(['wait', 'release-partial']),
});

/** The lot-sizing policies, one per kind (the console's labels and the MRP calculation use the same names). */
export const LOT_SIZE_KINDS = ['lot-for-lot', 'fixed', 'min-max', 'period-order'] as const;

const lotQuantity = (what: string) =>
  z.number({ error: `${what} must be a number` }).positive(`${what} must be greater than 0`);

const minMaxLotSize = z
  .strictObject({
    kind: z.literal('min-max'),
    minimum: lotQuantity('minimum').optional(),
    multiple: lotQuantity('multiple').optional(),
    maximum: lotQuantity('maximum').optional(),
  })
  .superRefine((policy, ctx) => {
    const { minimum, multiple, maximum } = policy;
    if (minimum === undefined && multiple === undefined && maximum === undefined) {
      // Without any of the three it is lot-for-lot: say so rather than store a policy that reads like something else.
      ctx.addIssue({ code: 'custom', path: ['minimum'], message: 'min-max needs a minimum, multiple or maximum' });
    }
    if (minimum !== undefined && maximum !== undefined && maximum < minimum) {
      ctx.addIssue({ code: 'custom', path: ['maximum'], message: 'maximum must be at least the minimum' });
    }
  });

/**
 * Lot sizing: how MRP turns an item's net requirement into planned order quantities (rules/mrp LotSizePolicy, one to
 * one). `lot-for-lot` orders exactly the net requirement; `fixed` orders as many lots of `quantity` as it takes;
 * `min-max` orders at least `minimum`, rounded up to `multiple`, split into orders of at most `maximum`; `period-order`
 * covers the net requirements of `periods` buckets at once. The item–supplier minimum and multiple apply on top of
 * any of them (in the calculation, not here).
 */
export const lotSizingPolicySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('lot-for-lot') }),
    z.strictObject({ kind: z.literal('fixed'), quantity: lotQuantity('quantity') }),
    minMaxLotSize,
    z.strictObject({
      kind: z.literal('period-order'),
      periods: z
        .int({ error: 'periods must be a whole number of buckets' })
        .min(1, 'periods must be at least 1 bucket')
        .max(52, 'periods can cover at most 52 buckets'),
    }),
  ],
  {
    error: (issue) => (issue.code === 'invalid_union' ? `kind must be one of ${LOT_SIZE_KINDS.join(', ')}` : undefined),
  },
);

/** How a supplier delivery of a subcontract order consumes the components at the supplier. */
export const CONSUMPTION_METHODS = ['bom-ratio', 'as-sent'] as const;

/**
 * Subcontract consumption: `bom-ratio` consumes what the BOM needs for the finished quantity delivered (quantity per x
 * planned scrap, as kitting computes it); `as-sent` consumes what was sent in proportion to the finished quantity
 * delivered, and the delivery completing the order whatever is still at the supplier. `overDeliveryPercent`: how far
 * the deliveries together may exceed the order quantity before a delivery is refused (0 = not at all).
 */
export const subcontractConsumptionPolicySchema = z.strictObject({
  method: z.enum(CONSUMPTION_METHODS, { error: `method must be one of ${CONSUMPTION_METHODS.join(', ')}` }),
  overDeliveryPercent: z
    .number({ error: 'overDeliveryPercent must be a number' })
    .min(0, 'overDeliveryPercent must be at least 0')
    .max(100, 'overDeliveryPercent can be at most 100')
    .default(0),
});

/** The sampling policies, one per kind (the console's labels and rules/quality use the same names). */
export const SAMPLING_KINDS = ['skip', 'full', 'percent', 'aql', 'skip-lot'] as const;

const standardAql = z
  .number({ error: 'aql must be a number' })
  .refine((aql) => (AQLS as readonly number[]).includes(aql), {
    error: `aql must be a standard AQL value (${AQLS.join(', ')})`,
  });
const inspectionLevel = z
  .enum(INSPECTION_LEVELS, { error: `level must be one of ${INSPECTION_LEVELS.join(', ')}` })
  .default('II');
const startSeverity = z
  .enum(SEVERITIES, { error: `startSeverity must be one of ${SEVERITIES.join(', ')}` })
  .default('normal');

/**
 * Quality sampling: how much of a received (or shipped) lot is inspected. `skip` releases unseen; `full` inspects every
 * unit; `percent` a share of the lot (at least `minimum` units); `aql` a single sampling plan of ISO 2859-1 at the
 * inspection level and AQL, switching between normal, tightened and reduced from the supplier's recorded lots
 * (starting at `startSeverity`); `skip-lot` (ISO 2859-3) qualifies a supplier with `qualificationLots` consecutive
 * accepted lots and then inspects one lot in `frequency` by the AQL plan.
 */
export const qualitySamplingPolicySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('skip') }),
    z.strictObject({ kind: z.literal('full') }),
    z.strictObject({
      kind: z.literal('percent'),
      percent: z
        .number({ error: 'percent must be a number' })
        .gt(0, 'percent must be greater than 0')
        .max(100, 'percent can be at most 100'),
      minimum: z
        .int({ error: 'minimum must be a whole number of units' })
        .min(1, 'minimum must be at least 1')
        .default(1),
    }),
    z.strictObject({ kind: z.literal('aql'), level: inspectionLevel, aql: standardAql, startSeverity }),
    z.strictObject({
      kind: z.literal('skip-lot'),
      qualificationLots: z
        .int({ error: 'qualificationLots must be a whole number of lots' })
        .min(1, 'qualificationLots must be at least 1')
        .max(50, 'qualificationLots can be at most 50')
        .default(10),
      frequency: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)], {
        error: 'frequency must be 2, 3, 4 or 5 (inspect 1 lot in that many)',
      }),
      level: inspectionLevel,
      aql: standardAql,
    }),
  ],
  {
    error: (issue) => (issue.code === 'invalid_union' ? `kind must be one of ${SAMPLING_KINDS.join(', ')}` : undefined),
  },
);

export type AllocationPolicy = z.output<typeof allocationPolicySchema>;
export type AllocationFilters = AllocationPolicy['filters'];
/** A status allocation may draw on. */
export type AllocatableStatus = (typeof ALLOCATABLE_STATUSES)[number];
export type SortKey = (typeof SORT_KEYS)[number];
export type PartialPolicy = AllocationPolicy['partial'];
export type ValuationPolicy = z.output<typeof valuationPolicySchema>;
export type ExpiryPolicy = z.output<typeof expiryPolicySchema>;
export type ExpiryAction = ExpiryPolicy['actions'][number]['action'];
export type CostDistributionPolicy = z.output<typeof costDistributionPolicySchema>;
export type DistributionBasis = CostDistributionPolicy['basis'];
export type Rounding = CostDistributionPolicy['rounding'];
export type CreditPolicy = z.output<typeof creditPolicySchema>;
export type CycleCountPolicy = z.output<typeof cycleCountPolicySchema>;
export type CycleCountFrequency = CycleCountPolicy['frequency'];

export type InvoiceMatchPolicy = z.output<typeof invoiceMatchPolicySchema>;
export type MaterialIssuePolicy = z.output<typeof materialIssuePolicySchema>;
export type IssueMode = MaterialIssuePolicy['mode'];
export type WhenShort = MaterialIssuePolicy['whenShort'];
export type LotSizingPolicy = z.output<typeof lotSizingPolicySchema>;
export type LotSizeKind = LotSizingPolicy['kind'];
export type SubcontractConsumptionPolicy = z.output<typeof subcontractConsumptionPolicySchema>;
export type ConsumptionMethod = SubcontractConsumptionPolicy['method'];
export type QualitySamplingPolicy = z.output<typeof qualitySamplingPolicySchema>;
export type SamplingKind = QualitySamplingPolicy['kind'];
export type WavePolicy = z.output<typeof wavePolicySchema>;
export type WaveGroupKey = WavePolicy['groupBy'][number];

/** Wave grouping keys: orders share a wave only with orders of the same carrier cut-off, zone set, priority. */
export const WAVE_GROUP_KEYS = ['carrier-cutoff', 'zone', 'priority'] as const;

/**
 * Wave planning (issue 20): which released orders go together (the group keys, the wave's size) and when a wave is
 * released: on a schedule (as soon as it is full, or this many minutes before its carrier's cut-off) or by a
 * supervisor.
 */
export const wavePolicySchema = z.strictObject({
  groupBy: z
    .array(z.enum(WAVE_GROUP_KEYS))
    .superRefine((keys, ctx) => {
      keys.forEach((key, index) => {
        if (keys.indexOf(key) < index)
          ctx.addIssue({ code: 'custom', path: [index], message: `${key} is listed twice` });
      });
    })
    .default(['carrier-cutoff', 'zone']),
  maxOrders: z.int().min(1).max(1000).default(50),
  maxUnits: z.number().positive().optional(),
  release: z.enum(['schedule', 'supervisor']),
  releaseMinutesBeforeCutoff: z
    .int()
    .min(0)
    .max(24 * 60)
    .default(60),
});

/** The policy schema of every supported rule-set type. */
export const POLICY_SCHEMAS = {
  allocation: allocationPolicySchema,
  valuation: valuationPolicySchema,
  expiry: expiryPolicySchema,
  'cost-distribution': costDistributionPolicySchema,
  credit: creditPolicySchema,
  'invoice-match': invoiceMatchPolicySchema,
  'cycle-count': cycleCountPolicySchema,
  'material-issue': materialIssuePolicySchema,
  'lot-sizing': lotSizingPolicySchema,
  'subcontract-consumption': subcontractConsumptionPolicySchema,
  'quality-sampling': qualitySamplingPolicySchema,
  wave: wavePolicySchema,
} as const;
