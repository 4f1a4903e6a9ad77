import fc from 'fast-check';
import { compileRuleSet, decide } from '../engine';
import { storedVersion } from '../engine/test-support';
import { FACT_CATALOGUES, validateRuleSet } from '../rule-sets';
import { factsArb, RUNS, ruleSetArb } from '../rule-sets/test-support';
import { decideIssueMode, materialIssueFacts, type IssueSubject } from './index';

const fastenerRule = {
  name: 'fasteners-backflushed',
  priority: 10,
  conditions: { all: [{ fact: 'component.category', operator: 'equal', value: 'fastener' }] },
  event: { type: 'policy', params: { mode: 'backflush', whenShort: 'wait' } },
};
const seeded = { rules: [fastenerRule], defaultPolicy: { mode: 'kit', whenShort: 'wait' } };

const subject: IssueSubject = {
  productSku: 'PUMP-100',
  productCategory: 'pumps',
  componentSku: 'BOLT-M8',
  componentCategory: 'fastener',
  componentAbcClass: 'C',
  workCentreCode: 'ASSY',
};

async function choose(content: unknown, facts: IssueSubject, version = 1) {
  const compiled = compileRuleSet(storedVersion('material-issue', content, 5, version));
  const decision = await decide(compiled, materialIssueFacts(facts), { explainRejected: true });
  return decideIssueMode(decision, (rule) => compiled.policyOf(rule));
}

describe('material issue mode', () => {
  test('the facts carry every declared material-issue fact, unknown ones as null', () => {
    const facts = materialIssueFacts({ ...subject, workCentreCode: null });
    expect(Object.keys(facts).sort()).toEqual(Object.keys(FACT_CATALOGUES['material-issue']).sort());
    expect(facts['workCentre.code']).toBeNull();
    expect(facts['component.category']).toBe('fastener');
  });

  test('a fastener is backflushed by its rule, and the reason names the rule and version', async () => {
    const choice = await choose(seeded, subject, 3);
    expect(choice).toMatchObject({
      mode: 'backflush',
      whenShort: 'wait',
      rule: 'fasteners-backflushed',
      usedDefault: false,
      version: 3,
      ruleSetId: 5,
      lostOnPriority: [],
      rejectedRules: [],
    });
    expect(choice.reason).toBe(
      'backflush, a short kit waits for stock: rule "fasteners-backflushed" (priority 10) of material-issue v3',
    );
  });

  test('any other component takes the default kit; the rule that did not hold is listed as rejected', async () => {
    const choice = await choose(seeded, { ...subject, componentSku: 'HOUSING', componentCategory: 'casting' });
    expect(choice).toMatchObject({ mode: 'kit', whenShort: 'wait', rule: null, usedDefault: true, outranked: [] });
    expect(choice.rejectedRules.map((rule) => rule.name)).toEqual(['fasteners-backflushed']);
    expect(choice.reason).toMatch(/^kit, a short kit waits for stock: no rule matched, so the default policy/);
  });

  test('rules that fired but lost on priority (ties by name) are kept with what they would have chosen', async () => {
    const content = {
      rules: [
        fastenerRule,
        {
          name: 'assembly-line-merged',
          priority: 5,
          conditions: { all: [{ fact: 'workCentre.code', operator: 'equal', value: 'ASSY' }] },
          event: { type: 'policy', params: { mode: 'merged', whenShort: 'release-partial' } },
        },
        {
          name: 'a-class-kitted',
          priority: 10,
          conditions: { all: [{ fact: 'component.abcClass', operator: 'in', value: ['A', 'C'] }] },
          event: { type: 'policy', params: { mode: 'kit', whenShort: 'release-partial' } },
        },
      ],
      defaultPolicy: { mode: 'kit', whenShort: 'wait' },
    };
    const choice = await choose(content, subject);
    // Same priority 10: 'a-class-kitted' sorts before 'fasteners-backflushed' and wins.
    expect(choice).toMatchObject({ mode: 'kit', whenShort: 'release-partial', rule: 'a-class-kitted' });
    expect(choice.lostOnPriority).toEqual(['fasteners-backflushed', 'assembly-line-merged']);
    expect(choice.outranked).toEqual([
      { rule: 'fasteners-backflushed', priority: 10, mode: 'backflush', whenShort: 'wait' },
      { rule: 'assembly-line-merged', priority: 5, mode: 'merged', whenShort: 'release-partial' },
    ]);
    expect(choice.reason).toContain('it outranked "fasteners-backflushed" (priority 10, backflush)');
  });

  test('property: the choice is the engine policy, and every other fired rule is listed as outranked', async () => {
    await fc.assert(
      fc.asyncProperty(ruleSetArb('material-issue'), factsArb('material-issue'), async (content, facts) => {
        const compiled = compileRuleSet(storedVersion('material-issue', content));
        // Facts the rules compare against must be known (every material-issue fact is a string).
        for (const name of compiled.facts.compared) facts[name] ??= 'A';
        const decision = await decide(compiled, facts);
        const choice = decideIssueMode(decision, (rule) => compiled.policyOf(rule));
        expect(choice.policy).toEqual(decision.policy);
        expect([choice.mode, choice.whenShort]).toEqual([decision.policy.mode, decision.policy.whenShort]);
        expect(choice.usedDefault).toBe(decision.rule === null);
        const fired = decision.firedRules.map((rule) => rule.name);
        expect([...(choice.rule === null ? [] : [choice.rule]), ...choice.lostOnPriority]).toEqual(fired);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('material-issue content validation', () => {
  const withParams = (params: unknown) => ({ rules: [{ ...fastenerRule, event: { type: 'policy', params } }] });

  test('the seeded default is valid', () => {
    expect(validateRuleSet('material-issue', seeded)).toEqual({ ok: true, content: seeded });
  });

  test('a bad mode or short-kit behaviour is refused at its JSON path', () => {
    const bad = validateRuleSet('material-issue', {
      ...withParams({ mode: 'teleport', whenShort: 'wait' }),
      defaultPolicy: { mode: 'kit', whenShort: 'shrug' },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.path).sort()).toEqual(['$.defaultPolicy.whenShort', '$.rules[0].event.params.mode']);
  });

  test('a missing whenShort, an unknown policy key and a fact of another type are each named', () => {
    const bad = validateRuleSet('material-issue', {
      rules: [
        {
          ...fastenerRule,
          conditions: { all: [{ fact: 'customer.code', operator: 'equal', value: 'C1' }] },
          event: { type: 'policy', params: { mode: 'kit' } },
        },
      ],
      defaultPolicy: { mode: 'kit', whenShort: 'wait', pickFrom: 'MAIN' },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '$.rules[0].conditions.all[0].fact',
        '$.rules[0].event.params.whenShort',
        expect.stringMatching(/^\$\.defaultPolicy/),
      ]),
    );
  });
});
