import fc from 'fast-check';
import { compileRuleSet, decide } from '../engine';
import { storedVersion } from '../engine/test-support';
import { FACT_CATALOGUES, validateRuleSet } from '../rule-sets';
import { factsArb, RUNS, ruleSetArb } from '../rule-sets/test-support';
import { consumptionFacts, decideConsumption, describeConsumption, type ConsumptionSubject } from './index';

/** As seeded (db/seeds/rule-seed.ts). */
const seeded = { rules: [], defaultPolicy: { method: 'bom-ratio', overDeliveryPercent: 5 } };

const rule = (name: string, priority: number, fact: string, value: unknown, params: object) => ({
  name,
  priority,
  conditions: { all: [{ fact, operator: 'equal', value }] },
  event: { type: 'policy', params },
});

const content = {
  rules: [
    rule('acme-by-bom', 20, 'supplier.code', 'S-ACME', { method: 'bom-ratio', overDeliveryPercent: 2 }),
    rule('trusted-as-sent', 10, 'supplier.trusted', true, { method: 'as-sent' }),
    rule('plating-as-sent', 10, 'item.category', 'plated', { method: 'as-sent', overDeliveryPercent: 10 }),
    rule('never', 30, 'item.sku', 'NOTHING', { method: 'as-sent' }),
  ],
  defaultPolicy: { method: 'bom-ratio' },
};

const bracket: ConsumptionSubject = {
  supplierCode: 'S-ACME',
  supplierTrusted: true,
  itemSku: 'BRACKET-ZN',
  itemCategory: 'plated',
};

async function choose(json: unknown, subject: ConsumptionSubject, version = 1) {
  const compiled = compileRuleSet(storedVersion('subcontract-consumption', json, 9, version));
  const decision = await decide(compiled, consumptionFacts(subject), { explainRejected: true });
  return decideConsumption(decision, (name) => compiled.policyOf(name));
}

describe('consumption policy decided by rules', () => {
  test('the facts carry every declared fact', () => {
    const facts = consumptionFacts({ ...bracket, itemCategory: null });
    expect(Object.keys(facts).sort()).toEqual(Object.keys(FACT_CATALOGUES['subcontract-consumption']).sort());
    expect(facts).toEqual({
      'supplier.code': 'S-ACME',
      'supplier.trusted': true,
      'item.sku': 'BRACKET-ZN',
      'item.category': null,
    });
  });

  test('the winning rule, with the rules it outranked and what each would have done', async () => {
    const choice = await choose(content, bracket, 3);
    expect(choice).toMatchObject({
      policy: { method: 'bom-ratio', overDeliveryPercent: 2 },
      rule: 'acme-by-bom',
      usedDefault: false,
      ruleSetId: 9,
      version: 3,
      // Equal priority 10: ties sort by name, plating before trusted.
      lostOnPriority: ['plating-as-sent', 'trusted-as-sent'],
      outranked: [
        { rule: 'plating-as-sent', priority: 10, policy: { method: 'as-sent', overDeliveryPercent: 10 } },
        { rule: 'trusted-as-sent', priority: 10, policy: { method: 'as-sent', overDeliveryPercent: 0 } },
      ],
    });
    expect(choice.rejectedRules.map((r) => r.name)).toEqual(['never']);
    expect(choice.reason).toBe(
      'consume by BOM ratio, over-delivery up to 2%: rule "acme-by-bom" (priority 20) of subcontract-consumption v3; ' +
        'it outranked "plating-as-sent" (priority 10, as sent, over-delivery up to 10%), "trusted-as-sent" ' +
        '(priority 10, as sent, no over-delivery)',
    );
  });

  test('no rule matched: the default, as seeded', async () => {
    const other = { supplierCode: 'S-OTHER', supplierTrusted: false, itemSku: 'FRAME', itemCategory: 'welded' };
    const choice = await choose(seeded, other);
    expect(choice).toMatchObject({
      policy: { method: 'bom-ratio', overDeliveryPercent: 5 },
      rule: null,
      usedDefault: true,
      outranked: [],
    });
    expect(choice.reason).toBe(
      'consume by BOM ratio, over-delivery up to 5%: no rule matched, so the default policy of ' +
        'subcontract-consumption v1 applies',
    );
    expect(describeConsumption({ method: 'as-sent', overDeliveryPercent: 0 })).toBe('as sent, no over-delivery');
  });

  test('property: the choice is the engine policy, and every other fired rule is listed as outranked', async () => {
    await fc.assert(
      fc.asyncProperty(
        ruleSetArb('subcontract-consumption'),
        factsArb('subcontract-consumption'),
        async (json, facts) => {
          const compiled = compileRuleSet(storedVersion('subcontract-consumption', json));
          // A fact another fact is compared against must be known (the engine insists): one of its type.
          const catalogue = FACT_CATALOGUES['subcontract-consumption'];
          for (const name of compiled.facts.compared) facts[name] ??= catalogue[name]?.type === 'boolean' ? true : 'A';
          const decision = await decide(compiled, facts);
          const choice = decideConsumption(decision, (name) => compiled.policyOf(name));
          expect(choice.policy).toEqual(decision.policy);
          expect(choice.usedDefault).toBe(decision.rule === null);
          const fired = decision.firedRules.map((r) => r.name);
          expect([...(choice.rule === null ? [] : [choice.rule]), ...choice.lostOnPriority]).toEqual(fired);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('subcontract-consumption content validation', () => {
  const errorsOf = (defaultPolicy: unknown) => {
    const result = validateRuleSet('subcontract-consumption', { rules: [], defaultPolicy }, { authoring: true });
    return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
  };

  test('the seeded default is valid as it stands; the tolerance defaults to 0', () => {
    expect(validateRuleSet('subcontract-consumption', seeded, { authoring: true })).toEqual({
      ok: true,
      content: seeded,
    });
    const filled = validateRuleSet('subcontract-consumption', { rules: [], defaultPolicy: { method: 'as-sent' } });
    expect(filled.ok && filled.content.defaultPolicy).toEqual({ method: 'as-sent', overDeliveryPercent: 0 });
  });

  test('refusals name the field', () => {
    expect(errorsOf({ method: 'by-weight' })).toEqual([
      '$.defaultPolicy.method: method must be one of bom-ratio, as-sent',
    ]);
    expect(errorsOf({})).toEqual(['$.defaultPolicy.method: method must be one of bom-ratio, as-sent']);
    expect(errorsOf({ method: 'as-sent', overDeliveryPercent: -1 })).toEqual([
      '$.defaultPolicy.overDeliveryPercent: overDeliveryPercent must be at least 0',
    ]);
    expect(errorsOf({ method: 'as-sent', overDeliveryPercent: 101 })).toEqual([
      '$.defaultPolicy.overDeliveryPercent: overDeliveryPercent can be at most 100',
    ]);
    expect(errorsOf({ method: 'as-sent', overDeliveryPercent: '5' })).toEqual([
      '$.defaultPolicy.overDeliveryPercent: overDeliveryPercent must be a number',
    ]);
    expect(errorsOf({ method: 'as-sent', tolerance: 5 })).toEqual([
      '$.defaultPolicy.tolerance: unknown key "tolerance"',
    ]);
  });
});
