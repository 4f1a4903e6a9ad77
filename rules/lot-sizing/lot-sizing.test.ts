import fc from 'fast-check';
import { compileRuleSet, decide } from '../engine';
import { storedVersion } from '../engine/test-support';
import { lotSizes } from '../mrp';
import { FACT_CATALOGUES, validateRuleSet } from '../rule-sets';
import { factsArb, RUNS, ruleSetArb } from '../rule-sets/test-support';
import { decideLotSize, describeLotSize, lotSizingFacts, type LotSizingSubject } from './index';

const abcRule = (abcClass: string, name: string, params: object) => ({
  name,
  priority: 10,
  conditions: { all: [{ fact: 'item.abcClass', operator: 'equal', value: abcClass }] },
  event: { type: 'policy', params },
});
/** As seeded (db/seeds/rule-seed.ts). */
const seeded = {
  rules: [
    abcRule('A', 'a-items-lot-for-lot', { kind: 'lot-for-lot' }),
    abcRule('C', 'c-items-four-buckets', { kind: 'period-order', periods: 4 }),
  ],
  defaultPolicy: { kind: 'lot-for-lot' },
};

const bolt: LotSizingSubject = {
  sku: 'BOLT-M8',
  category: 'fastener',
  abcClass: 'C',
  sourcing: 'buy',
  supplierCode: 'S-FAST',
};

async function choose(content: unknown, subject: LotSizingSubject, version = 1) {
  const compiled = compileRuleSet(storedVersion('lot-sizing', content, 7, version));
  const decision = await decide(compiled, lotSizingFacts(subject), { explainRejected: true });
  return decideLotSize(decision, (rule) => compiled.policyOf(rule));
}

describe('lot size decided by rules', () => {
  test('the facts carry every declared lot-sizing fact, unknown ones as null', () => {
    const facts = lotSizingFacts({ ...bolt, sku: 'FRAME', sourcing: 'make', supplierCode: null, abcClass: null });
    expect(Object.keys(facts).sort()).toEqual(Object.keys(FACT_CATALOGUES['lot-sizing']).sort());
    expect(facts).toMatchObject({ 'item.sourcing': 'make', 'supplier.code': null, 'item.abcClass': null });
  });

  test('the seeded default: C items cover four buckets, A items and unclassified items lot-for-lot', async () => {
    const c = await choose(seeded, bolt, 2);
    expect(c).toMatchObject({
      lotSize: { kind: 'period-order', periods: 4 },
      rule: 'c-items-four-buckets',
      usedDefault: false,
      ruleSetId: 7,
      version: 2,
      outranked: [],
    });
    expect(c.rejectedRules.map((rule) => rule.name)).toEqual(['a-items-lot-for-lot']);
    expect(c.reason).toBe(
      'period order covering 4 buckets: rule "c-items-four-buckets" (priority 10) of lot-sizing v2',
    );
    const a = await choose(seeded, { ...bolt, sku: 'MOTOR', abcClass: 'A' });
    expect(a).toMatchObject({ lotSize: { kind: 'lot-for-lot' }, rule: 'a-items-lot-for-lot' });
    const none = await choose(seeded, { ...bolt, abcClass: null });
    expect(none).toMatchObject({ lotSize: { kind: 'lot-for-lot' }, rule: null, usedDefault: true });
    expect(none.reason).toMatch(/^lot-for-lot: no rule matched, so the default policy of lot-sizing v1 applies$/);
  });

  test('rules that fired but lost on priority are kept with the lot size each would have chosen', async () => {
    const content = {
      rules: [
        {
          name: 'fast-supplier-multiples',
          priority: 20,
          conditions: { all: [{ fact: 'supplier.code', operator: 'equal', value: 'S-FAST' }] },
          event: { type: 'policy', params: { kind: 'min-max', minimum: 200, multiple: 50, maximum: 1000 } },
        },
        {
          name: 'fasteners-fixed',
          priority: 5,
          conditions: { all: [{ fact: 'item.category', operator: 'equal', value: 'fastener' }] },
          event: { type: 'policy', params: { kind: 'fixed', quantity: 500 } },
        },
        {
          name: 'c-items',
          priority: 5,
          conditions: { all: [{ fact: 'item.abcClass', operator: 'in', value: ['B', 'C'] }] },
          event: { type: 'policy', params: { kind: 'period-order', periods: 2 } },
        },
      ],
      defaultPolicy: { kind: 'lot-for-lot' },
    };
    const choice = await choose(content, bolt);
    expect(choice.lotSize).toEqual({ kind: 'min-max', minimum: 200, multiple: 50, maximum: 1000 });
    expect(choice.rule).toBe('fast-supplier-multiples');
    // Equal priority 5: ties sort by name, 'c-items' before 'fasteners-fixed'.
    expect(choice.outranked).toEqual([
      { rule: 'c-items', priority: 5, lotSize: { kind: 'period-order', periods: 2 } },
      { rule: 'fasteners-fixed', priority: 5, lotSize: { kind: 'fixed', quantity: 500 } },
    ]);
    expect(choice.lostOnPriority).toEqual(['c-items', 'fasteners-fixed']);
    expect(choice.reason).toBe(
      'at least 200, in multiples of 50, at most 1000 per order: rule "fast-supplier-multiples" (priority 20) of ' +
        'lot-sizing v1; it outranked "c-items" (priority 5, period order covering 2 buckets), "fasteners-fixed" ' +
        '(priority 5, fixed lots of 500)',
    );
  });

  test('the chosen lot size is what the MRP calculation sizes with: 230 needed -> 250 in multiples of 50', async () => {
    const content = {
      rules: [],
      defaultPolicy: { kind: 'min-max', minimum: 200, multiple: 50 },
    };
    const choice = await choose(content, bolt);
    expect(lotSizes(230, { lotSize: choice.lotSize })).toEqual([250]);
    // A min-max without a maximum keeps no maximum key: the stored policy and the planned one compare equal.
    expect(choice.lotSize).toEqual({ kind: 'min-max', minimum: 200, multiple: 50 });
    expect(describeLotSize({ kind: 'period-order', periods: 1 })).toBe('period order covering 1 bucket');
  });

  test('property: the choice is the engine policy, and every other fired rule is listed as outranked', async () => {
    await fc.assert(
      fc.asyncProperty(ruleSetArb('lot-sizing'), factsArb('lot-sizing'), async (content, facts) => {
        const compiled = compileRuleSet(storedVersion('lot-sizing', content));
        for (const name of compiled.facts.compared) facts[name] ??= 'A';
        const decision = await decide(compiled, facts);
        const choice = decideLotSize(decision, (rule) => compiled.policyOf(rule));
        expect(choice.lotSize).toEqual(JSON.parse(JSON.stringify(decision.policy)));
        expect(choice.usedDefault).toBe(decision.rule === null);
        const fired = decision.firedRules.map((rule) => rule.name);
        expect([...(choice.rule === null ? [] : [choice.rule]), ...choice.lostOnPriority]).toEqual(fired);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('lot-sizing content validation', () => {
  const errorsOf = (defaultPolicy: unknown) => {
    const result = validateRuleSet('lot-sizing', { rules: [], defaultPolicy });
    return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
  };

  test('the seeded default and every kind are valid', () => {
    expect(validateRuleSet('lot-sizing', seeded)).toEqual({ ok: true, content: seeded });
    for (const policy of [
      { kind: 'lot-for-lot' },
      { kind: 'fixed', quantity: 12.5 },
      { kind: 'min-max', multiple: 6 },
      { kind: 'min-max', minimum: 10, maximum: 10 },
      { kind: 'period-order', periods: 52 },
    ]) {
      expect(errorsOf(policy)).toEqual([]);
    }
  });

  test('an unknown kind, a missing or non-positive quantity and a fractional period are refused on their field', () => {
    expect(errorsOf({ kind: 'economic' })).toEqual([
      '$.defaultPolicy.kind: kind must be one of lot-for-lot, fixed, min-max, period-order',
    ]);
    expect(errorsOf({ kind: 'fixed' })).toEqual(['$.defaultPolicy.quantity: quantity must be a number']);
    expect(errorsOf({ kind: 'fixed', quantity: 0 })).toEqual([
      '$.defaultPolicy.quantity: quantity must be greater than 0',
    ]);
    expect(errorsOf({ kind: 'min-max', multiple: -5 })).toEqual([
      '$.defaultPolicy.multiple: multiple must be greater than 0',
    ]);
    expect(errorsOf({ kind: 'period-order', periods: 2.5 })).toEqual([
      '$.defaultPolicy.periods: periods must be a whole number of buckets',
    ]);
    expect(errorsOf({ kind: 'period-order', periods: 53 })).toEqual([
      '$.defaultPolicy.periods: periods can cover at most 52 buckets',
    ]);
    expect(errorsOf({ kind: 'period-order', periods: 0 })).toEqual([
      '$.defaultPolicy.periods: periods must be at least 1 bucket',
    ]);
  });

  test('a maximum below the minimum, an empty min-max and a key of another kind are refused', () => {
    expect(errorsOf({ kind: 'min-max', minimum: 100, maximum: 50 })).toEqual([
      '$.defaultPolicy.maximum: maximum must be at least the minimum',
    ]);
    expect(errorsOf({ kind: 'min-max' })).toEqual([
      '$.defaultPolicy.minimum: min-max needs a minimum, multiple or maximum',
    ]);
    expect(errorsOf({ kind: 'lot-for-lot', periods: 4 })).toEqual(['$.defaultPolicy.periods: unknown key "periods"']);
  });

  test('a rule reading a fact of another type is refused at its JSON path', () => {
    const bad = validateRuleSet('lot-sizing', {
      rules: [
        {
          name: 'by-customer',
          conditions: { all: [{ fact: 'customer.code', operator: 'equal', value: 'C1' }] },
          event: { type: 'policy', params: { kind: 'fixed', quantity: 10 } },
        },
      ],
      defaultPolicy: { kind: 'lot-for-lot' },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.path)).toEqual(['$.rules[0].conditions.all[0].fact']);
  });
});
