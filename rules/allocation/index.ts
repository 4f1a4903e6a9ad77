/**
 * Allocation: which stock serves which order line under a policy (filters, FEFO/FIFO/LIFO and other sort keys,
 * partial/backorder handling). Pure and fast; the policy itself is chosen by an allocation rule set.
 */
export { allocate, EXCLUSION_LIMIT } from './allocate';
export { AllocationError } from './errors';
export type { AllocationErrorCode } from './errors';
export { candidateFilter, exclusionReasons } from './filters';
export type {
  Allocation,
  AllocationContext,
  Candidate,
  Exclusion,
  ExclusionReason,
  LineAllocation,
  OrderLine,
  StockStatus,
} from './types';
