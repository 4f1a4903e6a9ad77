import { ALLOCATABLE_STATUSES, type AllocatableStatus, type AllocationFilters } from '../rule-sets';
import { isExpired } from '../expiry';
import type { AllocationContext, Candidate, ExclusionReason, StockStatus } from './types';

// The only statuses ever allocated, whatever a policy says: a version published before issue 15 may list at-supplier
// (stock being processed for us at a supplier), and a policy built in code may bypass its schema and list quarantine
// (waits for the quality gate) or blocked (waits for whoever blocked it). None of those can be promised.
const ALLOCATABLE: ReadonlySet<StockStatus> = new Set<AllocatableStatus>(ALLOCATABLE_STATUSES);

/** A policy's filters resolved against the context once, so the filter and its explanation share one definition. */
interface Limits {
  statuses: ReadonlySet<StockStatus>;
  warehouses: ReadonlySet<string> | undefined;
  today: number;
  /** With a minimum remaining shelf life, the earliest acceptable expiry day; without one, only expiry counts. */
  earliestExpiry: number | undefined;
}

function limitsOf(filters: AllocationFilters, context: AllocationContext): Limits {
  const minDays =
    filters.minRemainingShelfLifeDays === 'customer'
      ? context.customerMinShelfLifeDays
      : filters.minRemainingShelfLifeDays;
  return {
    statuses: new Set<StockStatus>(filters.statuses.filter((status) => ALLOCATABLE.has(status))),
    warehouses: filters.allowedWarehouses ? new Set(filters.allowedWarehouses) : undefined,
    today: context.today,
    earliestExpiry: minDays === null || minDays === undefined ? undefined : context.today + minDays,
  };
}

/**
 * The candidate filter of a policy: free quantity, an allowed status, not expired, enough remaining shelf life
 * (expiry date - today >= the minimum; lots without expiry date always qualify), an allowed warehouse.
 */
export function candidateFilter(filters: AllocationFilters, context: AllocationContext): (c: Candidate) => boolean {
  const { statuses, warehouses, today, earliestExpiry } = limitsOf(filters, context);
  return (c) =>
    c.free > 0 &&
    statuses.has(c.status) &&
    (warehouses === undefined || warehouses.has(c.warehouseCode)) &&
    !isExpired(c.expiresOn, today) &&
    (earliestExpiry === undefined || c.expiresOn === null || c.expiresOn >= earliestExpiry);
}

/**
 * Why the policy's filter passes a candidate over: every reason that applies, in a fixed order (empty exactly when
 * `candidateFilter` keeps it). `not-available`: nothing free, or a status the policy does not allow or that is never
 * allocated (quarantine, blocked, at-supplier); `short-shelf-life` is only given to lots that have not expired yet.
 */
export function exclusionReasons(
  filters: AllocationFilters,
  context: AllocationContext,
): (c: Candidate) => ExclusionReason[] {
  const { statuses, warehouses, today, earliestExpiry } = limitsOf(filters, context);
  return (c) => {
    const reasons: ExclusionReason[] = [];
    if (!(c.free > 0 && statuses.has(c.status))) reasons.push('not-available');
    if (warehouses !== undefined && !warehouses.has(c.warehouseCode)) reasons.push('wrong-warehouse');
    if (isExpired(c.expiresOn, today)) reasons.push('expired');
    else if (earliestExpiry !== undefined && c.expiresOn !== null && c.expiresOn < earliestExpiry) {
      reasons.push('short-shelf-life');
    }
    return reasons;
  };
}
