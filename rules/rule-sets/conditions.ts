/**
 * Validates condition trees by hand rather than with a zod union: a union can only say "invalid input" at the
 * node, while an admin needs the exact key that is wrong (`...all[1].operator`) and why.
 */
import { type FactCatalogue, type FactType, lookupFact } from './facts';
import { type ExpectedValue, expectedValue, isOperator, OPERATORS, operatorsFor, referenceTypeFor } from './operators';
import { describe, type ErrorList, isRecord, type Path } from './paths';
import { isFactPath, SCALAR_CHECKS } from './values';

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = ['fact', 'operator', 'value', 'path', 'name'];
const NOT_SUPPORTED: Record<string, string> = {
  params: 'fact params are not supported: facts are plain values',
  priority: 'condition priorities are not supported: every condition is evaluated and explained',
  condition: 'shared condition references are not supported: write the condition out',
};

interface Walk {
  catalogue: FactCatalogue;
  errors: ErrorList;
}

/** Checks a rule's `conditions`: an all/any/not tree of leaves over the catalogue's facts. */
export function checkConditions(node: unknown, at: Path, catalogue: FactCatalogue, errors: ErrorList): void {
  if (!isRecord(node) || !BOOLEAN_KEYS.some((key) => Object.hasOwn(node, key))) {
    errors.add(at, 'conditions must be an object with all, any or not at the top');
    return;
  }
  checkNode(node, at, { catalogue, errors });
}

function checkNode(node: unknown, at: Path, walk: Walk): void {
  if (!isRecord(node)) return walk.errors.add(at, `a condition must be an object, got ${describe(node)}`);
  const booleans = BOOLEAN_KEYS.filter((key) => Object.hasOwn(node, key));
  if (booleans.length > 1) {
    return walk.errors.add(at, `a condition has one of all, any, not; got ${booleans.join(', ')}`);
  }
  const [operator] = booleans;
  if (Object.hasOwn(node, 'condition')) return walk.errors.add([...at, 'condition'], NOT_SUPPORTED.condition!);
  if (operator === undefined) return checkLeaf(node, at, walk);
  checkKeys(node, at, [operator, 'name'], walk.errors);
  checkName(node, at, walk.errors);
  const inner = node[operator];
  if (operator === 'not') {
    if (Array.isArray(inner)) return walk.errors.add([...at, 'not'], 'not takes one condition, not an array');
    return checkNode(inner, [...at, 'not'], walk);
  }
  if (!Array.isArray(inner)) return walk.errors.add([...at, operator], `${operator} takes an array of conditions`);
  // json-rules-engine treats an empty any as true, which nobody means; refuse both empty forms.
  if (inner.length === 0) return walk.errors.add([...at, operator], `${operator} needs at least one condition`);
  inner.forEach((child, index) => checkNode(child, [...at, operator, index], walk));
}

function checkKeys(node: Record<string, unknown>, at: Path, allowed: readonly string[], errors: ErrorList): void {
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key)) errors.add([...at, key], NOT_SUPPORTED[key] ?? `unknown key "${key}" in a condition`);
  }
}

function checkName(node: Record<string, unknown>, at: Path, errors: ErrorList): void {
  if (node.name !== undefined && typeof node.name !== 'string') errors.add([...at, 'name'], 'name must be a string');
}

function checkLeaf(node: Record<string, unknown>, at: Path, walk: Walk): void {
  const { errors, catalogue } = walk;
  checkKeys(node, at, LEAF_KEYS, errors);
  checkName(node, at, errors);
  const factType = checkFactName(node.fact, [...at, 'fact'], walk);
  const operator = isOperator(node.operator) ? node.operator : undefined;
  if (operator === undefined) {
    errors.add([...at, 'operator'], `${operatorProblem(node.operator)}; use one of ${OPERATORS.join(', ')}`);
  }
  if (!Object.hasOwn(node, 'value')) errors.add([...at, 'value'], 'missing value');
  if (factType === undefined || operator === undefined) return;
  checkPath(node.path, factType, at, errors);
  const expected = expectedValue(factType, operator);
  if (!expected) {
    const usable = operatorsFor(factType).join(', ');
    return errors.add(
      [...at, 'operator'],
      `${operator} does not apply to ${String(node.fact)} (${factType}); use ${usable}`,
    );
  }
  if (Object.hasOwn(node, 'value')) checkValue(node.value, expected, [...at, 'value'], catalogue, errors);
}

function operatorProblem(operator: unknown): string {
  if (operator === undefined) return 'missing operator';
  if (typeof operator === 'string') return `unknown operator "${operator}"`;
  return `operator must be a string, got ${describe(operator)}`;
}

function checkFactName(name: unknown, at: Path, walk: Walk): FactType | undefined {
  if (name === undefined) return void walk.errors.add(at, 'missing fact');
  if (typeof name !== 'string') return void walk.errors.add(at, `fact must be a string, got ${describe(name)}`);
  const definition = lookupFact(walk.catalogue, name);
  if (!definition) {
    walk.errors.add(at, `unknown fact "${name}"; known facts: ${Object.keys(walk.catalogue).join(', ')}`);
  }
  return definition?.type;
}

function checkPath(path: unknown, factType: FactType, at: Path, errors: ErrorList): void {
  if (factType === 'attributes' && path === undefined) {
    return errors.add([...at, 'path'], 'an attributes fact needs a path, such as "storage.temperature"');
  }
  if (path === undefined) return;
  if (factType !== 'attributes') return errors.add([...at, 'path'], `a ${factType} fact takes no path`);
  if (!isFactPath(path)) {
    errors.add([...at, 'path'], `path must look like "a.b[0].c", got ${describe(path)}`);
  }
}

function checkValue(
  value: unknown,
  expected: ExpectedValue,
  at: Path,
  catalogue: FactCatalogue,
  errors: ErrorList,
): void {
  if (isRecord(value)) return checkReference(value, expected, at, catalogue, errors);
  const wanted = expected.list ? `a non-empty list of ${expected.scalar} values` : `a ${expected.scalar}`;
  if (!expected.list) {
    if (!SCALAR_CHECKS[expected.scalar](value)) errors.add(at, `expected ${wanted}, got ${describe(value)}`);
    return;
  }
  if (!Array.isArray(value) || value.length === 0) return errors.add(at, `expected ${wanted}, got ${describe(value)}`);
  value.forEach((entry, index) => {
    if (!SCALAR_CHECKS[expected.scalar](entry)) {
      errors.add([...at, index], `expected a ${expected.scalar}, got ${describe(entry)}`);
    }
  });
}

function checkReference(
  value: Record<string, unknown>,
  expected: ExpectedValue,
  at: Path,
  catalogue: FactCatalogue,
  errors: ErrorList,
): void {
  checkKeys(value, at, ['fact'], errors);
  const name = value.fact;
  const definition = typeof name === 'string' ? lookupFact(catalogue, name) : undefined;
  if (!definition) return errors.add([...at, 'fact'], `value refers to an unknown fact ${describe(name)}`);
  const wanted = referenceTypeFor(expected);
  if (definition.type !== wanted) {
    errors.add(
      [...at, 'fact'],
      `${String(name)} is a ${definition.type} fact; this comparison needs ${wanted ?? 'a literal'}`,
    );
  }
}
