/**
 * Test support (not part of the module's API): random valid rule sets of every type, built from the fact
 * catalogues and operator table, and random facts to decide on. Shared by the rule-set and engine tests.
 */
import fc from 'fast-check';
import { FACT_CATALOGUES, type FactType } from './facts';
import { expectedValue, type ExpectedValue, operatorsFor, referenceTypeFor } from './operators';
import type { SupportedRuleSetType } from './types';
import type { ScalarType } from './values';
import type { validateRuleSet } from './validate';

export const RUNS = 150;
export const TYPES: SupportedRuleSetType[] = ['allocation', 'valuation', 'expiry', 'cost-distribution'];

type Json = unknown;

const SCALARS: Record<ScalarType, fc.Arbitrary<Json>> = {
  string: fc.constantFrom('A', 'B', 'retail', 'DE'),
  number: fc.integer({ min: 0, max: 60 }),
  boolean: fc.boolean(),
  date: fc.constantFrom('2026-01-31', '2026-03-01', '2026-12-24'),
  scalar: fc.oneof(fc.constantFrom('yes', 'no'), fc.integer({ min: 0, max: 9 })),
};

const factsOfType = (type: SupportedRuleSetType, factType: FactType) =>
  Object.entries(FACT_CATALOGUES[type])
    .filter(([, definition]) => definition.type === factType)
    .map(([name]) => name);

function valueArb(type: SupportedRuleSetType, expected: ExpectedValue): fc.Arbitrary<Json> {
  const literal = expected.list
    ? fc.array(SCALARS[expected.scalar], { minLength: 1, maxLength: 3 })
    : SCALARS[expected.scalar];
  const referenceType = referenceTypeFor(expected);
  const references = referenceType ? factsOfType(type, referenceType) : [];
  if (references.length === 0) return literal;
  return fc.oneof(
    { arbitrary: literal, weight: 4 },
    { arbitrary: fc.constantFrom(...references).map((fact) => ({ fact })), weight: 1 },
  );
}

export function leafArb(type: SupportedRuleSetType): fc.Arbitrary<Json> {
  const catalogue = FACT_CATALOGUES[type];
  return fc.constantFrom(...Object.keys(catalogue)).chain((fact) => {
    const factType = catalogue[fact]!.type;
    return fc.constantFrom(...operatorsFor(factType)).chain((operator) =>
      fc.record({
        fact: fc.constant(fact),
        operator: fc.constant(operator),
        value: valueArb(type, expectedValue(factType, operator)!),
        ...(factType === 'attributes' ? { path: fc.constantFrom('hazmat', 'storage.zone', 'limits[0]') } : {}),
      }),
    );
  });
}

export function conditionsArb(type: SupportedRuleSetType): fc.Arbitrary<Json> {
  const { tree } = fc.letrec<{ tree: Json; node: Json }>((tie) => ({
    tree: fc.oneof(
      fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
    ),
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb(type), tie('tree')),
  }));
  return tree;
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const compact = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

export const POLICY_ARBS: Record<SupportedRuleSetType, fc.Arbitrary<Json>> = {
  allocation: fc
    .record({
      filters: optional(
        fc.record({ minRemainingShelfLifeDays: optional(fc.oneof(fc.nat(60), fc.constant('customer'))) }).map(compact),
      ),
      sortKeys: fc.constantFrom(
        ['expiry-asc', 'received-asc'],
        ['received-desc'],
        ['warehouse-priority', 'fewest-locations'],
      ),
      partial: fc.constantFrom('allow-partial', 'backorder-rest', 'all-or-nothing'),
    })
    .map(compact),
  valuation: fc.record({ method: fc.constantFrom('fifo', 'moving-average') }),
  expiry: fc.record({
    actions: fc.constantFrom(
      [],
      [{ withinDays: 30, action: 'alert' }],
      [{ withinDays: 7, action: 'discount', discountPercent: 20 }],
    ),
  }),
  'cost-distribution': fc.record({
    basis: fc.constantFrom('quantity', 'labour-hours', 'manual-percent'),
    rounding: fc.constantFrom('largest-remainder', 'last-target'),
  }),
  credit: fc.record({
    action: fc.constantFrom('pass', 'hold'),
    reason: fc.constantFrom('within limit', 'overdue receivables', 'over the credit limit'),
  }),
  'invoice-match': fc
    .record({
      priceTolerancePercent: fc.constantFrom(0, 1, 2.5),
      priceToleranceAmount: optional(fc.constantFrom(null, 0, 50)),
      quantityTolerancePercent: optional(fc.constantFrom(0, 10, 100)),
    })
    .map(compact),
  'cycle-count': fc.record({
    frequency: fc.constantFrom('weekly', 'monthly', 'quarterly', 'yearly', 'never'),
    recountTolerance: fc.constantFrom(0, 1, 2.5),
    approvalAboveValue: fc.constantFrom(0, 100, 1000),
  }),
  'material-issue': fc.record({
    mode: fc.constantFrom('kit', 'merged', 'backflush'),
    whenShort: fc.constantFrom('wait', 'release-partial'),
  }),
  'lot-sizing': fc.oneof(
    fc.constant({ kind: 'lot-for-lot' }),
    fc.record({ kind: fc.constant('fixed'), quantity: fc.constantFrom(1, 25, 100.5) }),
    fc
      .record({
        kind: fc.constant('min-max'),
        minimum: fc.constantFrom(10, 20),
        multiple: optional(fc.constantFrom(5, 12)),
        maximum: optional(fc.constantFrom(20, 500)),
      })
      .map(compact),
    fc.record({ kind: fc.constant('period-order'), periods: fc.integer({ min: 1, max: 52 }) }),
  ),
  'subcontract-consumption': fc
    .record({
      method: fc.constantFrom('bom-ratio', 'as-sent'),
      overDeliveryPercent: optional(fc.constantFrom(0, 5, 12.5, 100)),
    })
    .map(compact),
  'quality-sampling': fc.oneof(
    fc.constant({ kind: 'skip' }),
    fc.constant({ kind: 'full' }),
    fc.record({ kind: fc.constant('percent'), percent: fc.constantFrom(5, 12.5, 100) }),
    fc
      .record({
        kind: fc.constant('aql'),
        level: optional(fc.constantFrom('S-1', 'I', 'II', 'III')),
        aql: fc.constantFrom(0.065, 1, 2.5, 1000),
        startSeverity: optional(fc.constantFrom('normal', 'tightened')),
      })
      .map(compact),
    fc.record({ kind: fc.constant('skip-lot'), frequency: fc.constantFrom(2, 5), aql: fc.constantFrom(0.4, 4) }),
  ),
  wave: fc
    .record({
      release: fc.constantFrom('schedule', 'supervisor'),
      groupBy: optional(fc.subarray(['carrier-cutoff', 'zone', 'priority'])),
      maxOrders: optional(fc.integer({ min: 1, max: 1000 })),
      maxUnits: optional(fc.constantFrom(10, 250.5)),
      releaseMinutesBeforeCutoff: optional(fc.integer({ min: 0, max: 240 })),
    })
    .map(compact),
};

/** A valid rule set of `type` as an admin might write it (defaults left out, priorities sometimes omitted). */
export function ruleSetArb(type: SupportedRuleSetType): fc.Arbitrary<{ rules: Json[]; defaultPolicy: Json }> {
  const rule = fc
    .record({
      priority: optional(fc.integer({ min: 1, max: 4 })),
      conditions: conditionsArb(type),
      params: POLICY_ARBS[type],
    })
    .map(({ priority, conditions, params }) => compact({ priority, conditions, event: { type: 'policy', params } }));
  return fc.record({
    rules: fc.array(rule, { maxLength: 5 }).map((rules) => rules.map((r, index) => ({ name: `rule-${index}`, ...r }))),
    defaultPolicy: POLICY_ARBS[type],
  });
}

const FACT_VALUES: Record<FactType, fc.Arbitrary<Json>> = {
  ...SCALARS,
  'string-list': fc.array(SCALARS.string, { maxLength: 3 }),
  attributes: fc.record(
    { hazmat: SCALARS.scalar, storage: fc.record({ zone: SCALARS.scalar }), limits: fc.array(fc.nat(9)) },
    { requiredKeys: [] },
  ),
};

/** Values for every fact of the type; sometimes null ("not known"). */
export function factsArb(type: SupportedRuleSetType): fc.Arbitrary<Record<string, Json>> {
  const entries = Object.entries(FACT_CATALOGUES[type]).map(
    ([name, { type: factType }]) => [name, fc.option(FACT_VALUES[factType], { freq: 5 })] as const,
  );
  return fc.record(Object.fromEntries(entries));
}

/** Example-test helpers: a FEFO policy, a leaf, an allocation rule set with one rule, the errors of a result. */
export const fefo = { sortKeys: ['expiry-asc'], partial: 'backorder-rest' };
export const leaf = (fact: string, operator: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  fact,
  operator,
  value,
  ...extra,
});
export const allocation = (conditions: unknown, params: unknown = fefo) => ({
  rules: [{ name: 'export customers', conditions, event: { type: 'policy', params } }],
  defaultPolicy: { sortKeys: ['received-asc'], partial: 'allow-partial' },
});
export const errorsOf = (result: ReturnType<typeof validateRuleSet>) => (result.ok ? [] : result.errors);
