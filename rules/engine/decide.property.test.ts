import fc from 'fast-check';
import { type Condition, FACT_CATALOGUES, type FactType, type SupportedRuleSetType } from '../rule-sets';
import { factsArb, RUNS, ruleSetArb, TYPES } from '../rule-sets/test-support';
import { compileRuleSet, type CompiledRuleSet, decide, resolvePath } from './index';
import { storedVersion } from './test-support';

type Facts = Record<string, unknown>;

const KNOWN: Record<FactType, unknown> = {
  string: 'A',
  number: 5,
  boolean: true,
  date: '2026-03-01',
  'string-list': ['A'],
  attributes: {},
};

const scenario = fc
  .constantFrom(...TYPES)
  .chain((type) => fc.tuple(fc.constant(type), ruleSetArb(type), factsArb(type)))
  .map(([type, json, facts]) => {
    const compiled = compileRuleSet(storedVersion(type, json));
    // Facts that rules compare against must be known; give them a value where the generator chose null.
    for (const name of compiled.facts.compared) facts[name] ??= KNOWN[FACT_CATALOGUES[type][name]!.type];
    return { type, json, facts, compiled };
  });

const isNumeric = (value: unknown) => Number.parseFloat(value as string).toString() !== 'NaN';

/** json-rules-engine's built-in operators, as documented, including their fact-side validators. */
const OPERATORS: Record<string, (fact: unknown, value: unknown) => boolean> = {
  equal: (fact, value) => fact === value,
  notEqual: (fact, value) => fact !== value,
  lessThan: (fact, value) => isNumeric(fact) && (fact as number) < (value as number),
  lessThanInclusive: (fact, value) => isNumeric(fact) && (fact as number) <= (value as number),
  greaterThan: (fact, value) => isNumeric(fact) && (fact as number) > (value as number),
  greaterThanInclusive: (fact, value) => isNumeric(fact) && (fact as number) >= (value as number),
  in: (fact, value) => (value as unknown[]).includes(fact),
  notIn: (fact, value) => !(value as unknown[]).includes(fact),
  contains: (fact, value) => Array.isArray(fact) && fact.includes(value),
  doesNotContain: (fact, value) => Array.isArray(fact) && !fact.includes(value),
};

/** An independent evaluation of a condition tree over the facts. */
function holds(condition: Condition, facts: Facts): boolean {
  if ('all' in condition) return condition.all.every((child) => holds(child, facts));
  if ('any' in condition) return condition.any.some((child) => holds(child, facts));
  if ('not' in condition) return !holds(condition.not, facts);
  const raw = facts[condition.fact];
  const fact = condition.path && typeof raw === 'object' && raw !== null ? resolvePath(raw, condition.path) : raw;
  const { value } = condition;
  const expected = typeof value === 'object' && 'fact' in value ? facts[value.fact] : value;
  return OPERATORS[condition.operator]!(fact, expected);
}

function expectedWinner(compiled: CompiledRuleSet<SupportedRuleSetType>, facts: Facts) {
  const fired = compiled.content.rules
    .filter((rule) => holds(rule.conditions, facts))
    .sort((a, b) => b.priority - a.priority || (a.name < b.name ? -1 : 1));
  return { names: fired.map((rule) => rule.name), policy: fired[0]?.event.params ?? compiled.content.defaultPolicy };
}

describe('decide, any rule set and facts', () => {
  test('fires exactly the rules whose conditions hold; the highest priority (then name) decides', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ facts, compiled }) => {
        const decision = await decide(compiled, facts);
        const expected = expectedWinner(compiled, facts);
        expect(decision.firedRules.map((rule) => rule.name)).toEqual(expected.names);
        expect(decision.policy).toEqual(expected.policy);
        expect(decision.usedDefault).toBe(expected.names.length === 0);
        expect(decision.firedRules.every((rule) => rule.conditions.result === true)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  test('same facts, same version, same decision: again, recompiled, facts reordered, concurrently', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ type, json, facts, compiled }) => {
        const first = await decide(compiled, facts, { explainRejected: true });
        const reordered = Object.fromEntries(Object.entries(facts).reverse());
        const fresh = compileRuleSet(storedVersion(type, structuredClone(json)));
        const again = await Promise.all([
          decide(compiled, facts, { explainRejected: true }),
          decide(fresh, reordered, { explainRejected: true }),
          decide(compiled, reordered, { explainRejected: true }),
        ]);
        again.forEach((decision) => expect(decision).toEqual(first));
        expect(JSON.stringify(again[1])).toBe(JSON.stringify(first));
      }),
      { numRuns: RUNS },
    );
  });
});
