import fc from 'fast-check';
import { compileRuleSet, decide, type DecisionOf } from '../engine';
import { storedVersion } from '../engine/test-support';
import { FACT_CATALOGUES, type CostDistributionPolicy } from '../rule-sets';
import { distributeFreight, freightFacts, receiptBasis, type FreightTarget } from './index';

/** As seeded (db/seeds/rule-seed.ts): freight by weight, else by quantity. */
const seeded = {
  rules: [
    {
      name: 'freight-by-weight',
      priority: 1,
      conditions: { all: [{ fact: 'pool.kind', operator: 'equal', value: 'freight' }] },
      event: { type: 'policy', params: { basis: 'weight', rounding: 'largest-remainder' } },
    },
  ],
  defaultPolicy: { basis: 'quantity', rounding: 'largest-remainder' },
};

const withValueRule = {
  ...seeded,
  rules: [
    ...seeded.rules,
    {
      name: 'big-freight-by-value',
      priority: 5,
      conditions: { all: [{ fact: 'pool.amountCents', operator: 'greaterThan', value: 100_000 }] },
      event: { type: 'policy', params: { basis: 'value', rounding: 'last-target' } },
    },
  ],
};

const subject = { periodCode: '2026-12', warehouseCode: 'WH1', warehouseRegion: null };
const target = (id: string, quantity: number, valueCents: number, unitWeightKg: number | null): FreightTarget => ({
  id,
  quantity,
  valueCents,
  unitWeightKg,
});

async function spread(content: unknown, amountCents: number, targets: FreightTarget[]) {
  const compiled = compileRuleSet(storedVersion('cost-distribution', content, 4, 3));
  const decision = await decide(compiled, freightFacts({ ...subject, amountCents }));
  return distributeFreight(amountCents, targets, decision, (name) => compiled.policyOf(name));
}

describe('freight facts', () => {
  test('carry every declared cost-distribution fact', () => {
    const facts = freightFacts({ ...subject, amountCents: 500 });
    expect(Object.keys(facts).sort()).toEqual(Object.keys(FACT_CATALOGUES['cost-distribution']).sort());
    expect(facts['pool.kind']).toBe('freight');
  });
});

describe('the basis a receipt can carry', () => {
  test('weight when every item carries one, as quantity x kg per unit', () => {
    expect(receiptBasis('weight', [target('a', 4, 100, 2.5), target('b', 2, 100, 0.125)])).toEqual({
      basis: 'weight',
      values: [10, 0.25],
      note: null,
    });
  });

  test('quantity when some item carries no weight, and says so', () => {
    const chosen = receiptBasis('weight', [target('a', 4, 100, 2.5), target('b', 2, 100, null)]);
    expect(chosen.basis).toBe('quantity');
    expect(chosen.values).toEqual([4, 2]);
    expect(chosen.note).toMatch(/not every item carries a weight/);
  });

  test('value and material cost read the booked value; labour hours fall back to quantity', () => {
    expect(receiptBasis('material-cost', [target('a', 4, 1234, null)]).values).toEqual([1234]);
    expect(receiptBasis('labour-hours', [target('a', 4, 1234, null)])).toMatchObject({
      basis: 'quantity',
      values: [4],
    });
  });
});

describe('freight spread by the published rules', () => {
  test('the seeded rule spreads by weight: 1000 over 10 kg and 30 kg is 250 / 750', async () => {
    const spreadOut = await spread(seeded, 1000, [target('A', 10, 0, 1), target('B', 15, 0, 2)]);
    expect(spreadOut.shares).toEqual([
      { id: 'A', basisValue: 10, cents: 250 },
      { id: 'B', basisValue: 30, cents: 750 },
    ]);
    expect(spreadOut).toMatchObject({ rule: 'freight-by-weight', version: 3, basis: 'weight', policyBasis: 'weight' });
    expect(spreadOut.reason).toMatch(/^freight by weight, largest remainder: rule "freight-by-weight"/);
  });

  test('items without weight: the seeded rule falls back to quantity, 1000 over 2 : 1 is 667 / 333', async () => {
    const spreadOut = await spread(seeded, 1000, [target('A', 2, 0, null), target('B', 1, 0, 3)]);
    expect(spreadOut.shares.map((s) => s.cents)).toEqual([667, 333]);
    expect(spreadOut).toMatchObject({ basis: 'quantity', policyBasis: 'weight' });
    expect(spreadOut.reason).toMatch(/by quantity instead: not every item carries a weight/);
  });

  test('a higher-priority rule wins and lists the rule it outranked with its policy', async () => {
    const spreadOut = await spread(withValueRule, 100_001, [target('A', 1, 100, 1), target('B', 1, 200, 1)]);
    expect(spreadOut.rule).toBe('big-freight-by-value');
    expect(spreadOut.outranked).toEqual([
      { rule: 'freight-by-weight', priority: 1, basis: 'weight', rounding: 'largest-remainder' },
    ]);
    // last-target: A gets 100001 / 3 rounded = 33334, B the rest.
    expect(spreadOut.shares.map((s) => s.cents)).toEqual([33_334, 66_667]);
    expect(spreadOut.reason).toMatch(/outranked "freight-by-weight"/);
  });

  test('without rules in force: by quantity, and the shares sum to the amount', () => {
    const spreadOut = distributeFreight(
      100,
      [target('A', 1, 0, null), target('B', 1, 0, null), target('C', 1, 0, null)],
      null,
      () => {
        throw new Error('no rules');
      },
    );
    expect(spreadOut.shares.map((s) => s.cents)).toEqual([34, 33, 33]);
    expect(spreadOut).toMatchObject({ rule: null, usedDefault: true, version: null });
    expect(spreadOut.reason).toMatch(/no cost-distribution rules are in force/);
  });
});

describe('freight spread, any targets', () => {
  const targetArb = fc.record({
    quantity: fc.integer({ min: 1, max: 100_000 }).map((n) => n / 1000),
    valueCents: fc.integer({ min: 0, max: 10_000_000 }),
    unitWeightKg: fc.option(
      fc.integer({ min: 1, max: 50_000 }).map((n) => n / 1000),
      { nil: null },
    ),
  });
  const bases = ['quantity', 'value', 'weight', 'material-cost', 'labour-hours', 'manual-percent'] as const;

  test('the shares sum exactly to the amount, whatever basis the rules ask for', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.array(targetArb, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(...bases),
        fc.constantFrom('largest-remainder' as const, 'last-target' as const),
        (amountCents, drawn, basis, rounding) => {
          const targets = drawn.map((t, index) => ({ ...t, id: String(index).padStart(4, '0') }));
          // Value basis with every receipt booked at 0 has nothing to split by: refused, never a wrong split.
          fc.pre(!(['value', 'material-cost'].includes(basis) && targets.every((t) => t.valueCents === 0)));
          const spread = distributeFreight(amountCents, targets, null, () => ({ basis, rounding }));
          const asked = distributeFreight(amountCents, targets, fakeDecision(basis, rounding), () => ({
            basis,
            rounding,
          }));
          for (const result of [spread, asked]) {
            expect(result.shares.reduce((sum, share) => sum + share.cents, 0)).toBe(amountCents);
            // Largest remainder never goes below zero; last-target may (the last takes the whole rounding difference).
            if (rounding === 'largest-remainder') expect(result.shares.every((share) => share.cents >= 0)).toBe(true);
          }
          expect(asked.policyBasis).toBe(basis);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A decision as the engine returns it when its default policy applied (what distributeFreight reads of it). */
function fakeDecision(
  basis: CostDistributionPolicy['basis'],
  rounding: CostDistributionPolicy['rounding'],
): DecisionOf<'cost-distribution'> {
  return {
    ruleSetId: 1,
    ruleSetType: 'cost-distribution',
    version: 1,
    contentHash: 'x',
    facts: {},
    firedRules: [],
    rule: null,
    policy: { basis, rounding },
    usedDefault: true,
  };
}
