import { explainWinner, type DecisionOf, type Facts } from '../engine';
import type { CostDistributionPolicy, DistributionBasis, Rounding } from '../rule-sets';
import { distribute } from './distribute';
import { describeDistribution, type OutrankedFreightRule } from './freight';

/*
 * Labour and overhead absorption at the period close (issue 17 step 4): what the pools hold beyond what production
 * orders applied during the month is spread over the period's production orders by the published cost-distribution
 * rules. An order knows its completed quantity, its material cost and its labour hours in the period, so those three
 * bases apply as asked (按数量、按材料成本、按工时). A basis an order cannot carry (weight, manual percent; value reads
 * as material cost), or one whose total over the orders is 0, falls back to the next of labour hours, completed
 * quantity, material cost that is not 0, and the reason says so.
 */

/** The bases a production order can carry. */
export type OrderBasis = 'quantity' | 'material-cost' | 'labour-hours';

/** One production order a pool lands on, with its basis values in the period. */
export interface AbsorptionTarget {
  /** The order number (unique; the split breaks remainder ties by it). */
  id: string;
  completedQuantity: number;
  /** Material issued or backflushed into the order in the period, in cents (returns net). */
  materialCents: number;
  labourHours: number;
}

/** What the cost-distribution rules are asked about an absorption pool. */
export interface AbsorptionSubject {
  pool: 'labour' | 'overhead';
  amountCents: number;
  periodCode: string;
}

/** The facts of an absorption decision, every declared cost-distribution fact present (null when not known). */
export function absorptionFacts(subject: AbsorptionSubject): Facts {
  return {
    'pool.code': subject.pool === 'labour' ? 'LABOUR' : 'OVERHEAD',
    'pool.kind': subject.pool,
    'pool.amountCents': subject.amountCents,
    'period.code': subject.periodCode,
    'costCenter.code': null,
    'warehouse.code': null,
    'warehouse.region': null,
  };
}

/** Without published rules: by labour hours, largest remainder. */
export const ABSORPTION_WITHOUT_RULES: CostDistributionPolicy = {
  basis: 'labour-hours',
  rounding: 'largest-remainder',
};

const FALLBACK: OrderBasis[] = ['labour-hours', 'quantity', 'material-cost'];

function valuesOf(basis: OrderBasis, targets: readonly AbsorptionTarget[]): number[] {
  if (basis === 'quantity') return targets.map((t) => Math.max(0, t.completedQuantity));
  if (basis === 'material-cost') return targets.map((t) => Math.max(0, t.materialCents));
  return targets.map((t) => Math.max(0, t.labourHours));
}

/**
 * The basis an order can carry for the one the rules asked for, with each order's basis value: a basis the orders
 * cannot carry, or one that totals 0 over them, falls back (labour hours, completed quantity, material cost).
 * Null when every basis totals 0.
 */
export function orderBasis(
  asked: DistributionBasis,
  targets: readonly AbsorptionTarget[],
): { basis: OrderBasis; values: number[]; note: string | null } | null {
  const carried: Partial<Record<DistributionBasis, OrderBasis>> = {
    quantity: 'quantity',
    'material-cost': 'material-cost',
    'labour-hours': 'labour-hours',
    value: 'material-cost',
  };
  const wanted = carried[asked] ?? null;
  const order = wanted ? [wanted, ...FALLBACK.filter((b) => b !== wanted)] : FALLBACK;
  for (const basis of order) {
    const values = valuesOf(basis, targets);
    if (values.some((v) => v > 0)) {
      let note: string | null = null;
      if (basis !== wanted) {
        note = wanted
          ? `${basis} instead: the orders' ${wanted} in the period is 0`
          : `${basis} instead: a production order carries no ${asked}`;
      }
      return { basis, values, note };
    }
  }
  return null;
}

/** The distribution of one pool as decided: the rules' choice, the basis applied, each order's basis value and share. */
export interface AbsorptionDistribution {
  ruleSetId: number | null;
  version: number | null;
  contentHash: string | null;
  rule: string | null;
  usedDefault: boolean;
  policyBasis: DistributionBasis;
  /** The basis applied; null when no order carries any basis (nothing distributed). */
  basis: OrderBasis | null;
  rounding: Rounding;
  outranked: OutrankedFreightRule[];
  shares: Array<{ id: string; basisValue: number; cents: number }>;
  reason: string;
}

/**
 * Spreads `amountCents` (may be negative: applied more than actual) over the orders as the cost-distribution decision
 * says (null: no rules in force, so ABSORPTION_WITHOUT_RULES). Pure; the shares sum exactly to the amount. With no
 * basis to split by, `shares` is empty and the reason says so.
 */
export function distributeAbsorption(
  pool: 'labour' | 'overhead',
  amountCents: number,
  targets: readonly AbsorptionTarget[],
  decision: DecisionOf<'cost-distribution'> | null,
  policyOf: (rule: string) => CostDistributionPolicy,
): AbsorptionDistribution {
  const policy = decision?.policy ?? ABSORPTION_WITHOUT_RULES;
  const explained = decision
    ? explainWinner(decision, 'cost-distribution', policyOf, describeDistribution)
    : { outranked: [], because: 'no cost-distribution rules are in force' };
  const base = {
    ruleSetId: decision?.ruleSetId ?? null,
    version: decision?.version ?? null,
    contentHash: decision?.contentHash ?? null,
    rule: decision?.rule ?? null,
    usedDefault: decision?.usedDefault ?? true,
    policyBasis: policy.basis,
    rounding: policy.rounding,
    outranked: explained.outranked.map((o) => ({ rule: o.rule, priority: o.priority, ...o.policy })),
  };
  const chosen = targets.length > 0 ? orderBasis(policy.basis, targets) : null;
  if (!chosen) {
    return {
      ...base,
      basis: null,
      shares: [],
      reason: `${pool}: no production order carries a basis in the period, nothing distributed: ${explained.because}`,
    };
  }
  const split = distribute(
    amountCents,
    targets.map((t, index) => ({ id: t.id, basisValue: chosen.values[index] ?? 0 })),
    policy.rounding,
    chosen.basis,
  );
  const applied = describeDistribution({ basis: chosen.basis, rounding: policy.rounding });
  return {
    ...base,
    basis: chosen.basis,
    shares: split.map((share, index) => ({ id: share.id, basisValue: chosen.values[index] ?? 0, cents: share.cents })),
    reason: `${pool} ${chosen.note ? `${applied} (${chosen.note})` : applied}: ${explained.because}`,
  };
}
