import type { SupportedRuleSetType } from '../rule-sets';
import { canonicalCopy } from './canonical-json';
import type { CompiledRuleSet } from './compiled';
import { checkFacts } from './facts';
import { byPriorityThenName, traceRule } from './trace';
import type { DecisionOf, Facts, RuleTrace } from './types';

/** Options of decide. */
export interface DecideOptions {
  /** Also trace the rules that did not fire (for dry runs and the console; not needed in the stored decision). */
  explainRejected?: boolean;
}

/**
 * Decides which policy applies to the facts: runs the version's rules and returns the policy of the highest-priority
 * rule that fired (ties by name), or the default policy, with a trace of every fired rule. Deterministic: the same
 * facts and version always give the same decision, whatever the key order of `facts` or concurrent calls.
 * Throws RuleEngineError('invalid-facts') when facts are undeclared, mistyped or missing.
 */
export async function decide<T extends SupportedRuleSetType>(
  compiled: CompiledRuleSet<T>,
  facts: Facts,
  options: DecideOptions = {},
): Promise<DecisionOf<T>> {
  checkFacts(compiled.type, facts, compiled.facts);
  const snapshot = canonicalCopy({ ...facts }, '$facts');
  const outcome = await compiled.run(snapshot);
  const trace = (results: typeof outcome.results): RuleTrace[] =>
    results.map((result) => traceRule(result, compiled.priorityOf(String(result.name)))).sort(byPriorityThenName);
  const firedRules = trace(outcome.results);
  const winner = firedRules[0]?.name ?? null;
  const decision: DecisionOf<T> = {
    ruleSetId: compiled.ruleSetId,
    ruleSetType: compiled.type,
    version: compiled.version,
    contentHash: compiled.contentHash,
    facts: snapshot,
    firedRules,
    rule: winner,
    policy: winner === null ? compiled.content.defaultPolicy : compiled.policyOf(winner),
    usedDefault: winner === null,
  };
  if (options.explainRejected) decision.rejectedRules = trace(outcome.failureResults);
  return decision;
}
