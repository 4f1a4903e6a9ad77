import fc from 'fast-check';
import { compileRuleSet, decide } from '../engine';
import { storedVersion } from '../engine/test-support';
import { RUNS, ruleSetArb } from '../rule-sets/test-support';
import { decideLotSize, decideLotSizes, lotSizingFacts, type LotSizingSubject } from './index';

const subjectArb: fc.Arbitrary<LotSizingSubject> = fc.record({
  sku: fc.constantFrom('BOLT-M8', 'MOTOR', 'FRAME', 'A', 'B'),
  category: fc.constantFrom('fastener', 'A', null),
  abcClass: fc.constantFrom('A', 'B', 'C', null),
  sourcing: fc.constantFrom('make', 'buy', 'subcontract'),
  supplierCode: fc.constantFrom('S-FAST', 'A', null),
});

describe('lot sizes of many items', () => {
  test('property: deciding a list gives each item what deciding it alone gives, its own facts included', async () => {
    await fc.assert(
      fc.asyncProperty(ruleSetArb('lot-sizing'), fc.array(subjectArb, { maxLength: 8 }), async (content, subjects) => {
        const compiled = compileRuleSet(storedVersion('lot-sizing', content));
        // Facts compared against must be known: rules comparing to a null fact are refused, alone or in a list.
        const known = subjects.filter((s) =>
          [...compiled.facts.compared].every((name) => lotSizingFacts(s)[name] !== null),
        );
        const many = await decideLotSizes(compiled, known);
        expect(many.map((item) => item.sku)).toEqual(known.map((s) => s.sku));
        for (const [index, subject] of known.entries()) {
          const alone = await decide(compiled, lotSizingFacts(subject));
          expect(many[index]!.decision).toEqual(alone);
          expect(many[index]!.choice).toEqual(decideLotSize(alone, (rule) => compiled.policyOf(rule)));
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('10,000 items of a few classes decide as one run per class (the seeded kind of rules)', async () => {
    const content = {
      rules: [
        {
          name: 'c-items-four-buckets',
          priority: 10,
          conditions: { all: [{ fact: 'item.abcClass', operator: 'equal', value: 'C' }] },
          event: { type: 'policy', params: { kind: 'period-order', periods: 4 } },
        },
      ],
      defaultPolicy: { kind: 'lot-for-lot' },
    };
    const compiled = compileRuleSet(storedVersion('lot-sizing', content));
    const classes = ['A', 'B', 'C', null];
    const subjects = Array.from({ length: 10_000 }, (_, i) => ({
      sku: `ITEM-${i}`,
      category: null,
      abcClass: classes[i % 4]!,
      sourcing: 'buy' as const,
      supplierCode: `S-${i % 7}`,
    }));
    const many = await decideLotSizes(compiled, subjects);
    expect(many.filter((item) => item.choice.lotSize.kind === 'period-order')).toHaveLength(2500);
    expect(many[2]).toMatchObject({ sku: 'ITEM-2', choice: { rule: 'c-items-four-buckets' } });
    expect(many[2]!.decision.facts['item.sku']).toBe('ITEM-2');
    expect(many[3]!.choice).toMatchObject({ usedDefault: true, lotSize: { kind: 'lot-for-lot' } });
  });
});
