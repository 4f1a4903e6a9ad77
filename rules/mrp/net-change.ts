import type { BomLookup, BomView } from '../manufacturing/types';
import { planFrame, planLevels, dependentDemand } from './plan';
import type { NetDemand } from './plan-item';
import type { ExceptionMessage, ItemPlan, MrpInput, PlannedOrder, PlanningProblem, SupplyPegging } from './types';

/**
 * Net change: when one item's demand or supply changes, only that item and the items below it in the BOMs can plan
 * differently; every other item's plan stands. Re-planning that closure from its fresh inputs, with the dependent
 * demand of the parents that did not change taken from their stored planned orders, gives exactly what a
 * regenerative run over the same inputs would give for those items.
 */

/** What net change re-planned: the affected items' part of a plan, in the shape a regenerative run stores it. */
export interface NetChangePlan {
  items: ItemPlan[];
  plannedOrders: PlannedOrder[];
  supplies: SupplyPegging[];
  /** Supply exceptions, past-due releases and past-due demands of the affected items. */
  exceptions: ExceptionMessage[];
  problems: PlanningProblem[];
  /** Their demands dated after the horizon's end. */
  beyondHorizon: number;
  /**
   * Per item, the buckets (by start date, an order's receipt date) whose planned orders may differ from the stored
   * plan's (absent: all of the item's). A
   * bucket's orders are the lot sizes of its net requirement (a period order: one order of its planned receipts), so
   * a bucket whose net requirement and planned receipts are unchanged holds the same orders under the same refs.
   */
  changedBuckets?: Map<string, string[]>;
  /**
   * Items re-netted only because a parent moved their dependent demand: their own demand and supply, item and BOMs
   * are as stored, so their stored inputs stand (only their grid and orders are rewritten).
   */
  inputsKept?: Set<string>;
}

/**
 * The changed items and every item below them in the BOMs (phantoms passed through: a phantom is never planned, its
 * components are), sorted. These are the only items whose plan a change to `changed` can alter.
 */
export function affectedItems(changed: Iterable<string>, bom: BomLookup): string[] {
  const affected = new Set<string>();
  const visit = (sku: string) => {
    for (const line of bom(sku)?.lines ?? []) {
      if (bom(line.componentSku)?.phantom) {
        visit(line.componentSku);
        continue;
      }
      if (affected.has(line.componentSku)) continue;
      affected.add(line.componentSku);
      visit(line.componentSku);
    }
  };
  for (const sku of changed) {
    if (bom(sku)?.phantom) {
      visit(sku);
      continue;
    }
    if (affected.has(sku)) continue;
    affected.add(sku);
    visit(sku);
  }
  return [...affected].sort();
}

/**
 * The dependent demand that parents outside the affected set put on affected items: their planned orders (as the
 * plan stores them) exploded one level down, phantoms passed through, kept where it lands on an affected item.
 */
export function demandFromUnaffectedParents(
  orders: ReadonlyArray<PlannedOrder>,
  bom: BomLookup,
  affected: ReadonlySet<string>,
): NetDemand[] {
  return orders
    .filter((order) => !affected.has(order.sku))
    .flatMap((order) => dependentDemand(order, bom).filter((demand) => affected.has(demand.sku)));
}

/**
 * The items outside the affected set whose planned orders put demand on it: their direct parents, and through a
 * phantom its parents. Only their stored planned orders need reading for {@link demandFromUnaffectedParents}.
 */
export function unaffectedParents(boms: ReadonlyArray<BomView>, affected: ReadonlySet<string>): string[] {
  const parentsOf = new Map<string, string[]>();
  const phantoms = new Set<string>();
  for (const bom of boms) {
    if (bom.phantom) phantoms.add(bom.parentSku);
    for (const line of bom.lines)
      parentsOf.set(line.componentSku, [...(parentsOf.get(line.componentSku) ?? []), bom.parentSku]);
  }
  const parents = new Set<string>();
  const seenPhantoms = new Set<string>();
  const climb = (sku: string) => {
    for (const parent of parentsOf.get(sku) ?? []) {
      if (phantoms.has(parent)) {
        if (seenPhantoms.has(parent)) continue;
        seenPhantoms.add(parent);
        climb(parent);
      } else if (!affected.has(parent)) parents.add(parent);
    }
  };
  for (const sku of affected) climb(sku);
  return [...parents].sort();
}

/**
 * Re-plans the affected items: `input` holds the run's horizon, the BOMs, and the affected items with their fresh
 * demands and supplies (anything else in it is ignored); `fromParents` is {@link demandFromUnaffectedParents}. The
 * calculation is the regenerative one (planLevels), over the affected items only, parents before components.
 */
export function planNetChange(
  input: MrpInput,
  affected: ReadonlySet<string>,
  fromParents: ReadonlyArray<NetDemand>,
  pegging = true,
): NetChangePlan {
  const restricted: MrpInput = {
    buckets: input.buckets,
    bom: input.bom,
    items: input.items.filter((item) => affected.has(item.sku)),
    demands: input.demands.filter((demand) => affected.has(demand.sku)),
    supplies: input.supplies.filter((supply) => affected.has(supply.sku)),
  };
  const frame = planFrame(restricted);
  const plan: NetChangePlan = {
    items: [],
    plannedOrders: [],
    supplies: [],
    exceptions: [],
    problems: [],
    beyondHorizon: frame.beyondHorizon,
  };
  const dependent = fromParents.filter((demand) => affected.has(demand.sku));
  for (const { result } of planLevels(restricted, { nextLevel: 0, dependent }, pegging)) {
    plan.items.push(...result.items);
    plan.plannedOrders.push(...result.plannedOrders);
    plan.supplies.push(...result.supplies);
    plan.exceptions.push(...result.exceptions);
    plan.problems.push(...result.problems);
  }
  plan.exceptions.push(...frame.pastDue);
  return plan;
}
