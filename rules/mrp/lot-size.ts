import { round6 } from '../manufacturing/quantities';
import type { LotSizePolicy, PlanningItem } from './types';

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
  const supplier = (quantity: number) =>
    roundUpTo(Math.max(quantity, item.supplierMinimum ?? 0), item.supplierMultiple);
  switch (policy.kind) {
    case 'lot-for-lot':
      return [supplier(net)];
    case 'period-order':
      return [supplier(Math.max(net, periodNeed))];
    case 'fixed': {
      const lots = Math.max(1, Math.ceil(round6(net / policy.quantity)));
      return Array.from({ length: lots }, () => supplier(policy.quantity));
    }
    case 'min-max': {
      // The policy's minimum, multiple and maximum first; the supplier's minimum and multiple then apply to each
      // order and may take one past the maximum (the supplier will not ship less).
      const sized = (quantity: number) => roundUpTo(Math.max(quantity, policy.minimum ?? 0), policy.multiple);
      const cap = capOf(policy.maximum, policy.multiple);
      if (cap === null || sized(net) <= cap) return [supplier(sized(net))];
      const orders: number[] = [];
      let left = net;
      while (left > 0) {
        const quantity = Math.min(cap, sized(left));
        orders.push(supplier(quantity));
        left = round6(left - quantity);
      }
      return orders;
    }
  }
}

/** The largest order a maximum allows: the maximum rounded down to the multiple (never below one multiple). */
function capOf(maximum: number | undefined, multiple: number | undefined): number | null {
  if (maximum === undefined || maximum <= 0) return null;
  if (!multiple || multiple <= 0) return maximum;
  return Math.max(multiple, round6(Math.floor(round6(maximum / multiple)) * multiple));
}
