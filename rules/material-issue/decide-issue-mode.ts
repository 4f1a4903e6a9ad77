import type { DecisionOf, Facts, RuleTrace } from '../engine';
import type { IssueMode, MaterialIssuePolicy, WhenShort } from '../rule-sets';

/** What the material-issue rules are asked about: one component of one product, consumed at one work centre. */
export interface IssueSubject {
  productSku: string;
  productCategory: string | null;
  componentSku: string;
  componentCategory: string | null;
  /** A, B or C; null when the component is not classified. */
  componentAbcClass: string | null;
  /** The work centre of the operation that consumes the component; null when the routing names none. */
  workCentreCode: string | null;
}

/**
 * The facts of a material-issue decision, every declared fact present (null when not known), so any rule an admin
 * writes later finds what it reads. Phantom components never get here: they are passed through from the BOM's flag.
 */
export function materialIssueFacts(subject: IssueSubject): Facts {
  return {
    'product.sku': subject.productSku,
    'product.category': subject.productCategory,
    'component.sku': subject.componentSku,
    'component.category': subject.componentCategory,
    'component.abcClass': subject.componentAbcClass,
    'workCentre.code': subject.workCentreCode,
  };
}

/** A rule whose conditions held too, but that another rule outranked: what it would have chosen. */
export interface OutrankedRule {
  rule: string;
  priority: number;
  mode: IssueMode;
  whenShort: WhenShort;
}

/**
 * The issue mode chosen for a component and why, as stored with the decision (rule_decision.result) and shown to the
 * auditor next to the rule version: the winning rule or the default, the rules it outranked with what they would have
 * chosen, and the rules whose conditions did not hold.
 */
export interface IssueModeChoice {
  mode: IssueMode;
  whenShort: WhenShort;
  policy: MaterialIssuePolicy;
  ruleSetId: number;
  version: number;
  contentHash: string;
  /** The winning rule, or null when no rule fired and the default policy applied. */
  rule: string | null;
  usedDefault: boolean;
  /** Names of the fired rules that lost on priority (ties by name), like the other types record them. */
  lostOnPriority: string[];
  /** The same rules with the policy each would have applied. */
  outranked: OutrankedRule[];
  /** Rules whose conditions did not hold (present when the decision was made with explainRejected). */
  rejectedRules: RuleTrace[];
  /** One sentence for people: the mode, the short-kit behaviour and the rule (with version) that chose them. */
  reason: string;
}

const WHEN_SHORT_WORDS: Record<WhenShort, string> = {
  wait: 'a short kit waits for stock',
  'release-partial': 'a short kit is released partially',
};

const policyWords = (policy: MaterialIssuePolicy) => `${policy.mode}, ${WHEN_SHORT_WORDS[policy.whenShort]}`;

/**
 * Turns the engine's material-issue decision into the issue-mode choice that is stored and shown. Pure. `policyOf`
 * gives a rule's policy by name (CompiledRuleSet.policyOf): the engine's trace carries only names and priorities, and
 * the auditor wants to see what each outranked rule would have done.
 */
export function decideIssueMode(
  decision: DecisionOf<'material-issue'>,
  policyOf: (rule: string) => MaterialIssuePolicy,
): IssueModeChoice {
  const { policy } = decision;
  // The winner is the first fired rule; every other fired rule lost on priority (or, at equal priority, on name).
  const losers = decision.firedRules.slice(decision.usedDefault ? 0 : 1);
  const outranked = losers.map((trace) => {
    const lost = policyOf(trace.name);
    return { rule: trace.name, priority: trace.priority, mode: lost.mode, whenShort: lost.whenShort };
  });
  const source = decision.usedDefault
    ? `no rule matched, so the default policy of material-issue v${decision.version} applies`
    : `rule "${decision.rule}" (priority ${decision.firedRules[0]?.priority ?? 1}) of material-issue v${decision.version}`;
  const beaten =
    outranked.length === 0
      ? ''
      : `; it outranked ${outranked.map((o) => `"${o.rule}" (priority ${o.priority}, ${o.mode})`).join(', ')}`;
  return {
    mode: policy.mode,
    whenShort: policy.whenShort,
    policy,
    ruleSetId: decision.ruleSetId,
    version: decision.version,
    contentHash: decision.contentHash,
    rule: decision.rule,
    usedDefault: decision.usedDefault,
    lostOnPriority: outranked.map((o) => o.rule),
    outranked,
    rejectedRules: decision.rejectedRules ?? [],
    reason: `${policyWords(policy)}: ${source}${beaten}`,
  };
}
