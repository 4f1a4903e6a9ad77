/**
 * Candidate order for the policy's sort keys. `fewest-locations` is not a static order (it depends on what a line
 * still needs), so it is left out of the comparator and instead splits the sorted candidates into tiers: runs that
 * are equal on the keys before it. Within a tier, the keys after it (and the tie-breaks) give the order.
 */
import type { SortKey } from '../rule-sets';
import type { Candidate } from './types';

type Compare = (a: Candidate, b: Candidate) => number;

// Lots without expiry date sort after every dated lot under FEFO.
const NO_EXPIRY = Number.MAX_SAFE_INTEGER;

const COMPARE: Record<Exclude<SortKey, 'fewest-locations'>, Compare> = {
  'expiry-asc': (a, b) => (a.expiresOn ?? NO_EXPIRY) - (b.expiresOn ?? NO_EXPIRY),
  'received-asc': (a, b) => a.receivedAt - b.receivedAt,
  'received-desc': (a, b) => b.receivedAt - a.receivedAt,
  'warehouse-priority': (a, b) => a.warehousePriority - b.warehousePriority,
};

const byText = (a: string, b: string): number => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

/**
 * Final tie-breaks, so the order never depends on the order rows came from the database: warehouse, location, lot
 * and status (code-unit order, not locale), then FIFO. Stock rows are unique per item, location, lot and status,
 * so only duplicated rows ever fall through to the input position.
 */
const tieBreak: Compare = (a, b) =>
  byText(a.warehouseCode, b.warehouseCode) ||
  byText(a.locationCode, b.locationCode) ||
  byText(a.lotCode, b.lotCode) ||
  byText(a.status, b.status) ||
  a.receivedAt - b.receivedAt;

function chain(keys: readonly SortKey[]): Compare[] {
  return keys.flatMap((key) => (key === 'fewest-locations' ? [] : [COMPARE[key]]));
}

/** Compares candidate indices by the sort keys, then the tie-breaks, then input position: a total order. */
export function indexComparator(
  candidates: readonly Candidate[],
  keys: readonly SortKey[],
): (i: number, j: number) => number {
  const compares = [...chain(keys), tieBreak];
  return (i, j) => {
    const a = candidates[i]!;
    const b = candidates[j]!;
    for (const compare of compares) {
      const difference = compare(a, b);
      if (difference !== 0) return difference;
    }
    return i - j;
  };
}

/**
 * For candidate indices sorted by `keys`, the start positions of the fewest-locations tiers (the first is 0); one
 * tier only when fewest-locations is the first key (or absent).
 */
export function tierStarts(candidates: readonly Candidate[], sorted: readonly number[], keys: readonly SortKey[]) {
  const position = Math.max(0, keys.indexOf('fewest-locations'));
  const prefix = chain(keys.slice(0, position));
  const starts = [0];
  for (let p = 1; p < sorted.length; p++) {
    const a = candidates[sorted[p - 1]!]!;
    const b = candidates[sorted[p]!]!;
    if (prefix.some((compare) => compare(a, b) !== 0)) starts.push(p);
  }
  return starts;
}
