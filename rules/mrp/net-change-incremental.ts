import { round6 } from '../manufacturing/quantities';
import { bucketOf, bucketsOf } from './buckets';
import { consumeForecasts } from './forecast';
import type { NetChangePlan } from './net-change';
import { bomLookupOf, byText, dependentDemand, groupBy, inputsOf, pastDueDemands, problemsOf } from './plan';
import { netItem, type NetDemand } from './plan-item';
import type { Bucketing, Demand, GridRow, ItemInputs, Supply } from './types';

/** An affected item's part of the stored plan: its grid (whole) and the inputs it was netted from. */
export interface StoredItem {
  sku: string;
  lowLevelCode: number;
  rows: ReadonlyArray<GridRow>;
  inputs: Required<ItemInputs>;
}

/**
 * Net change from the stored plan alone: the affected items (a changed item and everything below it, `stored`) are
 * netted again in low-level order from their fresh independent demand and supply (`fresh`) and the dependent demand
 * their parents put on them per bucket. That dependent demand is what the item's stored grid shows beyond its own
 * stored demand (gross - independent, per bucket), moved by what each re-netted parent releases more or less per
 * bucket (exploded like a planned order: quantity per x (1 + scrap %), phantoms passed through). Netting depends on
 * each bucket's totals only (pegs are derived when read), so the unaffected parents' orders need not be read: a
 * shared component's parents hold a hundred thousand of them on a large plan. The result is the regenerative run's for
 * these items, to rounding in the sixth decimal.
 */
export function planIncrementalNetChange(
  bucketing: Bucketing,
  stored: ReadonlyArray<StoredItem>,
  fresh: { demands: ReadonlyArray<Demand>; supplies: ReadonlyArray<Supply> },
): NetChangePlan {
  const levels = incrementalNetChangeLevels(bucketing, stored, fresh);
  for (;;) {
    const step = levels.next();
    if (step.done) return step.value;
  }
}

/**
 * planIncrementalNetChange one low-level code at a time: yields the items each code re-netted once the code is done
 * (with the plan's changed buckets and kept inputs, which hold theirs by then), and returns the whole plan. The caller
 * can have a code's items stored while the next code is netted.
 */
export function* incrementalNetChangeLevels(
  bucketing: Bucketing,
  stored: ReadonlyArray<StoredItem>,
  fresh: { demands: ReadonlyArray<Demand>; supplies: ReadonlyArray<Supply> },
): Generator<Pick<NetChangePlan, 'items' | 'changedBuckets' | 'inputsKept'>, NetChangePlan> {
  const buckets = bucketsOf(bucketing);
  const n = buckets.length;
  const independent = consumeForecasts(fresh.demands, bucketing);
  const demandsOf = groupBy<NetDemand>(independent, (d) => d.sku);
  const suppliesOf = groupBy(fresh.supplies, (s) => s.sku);
  const delta = new Map<string, number[]>();
  const plan: NetChangePlan = {
    items: [],
    plannedOrders: [],
    supplies: [],
    exceptions: [],
    problems: [],
    beyondHorizon: independent.filter((d) => bucketOf(bucketing, d.date) === null).length,
    changedBuckets: new Map(),
    inputsKept: new Set(),
  };
  const order = [...stored].sort((a, b) => a.lowLevelCode - b.lowLevelCode || byText(a.sku, b.sku));
  let yielded = 0; // plan.items up to here were yielded with their code
  for (const old of order) {
    if (plan.items.length > yielded && plan.items[yielded]!.lowLevelCode !== old.lowLevelCode) {
      yield { items: plan.items.slice(yielded), changedBuckets: plan.changedBuckets, inputsKept: plan.inputsKept };
      yielded = plan.items.length;
    }
    const { item, boms } = old.inputs;
    const bom = bomLookupOf(boms);
    const own = demandsOf.get(old.sku) ?? [];
    const supplies = suppliesOf.get(old.sku) ?? [];
    const dependent = storedDependent(bucketing, old, n);
    const moved = delta.get(old.sku);
    const demands: NetDemand[] = [...own];
    for (let b = 0; b < n; b += 1) {
      const quantity = round6(dependent[b]! + (moved?.[b] ?? 0));
      // Stored gross less own demand, plus what parents moved: each rounded in the sixth decimal, so a demand a parent
      // took back whole can leave a few millionths, which must not become an order.
      if (quantity > 1e-5) {
        demands.push({ ref: 'dependent', kind: 'dependent', sku: old.sku, date: buckets[b]!.start, quantity });
      }
    }
    const inputs = inputsOf(demands, supplies);
    const sameInputs =
      sameEntries(inputs.demands, old.inputs.demands) && sameEntries(inputs.supplies, old.inputs.supplies);
    // Netting is a function of the item, its own demand and supply and the dependent demand per bucket: with none of
    // them moved, its stored grid, orders and messages stand as they are, and nothing moves below it (a receipt of a
    // component leaves the items beside it and those its releases do not reach as they were).
    if (sameInputs && !anyMoved(moved)) continue;
    if (sameInputs) plan.inputsKept!.add(old.sku);
    const problems = problemsOf(item, bom);
    plan.problems.push(...problems);
    const netted = netItem(item, bucketing, buckets, demands, supplies, problems.length === 0, false);
    plan.items.push({
      sku: old.sku,
      lowLevelCode: old.lowLevelCode,
      source: item.source,
      safetyStock: item.safetyStock,
      rows: netted.rows,
      inputs: { ...inputs, item, boms },
    });
    plan.plannedOrders.push(...netted.plannedOrders);
    plan.exceptions.push(...netted.exceptions);
    plan.changedBuckets!.set(
      old.sku,
      changedOrderBuckets(old.rows, netted.rows).map((b) => buckets[b]!.start),
    );
    if (item.source === 'buy') continue;
    for (let b = 0; b < n; b += 1) {
      const before = old.rows[b]?.plannedReleases ?? 0;
      const after = netted.rows[b]!.plannedReleases;
      if (before === after) continue;
      const at = buckets[b]!.start;
      for (const [sign, quantity] of [
        [1, after],
        [-1, before],
      ] as const) {
        if (quantity === 0) continue;
        const release = { id: 'delta', sku: old.sku, type: 'production' as const, quantity, releaseDate: at };
        for (const component of dependentDemand(release, bom)) {
          const list = delta.get(component.sku) ?? new Array<number>(n).fill(0);
          list[b] = list[b]! + sign * component.quantity;
          delta.set(component.sku, list);
        }
      }
    }
  }
  if (plan.items.length > yielded) {
    yield { items: plan.items.slice(yielded), changedBuckets: plan.changedBuckets, inputsKept: plan.inputsKept };
  }
  // Past-due messages of the items re-planned only: an unchanged item keeps the ones stored for it.
  const replanned = new Set(plan.items.map((item) => item.sku));
  plan.exceptions.push(...pastDueDemands(independent, bucketing.start).filter((e) => replanned.has(e.sku)));
  return plan;
}

/** Whether a parent moved any of an item's dependent demand (a change below a millionth is rounding). */
function anyMoved(moved: number[] | undefined): boolean {
  return moved !== undefined && moved.some((quantity) => Math.abs(quantity) > 1e-6);
}

/**
 * Whether two lists of flat records (inputs as netted now and as stored) hold the same values in the same order; an
 * absent field equals null (the stored JSON drops undefined).
 */
export function sameEntries(
  a: ReadonlyArray<Record<string, unknown>>,
  b: ReadonlyArray<Record<string, unknown>>,
): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    for (const key of Object.keys(x)) if ((x[key] ?? null) !== (y[key] ?? null)) return false;
    for (const key of Object.keys(y)) if (!(key in x) && y[key] !== null && y[key] !== undefined) return false;
  }
  return true;
}

/**
 * The buckets whose planned orders can differ between two grids of one item: those whose net requirement or planned
 * receipts differ (an order's quantities are the lot sizes of its bucket's net requirement, or for a period order its
 * planned receipts; its dates and ref follow from the bucket).
 */
export function changedOrderBuckets(before: ReadonlyArray<GridRow>, after: ReadonlyArray<GridRow>): number[] {
  const changed: number[] = [];
  for (let b = 0; b < after.length; b += 1) {
    const old = before[b];
    const now = after[b]!;
    if (!old || old.net !== now.net || old.plannedReceipts !== now.plannedReceipts) changed.push(b);
  }
  return changed;
}

/** The dependent demand a stored grid holds per bucket: its gross beyond the item's own stored demand. */
function storedDependent(bucketing: Bucketing, old: StoredItem, n: number): number[] {
  const own = new Array<number>(n).fill(0);
  for (const demand of old.inputs.demands) {
    const b = bucketOf(bucketing, demand.date);
    if (b !== null) own[b] = own[b]! + demand.quantity;
  }
  return own.map((quantity, b) => Math.max(0, round6((old.rows[b]?.gross ?? 0) - quantity)));
}
