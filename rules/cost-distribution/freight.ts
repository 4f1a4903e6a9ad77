import { explainWinner, type DecisionOf, type Facts } from '../engine';
import type { CostDistributionPolicy, DistributionBasis, Rounding } from '../rule-sets';
import { distribute } from './distribute';

/*
 * Freight (an additional cost on receipts, issue 15 item 2) spread over the receipt moves it covers. The published
 * cost-distribution rules choose a basis and a rounding; a receipt move knows its quantity, its value and (when its
 * item carries one) its weight, so those three bases apply as asked. A basis a receipt cannot carry (labour hours,
 * manual percent), or weight when some item has none, falls back to quantity, and the reason says so.
 */

/** The bases a receipt move can carry. */
export type ReceiptBasis = 'quantity' | 'value' | 'weight';

/** One receipt move a freight pool lands on. */
export interface FreightTarget {
  /** Unique among the targets (the split breaks remainder ties by it). */
  id: string;
  quantity: number;
  /** What the receipt booked, in cents (for a subcontract delivery: components + fee). */
  valueCents: number;
  /** The item's weight per unit in kg; null when the item carries none. */
  unitWeightKg: number | null;
}

/** What the cost-distribution rules are asked about a freight pool. */
export interface FreightSubject {
  amountCents: number;
  /** Accounting period of the receipt date, e.g. 2026-12. */
  periodCode: string;
  /** The warehouse every target lies in, or null when they lie in several. */
  warehouseCode: string | null;
  warehouseRegion: string | null;
}

/** The facts of a freight decision, every declared cost-distribution fact present (null when not known). */
export function freightFacts(subject: FreightSubject): Facts {
  return {
    'pool.code': 'FREIGHT',
    'pool.kind': 'freight',
    'pool.amountCents': subject.amountCents,
    'period.code': subject.periodCode,
    'costCenter.code': null,
    'warehouse.code': subject.warehouseCode,
    'warehouse.region': subject.warehouseRegion,
  };
}

const BASIS_WORDS: Record<DistributionBasis, string> = {
  quantity: 'by quantity',
  'material-cost': 'by material cost',
  'labour-hours': 'by labour hours',
  weight: 'by weight',
  value: 'by value',
  'manual-percent': 'by manual percentages',
};

/** A policy in words for people: `by weight, largest remainder`. */
export function describeDistribution(policy: CostDistributionPolicy): string {
  return `${BASIS_WORDS[policy.basis]}, ${policy.rounding === 'largest-remainder' ? 'largest remainder' : 'rest on the last target'}`;
}

/**
 * The basis a receipt move can carry for the one the rules asked for, with each target's basis value: value and
 * material cost read the receipt's booked value; weight needs every item to carry one; anything else is quantity.
 */
export function receiptBasis(
  asked: DistributionBasis,
  targets: readonly FreightTarget[],
): { basis: ReceiptBasis; values: number[]; note: string | null } {
  if (asked === 'value' || asked === 'material-cost') {
    return { basis: 'value', values: targets.map((t) => t.valueCents), note: null };
  }
  const quantities = targets.map((t) => t.quantity);
  if (asked === 'weight') {
    const unweighed = targets.filter((t) => t.unitWeightKg === null || t.unitWeightKg <= 0);
    if (unweighed.length === 0) {
      // Quantities and weights carry 3 decimals, so the product is exact at 6 (distribute reads decimals exactly).
      const values = targets.map((t) => Math.round(t.quantity * (t.unitWeightKg ?? 0) * 1e6) / 1e6);
      return { basis: 'weight', values, note: null };
    }
    return { basis: 'quantity', values: quantities, note: 'by quantity instead: not every item carries a weight' };
  }
  if (asked === 'quantity') return { basis: 'quantity', values: quantities, note: null };
  return { basis: 'quantity', values: quantities, note: `by quantity instead: a receipt carries no ${asked}` };
}

/** A fired rule the winner outranked, with the policy it would have applied. */
export interface OutrankedFreightRule {
  rule: string;
  priority: number;
  basis: DistributionBasis;
  rounding: Rounding;
}

/** The distribution as decided: the rules' choice, the basis applied, each target's basis value and share. */
export interface FreightDistribution {
  ruleSetId: number | null;
  version: number | null;
  contentHash: string | null;
  /** The winning rule; null when the default policy applied or no rules were in force. */
  rule: string | null;
  usedDefault: boolean;
  /** The basis the rules asked for, and the one applied. */
  policyBasis: DistributionBasis;
  basis: ReceiptBasis;
  rounding: Rounding;
  outranked: OutrankedFreightRule[];
  shares: Array<{ id: string; basisValue: number; cents: number }>;
  /** One sentence for people: the basis applied and the rule (with version) that chose it. */
  reason: string;
}

/** Without published rules: by quantity, largest remainder. */
export const FREIGHT_WITHOUT_RULES: CostDistributionPolicy = { basis: 'quantity', rounding: 'largest-remainder' };

/**
 * Spreads `amountCents` over the targets as the cost-distribution decision says (null: no rules in force, so
 * FREIGHT_WITHOUT_RULES). Pure; the shares sum exactly to the amount. `policyOf` gives a rule's policy by name
 * (CompiledRuleSet.policyOf), so the outranked rules show what they would have done.
 */
export function distributeFreight(
  amountCents: number,
  targets: readonly FreightTarget[],
  decision: DecisionOf<'cost-distribution'> | null,
  policyOf: (rule: string) => CostDistributionPolicy,
): FreightDistribution {
  const policy = decision?.policy ?? FREIGHT_WITHOUT_RULES;
  const { basis, values, note } = receiptBasis(policy.basis, targets);
  const split = distribute(
    amountCents,
    targets.map((t, index) => ({ id: t.id, basisValue: values[index] ?? 0 })),
    policy.rounding,
    basis,
  );
  const explained = decision
    ? explainWinner(decision, 'cost-distribution', policyOf, describeDistribution)
    : { outranked: [], because: 'no cost-distribution rules are in force' };
  const applied = note ? `${describeDistribution(policy)} (${note})` : describeDistribution(policy);
  return {
    ruleSetId: decision?.ruleSetId ?? null,
    version: decision?.version ?? null,
    contentHash: decision?.contentHash ?? null,
    rule: decision?.rule ?? null,
    usedDefault: decision?.usedDefault ?? true,
    policyBasis: policy.basis,
    basis,
    rounding: policy.rounding,
    outranked: explained.outranked.map((o) => ({ rule: o.rule, priority: o.priority, ...o.policy })),
    shares: split.map((share, index) => ({ id: share.id, basisValue: values[index] ?? 0, cents: share.cents })),
    reason: `freight ${applied}: ${explained.because}`,
  };
}
