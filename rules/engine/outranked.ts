import type { RuleTrace } from './types';

/** What a decision needs for its explanation: the version, whether the default applied, and the fired rules. */
export interface RankedDecision {
  version: number;
  rule: string | null;
  usedDefault: boolean;
  firedRules: ReadonlyArray<Pick<RuleTrace, 'name' | 'priority'>>;
}

/** A fired rule the winner outranked, with the policy it would have applied. */
export interface Outranked<P> {
  rule: string;
  priority: number;
  policy: P;
}

/**
 * Why a policy won, for rule-set types whose first fired rule decides (lot sizing, subcontract consumption): every
 * other fired rule lost on priority (or, at equal priority, on name), listed with what it would have done, and one
 * clause for people naming the winner (or the default) with the version and the rules it outranked. `policyOf` gives
 * a rule's policy by name (the engine's trace carries only names and priorities); `describe` words a policy.
 */
export function explainWinner<P>(
  decision: RankedDecision,
  type: string,
  policyOf: (rule: string) => P,
  describe: (policy: P) => string,
): { outranked: Outranked<P>[]; because: string } {
  const losers = decision.firedRules.slice(decision.usedDefault ? 0 : 1);
  const outranked = losers.map((trace) => ({
    rule: trace.name,
    priority: trace.priority,
    policy: policyOf(trace.name),
  }));
  const source = decision.usedDefault
    ? `no rule matched, so the default policy of ${type} v${decision.version} applies`
    : `rule "${decision.rule}" (priority ${decision.firedRules[0]?.priority ?? 1}) of ${type} v${decision.version}`;
  const beaten =
    outranked.length === 0
      ? ''
      : `; it outranked ${outranked.map((o) => `"${o.rule}" (priority ${o.priority}, ${describe(o.policy)})`).join(', ')}`;
  return { outranked, because: `${source}${beaten}` };
}
