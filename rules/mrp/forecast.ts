import * as quantities from '../manufacturing/quantities';
import * as dates from './buckets';
import type { Bucketing, Demand } from './types';

/** Read once, not through the modules' getters at each call under tsx: see plan-item.ts. */
const round6 = quantities.round6;
const bucketOf = dates.bucketOf;

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
  // Per item, the sales orders per bucket not yet set against a forecast.
  const orders = new Map<string, Map<number | null, number>>();
  for (const demand of demands) {
    if (demand.kind !== 'sales-order') continue;
    const byBucket = bucketsIn(orders, demand.sku);
    const bucket = bucketOf(bucketing, demand.date);
    byBucket.set(bucket, round6((byBucket.get(bucket) ?? 0) + demand.quantity));
  }
  const forecasts = demands.filter((demand) => demand.kind === 'forecast').sort(forecastOrder);
  const left = new Map<Demand, number>();
  for (const forecast of forecasts) {
    const byBucket = bucketsIn(orders, forecast.sku);
    const bucket = bucketOf(bucketing, forecast.date);
    const consumed = Math.min(forecast.quantity, byBucket.get(bucket) ?? 0);
    byBucket.set(bucket, round6((byBucket.get(bucket) ?? 0) - consumed));
    left.set(forecast, round6(forecast.quantity - consumed));
  }
  // A loop rather than flatMap: a run has a hundred thousand demands, and flatMap made an array for each.
  const result: Demand[] = [];
  for (const demand of demands) {
    if (demand.kind !== 'forecast') {
      result.push(demand);
      continue;
    }
    const quantity = left.get(demand) ?? demand.quantity;
    if (quantity > 0) result.push({ ...demand, quantity });
  }
  return result;
}

/**
 * An item's sales orders by bucket (null: beyond the horizon), made when first needed. A map per item rather than one
 * map by a key of item and bucket: a run has a hundred thousand demands, and building and hashing a key string for
 * each was most of this function's time.
 */
function bucketsIn(orders: Map<string, Map<number | null, number>>, sku: string): Map<number | null, number> {
  let byBucket = orders.get(sku);
  if (!byBucket) orders.set(sku, (byBucket = new Map()));
  return byBucket;
}

/** The order forecast lines are consumed in: earlier first, then by ref. */
function forecastOrder(a: Demand, b: Demand): number {
  return byDate(a.date, b.date) || collate(a.ref, b.ref);
}
