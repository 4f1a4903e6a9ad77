import * as quantities from '../manufacturing/quantities';
import type { LotSizePolicy, PlanningItem } from './types';

/** Read once, not through the module's getters at each call under tsx: see plan-item.ts. */
const round6 = quantities.round6;

/** `value` rounded up to a whole multiple of `multiple` (a multiple of 0 or less leaves it as it is). */
export function roundUpTo(value: number, multiple: number | undefined): number {
  if (!multiple || multiple <= 0) return value;
  return round6(Math.ceil(round6(value / multiple)) * multiple);
}

/**
 * The order quantities that cover `net` (> 0) under the item's policy, the supplier's minimum and multiple applied on
 * top. `periodNeed` is what a period order quantity covers (the net requirement of this and the next N-1 buckets,
 * computed by the caller). Every quantity is positive and their sum is at least `net`. A maximum splits the need
 * into several orders, each at most the maximum (rounded down to the multiple where the two disagree).
 */
export function lotSizes(
  net: number,
  item: Pick<PlanningItem, 'lotSize' | 'supplierMinimum' | 'supplierMultiple'>,
  periodNeed = net,
): number[] {
  const policy: LotSizePolicy = item.lotSize;
  switch (policy.kind) {
    case 'lot-for-lot':
      return [bySupplier(net, item)];
    case 'period-order':
      return [bySupplier(Math.max(net, periodNeed), item)];
    case 'fixed': {
      const lots = Math.max(1, Math.ceil(round6(net / policy.quantity)));
      return new Array<number>(lots).fill(bySupplier(policy.quantity, item));
    }
    case 'min-max': {
      // The policy's minimum, multiple and maximum first; the supplier's minimum and multiple then apply to each
      // order and may take one past the maximum (the supplier will not ship less).
      const cap = capOf(policy.maximum, policy.multiple);
      if (cap === null || byPolicy(net, policy) <= cap) return [bySupplier(byPolicy(net, policy), item)];
      const orders: number[] = [];
      let left = net;
      while (left > 0) {
        const quantity = Math.min(cap, byPolicy(left, policy));
        orders.push(bySupplier(quantity, item));
        left = round6(left - quantity);
      }
      return orders;
    }
  }
}

/*
 * The two roundings are module functions rather than closures in lotSizes: it runs for every planned order, and a
 * closure made per call (named by the tsx/esbuild helper each time) was most of its time.
 */

/** A quantity raised to the supplier's minimum, then rounded up to the supplier's multiple. */
function bySupplier(quantity: number, item: Pick<PlanningItem, 'supplierMinimum' | 'supplierMultiple'>): number {
  return roundUpTo(Math.max(quantity, item.supplierMinimum ?? 0), item.supplierMultiple);
}

/** A quantity raised to a min-max policy's minimum, then rounded up to its multiple. */
function byPolicy(quantity: number, policy: { minimum?: number; multiple?: number }): number {
  return roundUpTo(Math.max(quantity, policy.minimum ?? 0), policy.multiple);
}

/** The largest order a maximum allows: the maximum rounded down to the multiple (never below one multiple). */
function capOf(maximum: number | undefined, multiple: number | undefined): number | null {
  if (maximum === undefined || maximum <= 0) return null;
  if (!multiple || multiple <= 0) return maximum;
  return Math.max(multiple, round6(Math.floor(round6(maximum / multiple)) * multiple));
}
