import { round6 } from '../manufacturing/quantities';
import { bucketOf } from './buckets';
import type { Bucketing, Demand } from './types';

/** localeCompare's order, one collator for the whole sort. */
const collate = new Intl.Collator().compare;

/** ISO dates of one format order as their characters do (and as localeCompare orders them). */
function byDate(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Forecast consumption: in each item's bucket the sales orders consume the forecast, so the larger of the two counts.
 * Returns the demands with each forecast line reduced by the sales orders of its bucket (earlier forecast lines are
 * consumed first; a line consumed entirely disappears). Other demands pass unchanged.
 */
export function consumeForecasts(demands: ReadonlyArray<Demand>, bucketing: Bucketing): Demand[] {
  const orders = new Map<string, number>();
  const key = (demand: Demand) => `${demand.sku}\u0000${bucketOf(bucketing, demand.date)}`;
  for (const demand of demands) {
    if (demand.kind !== 'sales-order') continue;
    const bucket = key(demand);
    orders.set(bucket, round6((orders.get(bucket) ?? 0) + demand.quantity));
  }
  const forecasts = demands
    .filter((demand) => demand.kind === 'forecast')
    .sort((a, b) => byDate(a.date, b.date) || collate(a.ref, b.ref));
  const left = new Map<Demand, number>();
  for (const forecast of forecasts) {
    const bucket = key(forecast);
    const consumed = Math.min(forecast.quantity, orders.get(bucket) ?? 0);
    orders.set(bucket, round6((orders.get(bucket) ?? 0) - consumed));
    left.set(forecast, round6(forecast.quantity - consumed));
  }
  return demands.flatMap((demand) => {
    if (demand.kind !== 'forecast') return [demand];
    const quantity = left.get(demand) ?? demand.quantity;
    return quantity > 0 ? [{ ...demand, quantity }] : [];
  });
}
