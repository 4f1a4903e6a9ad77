import { explainWinner, type DecisionOf, type Facts, type RuleTrace } from '../engine';
import type { QualitySamplingPolicy } from '../rule-sets';
import type { SwitchingStateName } from './switching';

/** Where the inspected lot comes from. */
export const INSPECTION_SOURCES = ['purchase', 'production', 'subcontract', 'shipment'] as const;
export type InspectionSource = (typeof INSPECTION_SOURCES)[number];

/** The supplier's recorded quality, summarised for rules (zeros and `normal` for a new supplier or no supplier). */
export interface SupplierQualitySummary {
  lotsInspected: number;
  lotsRejected: number;
  /** Accepted lots in a row, counting back from the most recent. */
  consecutiveAccepted: number;
  switchingState: SwitchingStateName;
}

/** What the quality-sampling rules are asked about: one lot from a source, supplier and item. */
export interface SamplingSubject {
  source: InspectionSource;
  /** Null for production and shipments. */
  supplierCode: string | null;
  supplierTrusted: boolean;
  itemSku: string;
  itemCategory: string | null;
  history: SupplierQualitySummary;
}

/** The facts of a quality-sampling decision, every declared fact present (null when not known). */
export function samplingFacts(subject: SamplingSubject): Facts {
  const { history } = subject;
  const rate =
    history.lotsInspected === 0 ? 100 : ((history.lotsInspected - history.lotsRejected) * 100) / history.lotsInspected;
  return {
    'receipt.source': subject.source,
    'supplier.code': subject.supplierCode,
    'supplier.trusted': subject.supplierTrusted,
    'item.sku': subject.itemSku,
    'item.category': subject.itemCategory,
    'supplier.lotsInspected': history.lotsInspected,
    'supplier.lotsRejected': history.lotsRejected,
    'supplier.consecutiveAccepted': history.consecutiveAccepted,
    'supplier.acceptanceRate': Math.round(rate * 100) / 100,
    'supplier.switchingState': history.switchingState,
  };
}

/** A sampling policy in words for people: `AQL 1 at level II, starting normal`, `skip-lot 1 in 3 after 10 lots ...`. */
export function describeSampling(policy: QualitySamplingPolicy): string {
  switch (policy.kind) {
    case 'skip':
      return 'no inspection';
    case 'full':
      return '100 % inspection';
    case 'percent':
      return `${policy.percent} % of the lot, at least ${policy.minimum}`;
    case 'aql':
      return `AQL ${policy.aql} at level ${policy.level}, starting ${policy.startSeverity}`;
    case 'skip-lot':
      return `skip-lot 1 in ${policy.frequency} after ${policy.qualificationLots} accepted lots, AQL ${policy.aql} at level ${policy.level}`;
  }
}

/** A rule whose conditions held too, but that another rule outranked: the policy it would have applied. */
export interface OutrankedSampling {
  rule: string;
  priority: number;
  policy: QualitySamplingPolicy;
}

/**
 * The sampling policy chosen for a lot and why, as stored with the decision (rule_decision.result) and shown on the
 * inspection lot next to the rule version.
 */
export interface SamplingChoice {
  policy: QualitySamplingPolicy;
  ruleSetId: number;
  version: number;
  contentHash: string;
  /** The winning rule, or null when no rule fired and the default policy applied. */
  rule: string | null;
  usedDefault: boolean;
  lostOnPriority: string[];
  outranked: OutrankedSampling[];
  /** Rules whose conditions did not hold (present when the decision was made with explainRejected). */
  rejectedRules: RuleTrace[];
  /** One sentence for people: the policy and the rule (with version) that chose it. */
  reason: string;
}

/** Turns the engine's quality-sampling decision into the policy applied and the reasons stored with it. Pure. */
export function decideSampling(
  decision: DecisionOf<'quality-sampling'>,
  policyOf: (rule: string) => QualitySamplingPolicy,
): SamplingChoice {
  const { outranked, because } = explainWinner(decision, 'quality-sampling', policyOf, describeSampling);
  return {
    policy: decision.policy,
    ruleSetId: decision.ruleSetId,
    version: decision.version,
    contentHash: decision.contentHash,
    rule: decision.rule,
    usedDefault: decision.usedDefault,
    lostOnPriority: outranked.map((o) => o.rule),
    outranked,
    rejectedRules: decision.rejectedRules ?? [],
    reason: `sample ${describeSampling(decision.policy)}: ${because}`,
  };
}
