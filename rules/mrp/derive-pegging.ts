import type { BomLookup } from '../manufacturing/types';
import { bucketsOf } from './buckets';
import { dependentDemand, problemsOf } from './plan';
import { netItem, type NetDemand } from './plan-item';
import type { Bucketing, ItemInputs, Peg, PlannedOrder, PlanningItem, SupplyPegging } from './types';

/** One item's pegging as derived: each planned order's pegs by its ref, and its existing supplies' pegging. */
export interface DerivedPegging {
  orders: Map<string, Peg[]>;
  supplies: SupplyPegging[];
}

/** A parent's planned order as the plan stores it: enough to explode it into its components' demand. */
export type StoredParentOrder = Pick<PlannedOrder, 'id' | 'sku' | 'type' | 'quantity' | 'releaseDate'>;

/**
 * An item's pegging, derived again from what its plan was netted from: its own stored inputs and the dependent
 * demand of its parents' planned orders, netted exactly as the run netted it (netItem: quantities and dates depend
 * only on each bucket's totals, the pegs on the demands one by one). Pegs are not stored with a plan: a large run's
 * million pegs were most of the time to store it, and a planner reads a few items' at a time.
 * The parents' quantities are the stored ones (three decimals), so a peg may differ from the calculation's in the
 * fourth decimal.
 */
export function derivePegging(
  item: PlanningItem,
  bucketing: Bucketing,
  inputs: ItemInputs,
  parents: ReadonlyArray<StoredParentOrder>,
  bom: BomLookup,
): DerivedPegging {
  const own: NetDemand[] = inputs.demands.map((demand) => ({ ...demand, sku: item.sku }));
  const dependent = parents.flatMap((order) => dependentDemand(order, bom).filter((demand) => demand.sku === item.sku));
  const supplies = inputs.supplies.map((supply) => ({ ...supply, sku: item.sku }));
  const canPlan = problemsOf(item, bom).length === 0;
  const netted = netItem(item, bucketing, bucketsOf(bucketing), [...own, ...dependent], supplies, canPlan);
  return {
    orders: new Map(netted.plannedOrders.map((order) => [order.id, order.pegs])),
    supplies: netted.supplies.map((supply) => ({ ...supply, sku: item.sku })),
  };
}

/**
 * The items whose planned orders put dependent demand on `sku`: its direct parents, and through a phantom the
 * phantom's parents (a phantom is never planned: its parents' orders explode through it).
 */
export function plannedParents(sku: string, parentsOf: ReadonlyMap<string, string[]>, phantoms: ReadonlySet<string>) {
  const parents = new Set<string>();
  const seen = new Set<string>();
  const climb = (child: string) => {
    for (const parent of parentsOf.get(child) ?? []) {
      if (!phantoms.has(parent)) parents.add(parent);
      else if (!seen.has(parent)) {
        seen.add(parent);
        climb(parent);
      }
    }
  };
  climb(sku);
  return [...parents].sort();
}
