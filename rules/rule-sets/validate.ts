import { z } from 'zod';
import { checkConditions } from './conditions';
import { FACT_CATALOGUES } from './facts';
import { ErrorList, isRecord, type Path } from './paths';
import { POLICY_SCHEMAS } from './policies';
import { retiredValuesIn } from './retired-values';
import type { ContentOf, RuleSetType, SupportedRuleSetType, TopLevelCondition, ValidationResult } from './types';

const SUPPORTED = Object.keys(POLICY_SCHEMAS) as SupportedRuleSetType[];
const CONTENT_KEYS = ['rules', 'defaultPolicy'];

const ruleShell = z.strictObject({
  name: z.string().trim().min(1, 'a rule needs a name').max(120),
  priority: z.int().min(1).max(1_000_000).default(1),
  // Checked on their own below, with precise paths; optional here so a missing one is reported once.
  conditions: z.unknown().optional(),
  event: z.strictObject({ type: z.literal('policy'), params: z.unknown().optional() }),
});

/** True for a rule-set type whose content can be validated and decided today. */
export function isSupportedRuleSetType(type: string): type is SupportedRuleSetType {
  return (SUPPORTED as string[]).includes(type);
}

/**
 * How content is being validated. `authoring: true` for content being saved or published now: it also refuses values
 * only stored versions may still hold (retired-values.ts, e.g. the `at-supplier` allocation status). Without it
 * (the default) content is read as stored: the engine compiles published versions with it, and they are immutable.
 */
export interface ValidateOptions {
  authoring?: boolean;
}

/**
 * Validates rule-set content of the given type: the rules' shape, their conditions against the type's fact
 * catalogue and json-rules-engine's operators, and every policy against the type's policy schema. Returns the
 * normalised content (defaults filled in, input not aliased) or all errors, each with the JSON path of the
 * offending key, e.g. `$.rules[0].conditions.all[1].operator`. Store the returned content, not the input, so a
 * published version keeps its defaults even if the schema's defaults change later. Pass `{ authoring: true }` for
 * content being saved or published (see ValidateOptions).
 */
export function validateRuleSet<T extends SupportedRuleSetType>(
  type: T,
  json: unknown,
  options?: ValidateOptions,
): ValidationResult<ContentOf<T>>;
export function validateRuleSet(type: RuleSetType, json: unknown, options?: ValidateOptions): ValidationResult<unknown>;
export function validateRuleSet(
  type: RuleSetType,
  json: unknown,
  options: ValidateOptions = {},
): ValidationResult<unknown> {
  const errors = new ErrorList();
  if (!isSupportedRuleSetType(type)) {
    errors.add([], `rule sets of type "${type}" cannot be validated yet; supported: ${SUPPORTED.join(', ')}`);
    return { ok: false, errors: errors.errors };
  }
  if (!isRecord(json)) {
    errors.add([], 'content must be an object with rules and defaultPolicy');
    return { ok: false, errors: errors.errors };
  }
  for (const key of Object.keys(json)) {
    if (!CONTENT_KEYS.includes(key)) errors.add([key], `unknown key "${key}"; content has rules and defaultPolicy`);
  }
  const policyAt = (value: unknown, at: Path) => parsePolicy(type, value, at, errors, options);
  const rules = checkRules(type, json.rules, errors, policyAt);
  const defaultPolicy = policyAt(json.defaultPolicy, ['defaultPolicy']);
  if (errors.errors.length > 0) return { ok: false, errors: errors.errors };
  return { ok: true, content: { rules, defaultPolicy } };
}

/** A policy parsed by its type's schema; when authoring, its retired values are refused at their paths. */
function parsePolicy(
  type: SupportedRuleSetType,
  value: unknown,
  at: Path,
  errors: ErrorList,
  options: ValidateOptions,
): unknown {
  const policy = parse(POLICY_SCHEMAS[type], value, at, errors);
  if (options.authoring && policy !== undefined) {
    for (const retired of retiredValuesIn(type, policy)) errors.add([...at, ...retired.path], retired.message);
  }
  return policy;
}

function checkRules(
  type: SupportedRuleSetType,
  rules: unknown,
  errors: ErrorList,
  policyAt: (value: unknown, at: Path) => unknown,
): unknown[] {
  if (!Array.isArray(rules)) {
    errors.add(['rules'], 'rules must be an array (it may be empty)');
    return [];
  }
  const firstByName = new Map<string, number>();
  return rules.map((rule, index) => {
    const at = ['rules', index];
    const shell = parse(ruleShell, rule, at, errors);
    if (!isRecord(rule)) return undefined;
    checkConditions(rule.conditions, [...at, 'conditions'], FACT_CATALOGUES[type], errors);
    const params = isRecord(rule.event) ? rule.event.params : undefined;
    const policy = policyAt(params, [...at, 'event', 'params']);
    const name = typeof rule.name === 'string' ? rule.name.trim() : undefined;
    const earlier = name === undefined ? undefined : firstByName.get(name);
    if (earlier !== undefined) errors.add([...at, 'name'], `duplicate rule name "${name}" (also rules[${earlier}])`);
    else if (name !== undefined) firstByName.set(name, index);
    if (!shell) return undefined;
    const conditions = structuredClone(shell.conditions) as TopLevelCondition;
    return { name: shell.name, priority: shell.priority, conditions, event: { type: 'policy', params: policy } };
  });
}

/** Parses with zod, turning each issue into an error at `at` + the issue's path (one error per unknown key). */
function parse<S extends z.ZodType>(schema: S, value: unknown, at: Path, errors: ErrorList): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = [...at, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))];
    if (issue.code !== 'unrecognized_keys') errors.add(path, issue.message);
    else issue.keys.forEach((key) => errors.add([...path, key], `unknown key "${key}"`));
  }
  return undefined;
}
