import type { AllocationPolicy, SortKey } from '../rule-sets';
import { AllocationError } from './errors';
import { candidateFilter, exclusionReasons } from './filters';
import { indexComparator, tierStarts } from './ordering';
import { FewestLocationsPool, InOrderPool, type Pool } from './pools';
import type { AllocationContext, Candidate, Exclusion, LineAllocation, OrderLine } from './types';

/** Passed-over candidates listed per SKU; the rest are only counted, so a decision record stays small. */
export const EXCLUSION_LIMIT = 20;

/**
 * Allocates order lines to stock candidates under a policy: filter the candidates, order them by the policy's sort
 * keys (ties broken by warehouse, location and lot code, so row order never matters), then take greedily, line by
 * line in the given order. Lines of one SKU share the candidates' remaining quantities.
 *
 * Partial policies: `allow-partial` takes what there is; `backorder-rest` takes the same and reports the rest as
 * backorder; `all-or-nothing` takes nothing for a line the remaining stock cannot cover entirely.
 *
 * Pure and fast: candidates are grouped by SKU in one pass (only requested SKUs are kept), each group is ordered
 * once and only as far as lines reach into it, and each line only touches its own group. Inputs are not mutated.
 * Throws AllocationError for malformed input; a line that cannot be covered is reported, never thrown.
 */
export function allocate(
  lines: readonly OrderLine[],
  candidates: readonly Candidate[],
  policy: AllocationPolicy,
  context: AllocationContext,
): LineAllocation[] {
  checkContext(context);
  const { groups, passedOver } = eligibleBySku(candidates, requestedSkus(lines), policy, context);
  const pools = new Map<string, Pool>();
  const poolOf = (sku: string): Pool | undefined => {
    const group = groups.get(sku);
    if (!group) return undefined;
    const pool = pools.get(sku) ?? createPool(group, candidates, policy.sortKeys);
    pools.set(sku, pool);
    return pool;
  };
  return lines.map(({ lineNo, sku, quantity }) => {
    const pool = poolOf(sku);
    const coverable = pool !== undefined && (policy.partial !== 'all-or-nothing' || pool.total >= quantity);
    const allocations = (coverable ? pool.take(quantity) : []).map(({ candidate, qty }) => {
      const { warehouseCode, locationCode, lotCode } = candidates[candidate]!;
      return { candidate, warehouseCode, locationCode, lotCode, qty };
    });
    const allocated = allocations.reduce((sum, allocation) => sum + allocation.qty, 0);
    const unallocated = quantity - allocated;
    const backorder = policy.partial === 'backorder-rest' ? unallocated : 0;
    const { excluded, excludedMore } = passedOver.get(sku) ?? NONE_EXCLUDED;
    return { lineNo, sku, requested: quantity, allocations, allocated, backorder, unallocated, excluded, excludedMore };
  });
}

function createPool(group: number[], candidates: readonly Candidate[], keys: readonly SortKey[]): Pool {
  const compare = indexComparator(candidates, keys);
  const free = (index: number): number => candidates[index]!.free;
  if (!keys.includes('fewest-locations')) return new InOrderPool(group, compare, free);
  // fewest-locations looks at whole tiers, so the group is sorted completely.
  const sorted = group.sort(compare);
  return new FewestLocationsPool(sorted, tierStarts(candidates, sorted, keys), free);
}

function checkContext({ today, customerMinShelfLifeDays: min }: AllocationContext): void {
  if (!Number.isSafeInteger(today)) {
    throw new AllocationError('invalid-context', `today must be an epoch day: ${today}`);
  }
  if (min !== null && !(Number.isSafeInteger(min) && min >= 0)) {
    throw new AllocationError('invalid-context', `customerMinShelfLifeDays must be a whole number >= 0: ${min}`);
  }
}

function requestedSkus(lines: readonly OrderLine[]): Set<string> {
  const seen = new Set<number>();
  const skus = new Set<string>();
  for (const { lineNo, sku, quantity } of lines) {
    if (seen.has(lineNo)) throw new AllocationError('duplicate-line', `line ${lineNo} is listed twice`);
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      throw new AllocationError(
        'invalid-line',
        `line ${lineNo}: quantity must be whole milli-units > 0, got ${quantity}`,
      );
    }
    seen.add(lineNo);
    skus.add(sku);
  }
  return skus;
}

interface PassedOver {
  excluded: Exclusion[];
  excludedMore: number;
}

const NONE_EXCLUDED: PassedOver = Object.freeze({ excluded: [], excludedMore: 0 }) as PassedOver;

/**
 * One pass over all candidates: indices of the eligible ones of requested SKUs, grouped by SKU, and the ones the
 * filters passed over (only their indices in the pass, which stays as tight as it was; explained afterwards).
 */
function eligibleBySku(
  candidates: readonly Candidate[],
  wanted: Set<string>,
  policy: AllocationPolicy,
  context: AllocationContext,
) {
  const eligible = candidateFilter(policy.filters, context);
  const groups = new Map<string, number[]>();
  const rejected: number[] = [];
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index]!;
    if (!wanted.has(candidate.sku)) continue;
    checkCandidate(candidate, index);
    if (!eligible(candidate)) {
      rejected.push(index);
      continue;
    }
    const group = groups.get(candidate.sku);
    if (group) group.push(index);
    else groups.set(candidate.sku, [index]);
  }
  return { groups, passedOver: explain(candidates, rejected, exclusionReasons(policy.filters, context)) };
}

/** The rejected candidates per SKU with their reasons, the first EXCLUSION_LIMIT listed and the rest counted. */
function explain(
  candidates: readonly Candidate[],
  rejected: readonly number[],
  reasonsFor: (c: Candidate) => Exclusion['reasons'],
): Map<string, PassedOver> {
  const passedOver = new Map<string, PassedOver>();
  for (const index of rejected) {
    const c = candidates[index]!;
    let entry = passedOver.get(c.sku);
    if (!entry) passedOver.set(c.sku, (entry = { excluded: [], excludedMore: 0 }));
    if (entry.excluded.length >= EXCLUSION_LIMIT) {
      entry.excludedMore++;
      continue;
    }
    const { warehouseCode, locationCode, lotCode } = c;
    entry.excluded.push({ candidate: index, warehouseCode, locationCode, lotCode, reasons: reasonsFor(c) });
  }
  return passedOver;
}

function checkCandidate(c: Candidate, index: number): void {
  const problem =
    (!(Number.isSafeInteger(c.free) && c.free >= 0) && 'free must be whole milli-units >= 0') ||
    (!(c.expiresOn === null || Number.isSafeInteger(c.expiresOn)) && 'expiresOn must be an epoch day or null') ||
    (!Number.isFinite(c.receivedAt) && 'receivedAt must be epoch milliseconds') ||
    (!Number.isFinite(c.warehousePriority) && 'warehousePriority must be a number');
  if (problem) throw new AllocationError('invalid-candidate', `candidate ${index} (${c.sku}): ${problem}`);
}
