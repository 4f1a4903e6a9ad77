import type { AllocationFilters } from '../rule-sets';
import { isExpired } from '../expiry';
import type { AllocationContext, Candidate, StockStatus } from './types';

// Never allocatable, whatever a policy built in code (bypassing its schema) says: quarantine waits for the quality
// gate to release it, blocked stock for whoever blocked it.
const NEVER: ReadonlySet<StockStatus> = new Set(['quarantine', 'blocked']);

/**
 * The candidate filter of a policy: free quantity, an allowed status, not expired, enough remaining shelf life
 * (expiry date - today >= the minimum; lots without expiry date always qualify), an allowed warehouse.
 */
export function candidateFilter(filters: AllocationFilters, context: AllocationContext): (c: Candidate) => boolean {
  const statuses = new Set<StockStatus>(filters.statuses.filter((status) => !NEVER.has(status)));
  const warehouses = filters.allowedWarehouses ? new Set(filters.allowedWarehouses) : undefined;
  const minDays =
    filters.minRemainingShelfLifeDays === 'customer'
      ? context.customerMinShelfLifeDays
      : filters.minRemainingShelfLifeDays;
  // With a minimum, the earliest acceptable expiry day; without one, only expired lots are out (isExpired).
  const earliestExpiry = minDays === null || minDays === undefined ? undefined : context.today + minDays;
  const { today } = context;
  return (c) =>
    c.free > 0 &&
    statuses.has(c.status) &&
    (warehouses === undefined || warehouses.has(c.warehouseCode)) &&
    !isExpired(c.expiresOn, today) &&
    (earliestExpiry === undefined || c.expiresOn === null || c.expiresOn >= earliestExpiry);
}
