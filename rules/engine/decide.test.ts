import { compileRuleSet, decide, RuleEngineError } from './index';
import { allocationRules, domesticDry, storedVersion } from './test-support';

const compiled = compileRuleSet(storedVersion('allocation', allocationRules, 7, 3));
const policies = Object.fromEntries(compiled.content.rules.map((rule) => [rule.name, rule.event.params]));

describe('decide', () => {
  test('no rule fires: the default policy, with no reasons to show', async () => {
    const decision = await decide(compiled, domesticDry);
    expect(decision).toEqual({
      ruleSetId: 7,
      ruleSetType: 'allocation',
      version: 3,
      contentHash: compiled.contentHash,
      facts: domesticDry,
      firedRules: [],
      rule: null,
      policy: compiled.content.defaultPolicy,
      usedDefault: true,
    });
    expect(Object.keys(decision.facts)).toEqual(Object.keys(domesticDry).sort());
  });

  test('the highest-priority fired rule wins, and its trace shows each leaf against the facts', async () => {
    const facts = { ...domesticDry, 'customer.segment': 'export', 'item.category': 'frozen' };
    const decision = await decide(compiled, facts);
    expect(decision).toMatchObject({ rule: 'export ships whole lines', usedDefault: false });
    expect(decision.policy).toBe(policies['export ships whole lines']);
    expect(decision.firedRules).toEqual([
      {
        name: 'export ships whole lines',
        priority: 10,
        conditions: {
          all: [
            { fact: 'customer.segment', operator: 'equal', value: 'export', factResult: 'export', result: true },
            {
              not: { fact: 'customer.tags', operator: 'contains', value: 'split-ok', factResult: [], result: false },
              result: true,
            },
          ],
          result: true,
        },
      },
      {
        name: 'food is FEFO',
        priority: 5,
        conditions: {
          any: [
            { fact: 'item.category', operator: 'in', value: ['frozen', 'chilled'], factResult: 'frozen', result: true },
            {
              fact: 'item.attributes',
              path: 'storage.zone',
              operator: 'equal',
              value: 'cold',
              factResult: 'ambient',
              result: false,
            },
          ],
          result: true,
        },
      },
    ]);
  });

  test('equal priorities order by name; a fact used as the value is shown with its name', async () => {
    const facts = { ...domesticDry, 'item.category': 'chilled', 'item.shelfLifeDays': 7 };
    const decision = await decide(compiled, facts);
    expect(decision.firedRules.map((rule) => rule.name)).toEqual(['food is FEFO', 'short shelf life customers']);
    expect(decision.rule).toBe('food is FEFO');
    expect(decision.firedRules[1]!.conditions).toEqual({
      all: [
        {
          fact: 'item.shelfLifeDays',
          operator: 'lessThan',
          value: 10,
          valueFact: 'customer.minShelfLifeDays',
          factResult: 7,
          result: true,
        },
      ],
      result: true,
    });
  });

  test('a missing attribute is recorded as null, and unknown facts fail their tests', async () => {
    const facts = { ...domesticDry, 'item.attributes': {}, 'customer.segment': null, 'item.category': null };
    const decision = await decide(compiled, facts, { explainRejected: true });
    expect(decision.usedDefault).toBe(true);
    const food = decision.rejectedRules!.find((rule) => rule.name === 'food is FEFO')!;
    expect(food.conditions).toMatchObject({ any: [{ factResult: null }, { factResult: null }], result: false });
    expect(decision.rejectedRules!.map((rule) => rule.name)).toEqual([
      'export ships whole lines',
      'food is FEFO',
      'short shelf life customers',
    ]);
  });

  test('the decision is plain JSON: it survives a round trip through the database unchanged', async () => {
    const decision = await decide(
      compiled,
      { ...domesticDry, 'customer.segment': 'export' },
      { explainRejected: true },
    );
    expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
  });

  test.each([
    [
      'an undeclared fact',
      { ...domesticDry, 'customer.nickname': 'Bob' },
      '$["customer.nickname"]: not a allocation fact',
    ],
    ['a value of the wrong type', { ...domesticDry, 'item.shelfLifeDays': '365' }, 'expected a number or null'],
    ['a fact the rules read', { ...domesticDry, 'item.category': undefined }, 'missing; the rules read it'],
    [
      'an unknown value the rules compare against',
      { ...domesticDry, 'customer.minShelfLifeDays': null },
      'must be known',
    ],
    ['an invalid date', { ...domesticDry, 'order.requestedDate': '2026-02-30' }, 'expected a date or null'],
  ])('refuses %s', async (_, facts, message) => {
    const attempt = decide(compiled, facts);
    await expect(attempt).rejects.toThrow(RuleEngineError);
    await expect(decide(compiled, facts)).rejects.toThrow(expect.objectContaining({ code: 'invalid-facts' }));
    await expect(decide(compiled, facts)).rejects.toThrow(message);
  });
});
