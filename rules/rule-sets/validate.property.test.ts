import fc from 'fast-check';
import { formatPath, type PathSegment, validateRuleSet } from './index';
import { RUNS, ruleSetArb, TYPES } from './test-support';

type Json = Record<string, unknown>;

/** Every leaf condition of a rule set, with its path. */
function leaves(ruleSet: { rules: unknown[] }): PathSegment[][] {
  const found: PathSegment[][] = [];
  const walk = (node: Json, path: PathSegment[]) => {
    for (const key of ['all', 'any'] as const) {
      if (Array.isArray(node[key])) (node[key] as Json[]).forEach((child, i) => walk(child, [...path, key, i]));
    }
    if (node.not) walk(node.not as Json, [...path, 'not']);
    if ('fact' in node) found.push(path);
  };
  ruleSet.rules.forEach((rule, i) => walk((rule as Json).conditions as Json, ['rules', i, 'conditions']));
  return found;
}

const at = (root: unknown, path: readonly PathSegment[]): Json =>
  path.reduce<Json>((node, segment) => node[segment as string] as Json, root as Json);

/** A mutation: where it lands, and what it does to the node there. Each must yield errors at exactly that path. */
type Mutation = { target: PathSegment[]; key: PathSegment; apply: (node: Json) => void };

const LEAF_MUTATIONS: ((leaf: PathSegment[]) => Mutation)[] = [
  (leaf) => ({ target: leaf, key: 'operator', apply: (node) => (node.operator = 'like') }),
  (leaf) => ({ target: leaf, key: 'operator', apply: (node) => delete node.operator }),
  (leaf) => ({ target: leaf, key: 'operator', apply: (node) => (node.operator = 7) }),
  (leaf) => ({ target: leaf, key: 'fact', apply: (node) => (node.fact = 'customer.nickname') }),
  (leaf) => ({ target: leaf, key: 'value', apply: (node) => (node.value = null) }),
  (leaf) => ({ target: leaf, key: 'value', apply: (node) => delete node.value }),
  (leaf) => ({ target: leaf, key: 'params', apply: (node) => (node.params = { id: 1 }) }),
  (leaf) => ({ target: leaf, key: 'opertor', apply: (node) => (node.opertor = 'equal') }),
];

const RULE_MUTATIONS: ((rule: PathSegment[]) => Mutation)[] = [
  (rule) => ({ target: rule, key: 'priority', apply: (node) => (node.priority = 0) }),
  (rule) => ({ target: rule, key: 'name', apply: (node) => (node.name = '  ') }),
  (rule) => ({ target: [...rule, 'event'], key: 'type', apply: (node) => (node.type = 'decision') }),
  (rule) => ({ target: [...rule, 'conditions'], key: 'all', apply: (node) => Object.assign(node, { all: [] }) }),
  (rule) => ({ target: [...rule, 'event', 'params'], key: 'surprise', apply: (node) => (node.surprise = true) }),
];

describe.each(TYPES)('%s rule sets', (type) => {
  test('valid ones validate, and validating the result again changes nothing', () => {
    fc.assert(
      fc.property(ruleSetArb(type), (json) => {
        const result = validateRuleSet(type, json);
        expect(result).toMatchObject({ ok: true });
        if (result.ok) expect(validateRuleSet(type, result.content)).toEqual(result);
      }),
      { numRuns: RUNS },
    );
  });

  test('a mutated one is rejected, with every error at the path of the mutation', () => {
    const scenario = ruleSetArb(type).chain((json) => {
      const leafPaths = leaves(json);
      const options = [
        ...leafPaths.flatMap((leaf) => LEAF_MUTATIONS.map((mutate) => mutate(leaf))),
        ...json.rules.flatMap((_, i) => RULE_MUTATIONS.map((mutate) => mutate(['rules', i]))),
        { target: ['defaultPolicy'], key: 'surprise', apply: (node: Json) => (node.surprise = true) },
      ];
      return fc.tuple(fc.constant(json), fc.constantFrom(...options));
    });
    fc.assert(
      fc.property(scenario, ([json, mutation]) => {
        const mutated = structuredClone(json);
        const node = at(mutated, mutation.target);
        // A rule whose conditions are not an all node is skipped: the all-mutation does not apply to it.
        fc.pre(mutation.key !== 'all' || Array.isArray(node.all));
        mutation.apply(node);
        const result = validateRuleSet(type, mutated);
        const path = formatPath([...mutation.target, mutation.key]);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.map((error) => error.path)).toEqual(result.errors.map(() => path));
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
