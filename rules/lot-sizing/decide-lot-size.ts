import { explainWinner, type DecisionOf, type Facts, type RuleTrace } from '../engine';
import type { LotSizePolicy, PlanningSource } from '../mrp';
import type { LotSizingPolicy } from '../rule-sets';

/** What the lot-sizing rules are asked about: one item as MRP plans it. */
export interface LotSizingSubject {
  sku: string;
  category: string | null;
  /** A, B or C; null when the item is not classified. */
  abcClass: string | null;
  sourcing: PlanningSource;
  /** The preferred supplier of a bought or subcontracted item; null for made items or when none is preferred. */
  supplierCode: string | null;
}

/**
 * The facts of a lot-sizing decision, every declared fact present (null when not known), so any rule an admin writes
 * later finds what it reads.
 */
export function lotSizingFacts(subject: LotSizingSubject): Facts {
  return {
    'item.sku': subject.sku,
    'item.category': subject.category,
    'item.abcClass': subject.abcClass,
    'item.sourcing': subject.sourcing,
    'supplier.code': subject.supplierCode,
  };
}

/**
 * The MRP calculation's lot-size policy for a rule's policy: the same kind and numbers, no absent keys (so the
 * policy stored with a decision and the one planned with compare equal).
 */
export function toLotSizePolicy(policy: LotSizingPolicy): LotSizePolicy {
  switch (policy.kind) {
    case 'lot-for-lot':
      return { kind: 'lot-for-lot' };
    case 'fixed':
      return { kind: 'fixed', quantity: policy.quantity };
    case 'period-order':
      return { kind: 'period-order', periods: policy.periods };
    case 'min-max': {
      const sized: LotSizePolicy = { kind: 'min-max' };
      if (policy.minimum !== undefined) sized.minimum = policy.minimum;
      if (policy.multiple !== undefined) sized.multiple = policy.multiple;
      if (policy.maximum !== undefined) sized.maximum = policy.maximum;
      return sized;
    }
  }
}

/** A lot size in words for people: `fixed lots of 100`, `at least 20, in multiples of 5, at most 500 per order`. */
export function describeLotSize(policy: LotSizePolicy): string {
  switch (policy.kind) {
    case 'lot-for-lot':
      return 'lot-for-lot';
    case 'fixed':
      return `fixed lots of ${policy.quantity}`;
    case 'period-order':
      return `period order covering ${policy.periods} bucket${policy.periods === 1 ? '' : 's'}`;
    case 'min-max': {
      const parts = [
        policy.minimum === undefined ? null : `at least ${policy.minimum}`,
        policy.multiple === undefined ? null : `in multiples of ${policy.multiple}`,
        policy.maximum === undefined ? null : `at most ${policy.maximum} per order`,
      ];
      return parts.filter((part) => part !== null).join(', ');
    }
  }
}

/** A rule whose conditions held too, but that another rule outranked: the lot size it would have chosen. */
export interface OutrankedLotSize {
  rule: string;
  priority: number;
  lotSize: LotSizePolicy;
}

/**
 * The lot size chosen for an item and why, as stored with the decision (rule_decision.result) and shown to the
 * planner next to the rule version: the winning rule or the default, the rules it outranked with what they would have
 * chosen, and the rules whose conditions did not hold.
 */
export interface LotSizeChoice {
  /** What MRP plans the item with. */
  lotSize: LotSizePolicy;
  ruleSetId: number;
  version: number;
  contentHash: string;
  /** The winning rule, or null when no rule fired and the default policy applied. */
  rule: string | null;
  usedDefault: boolean;
  /** Names of the fired rules that lost on priority (ties by name), like the other types record them. */
  lostOnPriority: string[];
  /** The same rules with the lot size each would have applied. */
  outranked: OutrankedLotSize[];
  /** Rules whose conditions did not hold (present when the decision was made with explainRejected). */
  rejectedRules: RuleTrace[];
  /** One sentence for people: the lot size and the rule (with version) that chose it. */
  reason: string;
}

/**
 * Turns the engine's lot-sizing decision into the lot size MRP plans the item with and the reasons stored with it.
 * Pure. `policyOf` gives a rule's policy by name (CompiledRuleSet.policyOf): the engine's trace carries only names and
 * priorities, and the planner wants to see what each outranked rule would have done.
 */
export function decideLotSize(
  decision: DecisionOf<'lot-sizing'>,
  policyOf: (rule: string) => LotSizingPolicy,
): LotSizeChoice {
  const lotSize = toLotSizePolicy(decision.policy);
  const { outranked: lost, because } = explainWinner(
    decision,
    'lot-sizing',
    (rule) => toLotSizePolicy(policyOf(rule)),
    describeLotSize,
  );
  const outranked = lost.map((o) => ({ rule: o.rule, priority: o.priority, lotSize: o.policy }));
  return {
    lotSize,
    ruleSetId: decision.ruleSetId,
    version: decision.version,
    contentHash: decision.contentHash,
    rule: decision.rule,
    usedDefault: decision.usedDefault,
    lostOnPriority: outranked.map((o) => o.rule),
    outranked,
    rejectedRules: decision.rejectedRules ?? [],
    reason: `${describeLotSize(lotSize)}: ${because}`,
  };
}
