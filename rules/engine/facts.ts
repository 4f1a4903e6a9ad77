import { FACT_CATALOGUES, formatPath, lookupFact, matchesFactType, type SupportedRuleSetType } from '../rule-sets';
import type { ValidationError } from '../rule-sets';
import type { RuleFacts } from './compiled';
import { RuleEngineError } from './errors';
import type { Facts } from './types';

/**
 * Checks the facts of a decision before the engine sees them: every name declared for the type, every value of
 * the declared type (or null), every fact the rules read present, and known if the rules compare against it.
 * json-rules-engine would otherwise compare a string with a number without complaint, or fail on the first missing
 * fact only. Throws RuleEngineError with every problem.
 */
export function checkFacts(type: SupportedRuleSetType, facts: Facts, used: RuleFacts): void {
  const catalogue = FACT_CATALOGUES[type];
  const problems: ValidationError[] = [];
  const add = (name: string, message: string) => problems.push({ path: formatPath([name]), message });
  for (const [name, value] of Object.entries(facts)) {
    if (value === undefined) continue; // treated as absent, like JSON does
    const definition = lookupFact(catalogue, name);
    if (!definition) add(name, `not a ${type} fact`);
    else if (!matchesFactType(definition.type, value)) add(name, `expected a ${definition.type} or null`);
  }
  for (const name of [...used.read].sort()) {
    const value = Object.hasOwn(facts, name) ? facts[name] : undefined;
    if (value === undefined) add(name, 'missing; the rules read it (null if unknown)');
    else if (value === null && used.compared.has(name)) add(name, 'must be known: the rules compare against it');
  }
  if (problems.length > 0) throw new RuleEngineError('invalid-facts', `facts for a ${type} decision`, problems);
}
