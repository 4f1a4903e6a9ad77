import type { EntityManager } from '@mikro-orm/postgresql';
import { validateRuleSet, type RuleSetType } from '../../rules/rule-sets';
import { DEFAULT_WAVE_RULES } from '../../rules/waves';
import { num, query } from '../sql';

/** Sensible published defaults so the demo decides something out of the box. */
export const DEFAULT_RULE_SETS: Array<{ code: string; type: RuleSetType; name: string; content: unknown }> = [
  {
    code: 'allocation',
    type: 'allocation',
    name: 'Allocation: which stock an order line takes',
    content: {
      rules: [
        {
          name: 'perishables-first-expiry-first-out',
          priority: 10,
          conditions: { any: [{ fact: 'item.category', operator: 'in', value: ['food', 'pharma'] }] },
          event: {
            type: 'policy',
            params: {
              filters: { minRemainingShelfLifeDays: 'customer' },
              sortKeys: ['expiry-asc', 'warehouse-priority'],
              partial: 'backorder-rest',
            },
          },
        },
        {
          name: 'key-accounts-ship-complete-from-one-place',
          priority: 5,
          conditions: { all: [{ fact: 'customer.segment', operator: 'equal', value: 'key-account' }] },
          event: {
            type: 'policy',
            params: { sortKeys: ['fewest-locations', 'received-asc'], partial: 'backorder-rest' },
          },
        },
      ],
      defaultPolicy: { sortKeys: ['received-asc', 'warehouse-priority'], partial: 'allow-partial' },
    },
  },
  {
    code: 'valuation',
    type: 'valuation',
    // Proposes the method for NEW items created without one (the decision is recorded); an item's own
    // valuationMethod is the one source of truth from then on, and posting reads only that.
    name: 'Valuation method proposed for new items, per category',
    content: {
      rules: [
        {
          name: 'bulk-hardware-at-moving-average',
          priority: 1,
          conditions: { all: [{ fact: 'item.category', operator: 'equal', value: 'hardware' }] },
          event: { type: 'policy', params: { method: 'moving-average' } },
        },
      ],
      defaultPolicy: { method: 'fifo' },
    },
  },
  {
    code: 'expiry',
    type: 'expiry',
    name: 'Expiry: block expired lots, act on near-expiry ones',
    content: {
      rules: [
        {
          name: 'pharma-scrap-early',
          priority: 1,
          conditions: { all: [{ fact: 'item.category', operator: 'equal', value: 'pharma' }] },
          event: {
            type: 'policy',
            params: {
              actions: [
                { withinDays: 60, action: 'alert' },
                { withinDays: 14, action: 'scrap-task' },
              ],
            },
          },
        },
      ],
      defaultPolicy: {
        actions: [
          { withinDays: 30, action: 'alert' },
          { withinDays: 10, action: 'discount', discountPercent: 25 },
        ],
      },
    },
  },
  {
    code: 'cost-distribution',
    type: 'cost-distribution',
    name: 'Cost distribution: how pools are split over targets',
    content: {
      rules: [
        {
          name: 'freight-by-weight',
          priority: 1,
          conditions: { all: [{ fact: 'pool.kind', operator: 'equal', value: 'freight' }] },
          event: { type: 'policy', params: { basis: 'weight', rounding: 'largest-remainder' } },
        },
      ],
      defaultPolicy: { basis: 'quantity', rounding: 'largest-remainder' },
    },
  },
  {
    code: 'credit',
    type: 'credit',
    name: 'Credit check: pass an order or hold it for a controller',
    content: {
      rules: [
        {
          name: 'overdue-receivables-hold',
          priority: 20,
          conditions: { all: [{ fact: 'customer.overdueAmount', operator: 'greaterThan', value: 0 }] },
          event: { type: 'policy', params: { action: 'hold', reason: 'The customer has overdue receivables' } },
        },
        {
          name: 'over-credit-limit-hold',
          priority: 10,
          conditions: { all: [{ fact: 'order.exposureRatio', operator: 'greaterThan', value: 1 }] },
          event: {
            type: 'policy',
            params: { action: 'hold', reason: 'The order takes the customer over the credit limit' },
          },
        },
        {
          name: 'new-customer-large-order-hold',
          priority: 5,
          conditions: {
            all: [
              { fact: 'customer.segment', operator: 'equal', value: 'new' },
              { fact: 'order.value', operator: 'greaterThan', value: 5000 },
            ],
          },
          event: { type: 'policy', params: { action: 'hold', reason: 'Large order from a new customer' } },
        },
      ],
      defaultPolicy: { action: 'pass', reason: 'Within the credit limit, nothing overdue' },
    },
  },
  {
    code: 'cycle-count',
    type: 'cycle-count',
    name: 'Cycle count: how often each item class is counted, when to recount and when a controller approves',
    content: {
      rules: [
        {
          name: 'a-items-monthly',
          priority: 10,
          conditions: { all: [{ fact: 'item.abcClass', operator: 'equal', value: 'A' }] },
          event: { type: 'policy', params: { frequency: 'monthly', recountTolerance: 0, approvalAboveValue: 100 } },
        },
        {
          name: 'b-items-quarterly',
          priority: 10,
          conditions: { all: [{ fact: 'item.abcClass', operator: 'equal', value: 'B' }] },
          event: { type: 'policy', params: { frequency: 'quarterly', recountTolerance: 0, approvalAboveValue: 100 } },
        },
      ],
      defaultPolicy: { frequency: 'yearly', recountTolerance: 0, approvalAboveValue: 100 },
    },
  },
  {
    code: 'invoice-match',
    type: 'invoice-match',
    name: 'Invoice match: price and quantity tolerances on net amounts before a controller approves',
    content: {
      rules: [
        {
          name: 'a-items-tight-price',
          priority: 10,
          conditions: { all: [{ fact: 'item.abcClass', operator: 'equal', value: 'A' }] },
          event: { type: 'policy', params: { priceTolerancePercent: 1, priceToleranceAmount: 20 } },
        },
      ],
      defaultPolicy: { priceTolerancePercent: 2, priceToleranceAmount: 50 },
    },
  },
  {
    code: 'material-issue',
    type: 'material-issue',
    name: 'Material issue: kit, merged pick or backflush per component, and what a short kit does',
    content: {
      rules: [
        {
          // Cheap, plentiful parts are not worth a pick: consumed at the report as quantity per x (good + scrap).
          name: 'fasteners-backflushed',
          priority: 10,
          conditions: { all: [{ fact: 'component.category', operator: 'equal', value: 'fastener' }] },
          event: { type: 'policy', params: { mode: 'backflush', whenShort: 'wait' } },
        },
      ],
      defaultPolicy: { mode: 'kit', whenShort: 'wait' },
    },
  },
  {
    code: 'lot-sizing',
    type: 'lot-sizing',
    name: 'Lot sizing: how MRP sizes a planned order per ABC class, supplier or item',
    content: {
      rules: [
        {
          // Expensive items: order exactly what is needed, so no capital sits in stock (the textbook ABC advice).
          name: 'a-items-lot-for-lot',
          priority: 10,
          conditions: { all: [{ fact: 'item.abcClass', operator: 'equal', value: 'A' }] },
          event: { type: 'policy', params: { kind: 'lot-for-lot' } },
        },
        {
          // Cheap items: one order covers four buckets, fewer orders for little stock value.
          name: 'c-items-four-buckets',
          priority: 10,
          conditions: { all: [{ fact: 'item.abcClass', operator: 'equal', value: 'C' }] },
          event: { type: 'policy', params: { kind: 'period-order', periods: 4 } },
        },
      ],
      defaultPolicy: { kind: 'lot-for-lot' },
    },
  },
  {
    code: 'subcontract-consumption',
    type: 'subcontract-consumption',
    name: 'Subcontract consumption: how a supplier delivery consumes our components, per supplier or item',
    content: {
      rules: [],
      // By BOM ratio: a delivery consumes what its finished quantity needs, so anything else sent stays visible at
      // the supplier until it is returned or reported scrapped; 5% over-delivery is a normal supplier tolerance.
      defaultPolicy: { method: 'bom-ratio', overDeliveryPercent: 5 },
    },
  },
  {
    code: 'quality-sampling',
    type: 'quality-sampling',
    name: 'Quality sampling: how much of a received lot is inspected, per source, supplier, item and quality history',
    content: {
      rules: [
        {
          // A trusted supplier's purchases skip lots (ISO 2859-3) once 10 lots in a row passed; one lot in three is
          // still inspected, and a rejected lot sends the supplier back to inspecting every lot.
          name: 'trusted-purchases-skip-lot',
          priority: 10,
          conditions: {
            all: [
              { fact: 'receipt.source', operator: 'equal', value: 'purchase' },
              { fact: 'supplier.trusted', operator: 'equal', value: true },
            ],
          },
          event: {
            type: 'policy',
            params: { kind: 'skip-lot', qualificationLots: 10, frequency: 3, level: 'II', aql: 1 },
          },
        },
      ],
      // ISO 2859-1 general inspection level II at AQL 1.0, starting normal: the standard's usual start.
      defaultPolicy: { kind: 'aql', level: 'II', aql: 1, startSeverity: 'normal' },
    },
  },
  {
    code: 'wave',
    type: 'wave',
    name: 'Pick waves: which released orders are picked together, and when a wave is released',
    content: DEFAULT_WAVE_RULES,
  },
];

/**
 * Seeds each default rule set once, by code (a set that exists is left alone, whatever admins did to it), as
 * version 1 written by `admin` and published by `admin2` (four-eyes, like any other publication), in force from
 * the start of time. A rule-set type added later is seeded into existing databases on their next start.
 */
export async function seedDefaultRuleSets(em: EntityManager, hash: (content: unknown) => string): Promise<boolean> {
  let seeded = false;
  for (const set of DEFAULT_RULE_SETS) {
    const [existing] = await query<{ n: string }>(em, 'select count(*) as n from rule_set where code = ?', [set.code]);
    if (num(existing?.n) > 0) continue;
    seeded = true;
    const checked = validateRuleSet(set.type, set.content, { authoring: true });
    if (!checked.ok) throw new Error(`Default rule set ${set.code} is invalid: ${JSON.stringify(checked.errors)}`);
    const [row] = await query<{ id: number }>(
      em,
      `insert into rule_set (code, type, name, description, created_by, created_at) values (?, ?, ?, '', 'admin', now()) returning id`,
      [set.code, set.type, set.name],
    );
    await query(
      em,
      `insert into rule_set_version (rule_set_id, version, status, content, content_hash, effective_from, author,
                                     created_at, updated_at, published_by, published_at)
       values (?, 1, 'published', ?, ?, 'epoch', 'admin', now(), now(), 'admin2', now())`,
      [row?.id, JSON.stringify(checked.content), hash(checked.content)],
    );
  }
  return seeded;
}
