/** What the engine takes in and what a decision records. */
import type { PolicyOf, SupportedRuleSetType } from '../rule-sets';

/** A rule-set version as stored: content is unknown JSON until compiled. */
export interface RuleSetVersionInput<T extends SupportedRuleSetType = SupportedRuleSetType> {
  ruleSetId: number;
  type: T;
  version: number;
  /** contentHash(content) as stored with the version; compiling verifies it. */
  contentHash: string;
  content: unknown;
}

/** The facts of one decision, by declared fact name (`customer.code` ...). Null means "not known". */
export type Facts = Readonly<Record<string, unknown>>;

/** How one condition evaluated. Leaves show the fact's value next to the expected one. */
export type ConditionTrace =
  | { all: ConditionTrace[]; result: boolean | null; name?: string }
  | { any: ConditionTrace[]; result: boolean | null; name?: string }
  | { not: ConditionTrace; result: boolean | null; name?: string }
  | LeafTrace;

/** A leaf: `factResult` (the fact's value, after `path`) `operator` `value` gave `result`. */
export interface LeafTrace {
  fact: string;
  path?: string;
  operator: string;
  /** The expected value; when the rule compared against another fact, that fact's value. */
  value: unknown;
  /** Set when the expected value came from another fact. */
  valueFact?: string;
  factResult: unknown;
  /** Null only if the engine skipped the leaf (it never does for the conditions validateRuleSet accepts). */
  result: boolean | null;
  name?: string;
}

/** A rule the engine evaluated, with the evaluation of its conditions. */
export interface RuleTrace {
  name: string;
  priority: number;
  conditions: ConditionTrace;
}

/**
 * What a rule set decided and why; stored with every decision so an auditor can replay it: the same facts and
 * the same version (checked by contentHash) always give the same decision.
 */
export interface Decision<P> {
  ruleSetId: number;
  ruleSetType: SupportedRuleSetType;
  version: number;
  contentHash: string;
  /** The facts as given, keys in canonical order. */
  facts: Facts;
  /** Rules whose conditions held, highest priority first, then by name. */
  firedRules: RuleTrace[];
  /** The winning rule (the first fired rule), or null when the default policy applied. */
  rule: string | null;
  policy: P;
  usedDefault: boolean;
  /** Rules whose conditions failed, same order; only with `{ explainRejected: true }` (dry runs, the console). */
  rejectedRules?: RuleTrace[];
}

/** The decision type of rule-set type T. */
export type DecisionOf<T extends SupportedRuleSetType> = Decision<PolicyOf<T>>;
