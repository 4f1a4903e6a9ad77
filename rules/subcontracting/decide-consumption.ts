import { explainWinner, type DecisionOf, type Facts, type RuleTrace } from '../engine';
import type { SubcontractConsumptionPolicy } from '../rule-sets';

/** What the subcontract-consumption rules are asked about: one supplier making one finished item. */
export interface ConsumptionSubject {
  supplierCode: string;
  supplierTrusted: boolean;
  /** The finished item the supplier delivers. */
  itemSku: string;
  /** Its category; null when the item has none. */
  itemCategory: string | null;
}

/**
 * The facts of a subcontract-consumption decision, every declared fact present (null when not known), so any rule an
 * admin writes later finds what it reads.
 */
export function consumptionFacts(subject: ConsumptionSubject): Facts {
  return {
    'supplier.code': subject.supplierCode,
    'supplier.trusted': subject.supplierTrusted,
    'item.sku': subject.itemSku,
    'item.category': subject.itemCategory,
  };
}

const METHOD_WORDS: Record<SubcontractConsumptionPolicy['method'], string> = {
  'bom-ratio': 'by BOM ratio',
  'as-sent': 'as sent',
};

/** A consumption policy in words for people: `by BOM ratio, over-delivery up to 5%`, `as sent, no over-delivery`. */
export function describeConsumption(policy: SubcontractConsumptionPolicy): string {
  const tolerance =
    policy.overDeliveryPercent > 0 ? `over-delivery up to ${policy.overDeliveryPercent}%` : 'no over-delivery';
  return `${METHOD_WORDS[policy.method]}, ${tolerance}`;
}

/** A rule whose conditions held too, but that another rule outranked: the policy it would have applied. */
export interface OutrankedConsumption {
  rule: string;
  priority: number;
  policy: SubcontractConsumptionPolicy;
}

/**
 * The consumption policy chosen for a supplier and finished item and why, as stored with the decision
 * (rule_decision.result) and shown on the subcontract order next to the rule version: the winning rule or the
 * default, the rules it outranked with what they would have applied, and the rules whose conditions did not hold.
 */
export interface ConsumptionChoice {
  /** How deliveries of the order consume components, and the over-delivery tolerance. */
  policy: SubcontractConsumptionPolicy;
  ruleSetId: number;
  version: number;
  contentHash: string;
  /** The winning rule, or null when no rule fired and the default policy applied. */
  rule: string | null;
  usedDefault: boolean;
  /** Names of the fired rules that lost on priority (ties by name), like the other types record them. */
  lostOnPriority: string[];
  /** The same rules with the policy each would have applied. */
  outranked: OutrankedConsumption[];
  /** Rules whose conditions did not hold (present when the decision was made with explainRejected). */
  rejectedRules: RuleTrace[];
  /** One sentence for people: the policy and the rule (with version) that chose it. */
  reason: string;
}

/** A copy with exactly the policy's two keys, so the stored policy and the applied one compare equal. */
const policyCopy = (policy: SubcontractConsumptionPolicy): SubcontractConsumptionPolicy => ({
  method: policy.method,
  overDeliveryPercent: policy.overDeliveryPercent,
});

/**
 * Turns the engine's subcontract-consumption decision into the policy deliveries are consumed by and the reasons
 * stored with it. Pure. `policyOf` gives a rule's policy by name (CompiledRuleSet.policyOf): the engine's trace carries
 * only names and priorities, and the clerk wants to see what each outranked rule would have done.
 */
export function decideConsumption(
  decision: DecisionOf<'subcontract-consumption'>,
  policyOf: (rule: string) => SubcontractConsumptionPolicy,
): ConsumptionChoice {
  const policy = policyCopy(decision.policy);
  const { outranked, because } = explainWinner(
    decision,
    'subcontract-consumption',
    (rule) => policyCopy(policyOf(rule)),
    describeConsumption,
  );
  return {
    policy,
    ruleSetId: decision.ruleSetId,
    version: decision.version,
    contentHash: decision.contentHash,
    rule: decision.rule,
    usedDefault: decision.usedDefault,
    lostOnPriority: outranked.map((o) => o.rule),
    outranked,
    rejectedRules: decision.rejectedRules ?? [],
    reason: `consume ${describeConsumption(policy)}: ${because}`,
  };
}
