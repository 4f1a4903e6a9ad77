/** Data shapes of allocation. Quantities are integer milli-units; days are epoch days; times epoch milliseconds. */

/**
 * Stock status of a candidate row. Every status exists in stock; only `available` is ever allocated (ALLOCATABLE_STATUSES),
 * and only when the policy's filters allow it: at-supplier stock is ours but being processed at a supplier.
 */
export type StockStatus = 'available' | 'quarantine' | 'blocked' | 'at-supplier';

/** A stock row that could serve order lines: item x location x lot x status, with its free quantity. */
export interface Candidate {
  sku: string;
  warehouseCode: string;
  /** Lower is preferred by the warehouse-priority sort key. */
  warehousePriority: number;
  locationCode: string;
  /** Empty for items that are not lot-tracked. */
  lotCode: string;
  /** Epoch day of the expiry date (last usable day), or null if the lot does not expire. */
  expiresOn: number | null;
  /** Epoch milliseconds of the receipt, for FIFO/LIFO. */
  receivedAt: number;
  status: StockStatus;
  /** Free (unreserved) quantity in milli-units, an integer >= 0. */
  free: number;
}

/** An order line to allocate. */
export interface OrderLine {
  /** Unique within one allocate call. */
  lineNo: number;
  sku: string;
  /** Milli-units, an integer > 0. */
  quantity: number;
}

/** What the filters need to know besides the policy. */
export interface AllocationContext {
  /** Epoch day the allocation is for (passed in: allocation never reads a clock). */
  today: number;
  /** The customer's minimum remaining shelf life in days, used when the policy says 'customer'; null = none. */
  customerMinShelfLifeDays: number | null;
}

/** Quantity taken from one candidate. */
export interface Allocation {
  /** Index of the candidate in the array passed to allocate. */
  candidate: number;
  warehouseCode: string;
  locationCode: string;
  lotCode: string;
  qty: number;
}

/** The outcome for one line. */
export interface LineAllocation {
  lineNo: number;
  sku: string;
  requested: number;
  /** In the order taken (the policy's sort order). */
  allocations: Allocation[];
  allocated: number;
  /** requested - allocated under backorder-rest; 0 under allow-partial and all-or-nothing. */
  backorder: number;
  /** requested - allocated, whatever the partial policy (what the line still lacks). */
  unallocated: number;
  /**
   * Candidates of the line's SKU the filters passed over, in input order, at most EXCLUSION_LIMIT (lines of one
   * SKU share the list): what an auditor reads to see why the rest of the stock was not taken.
   */
  excluded: readonly Exclusion[];
  /** How many more candidates were passed over beyond `excluded`. */
  excludedMore: number;
}

/** Why a candidate was passed over (see `exclusionReasons`). */
export type ExclusionReason = 'not-available' | 'wrong-warehouse' | 'expired' | 'short-shelf-life';

/** A candidate of the line's SKU that the policy's filters excluded, with every reason that applies. */
export interface Exclusion {
  /** Index of the candidate in the array passed to allocate. */
  candidate: number;
  warehouseCode: string;
  locationCode: string;
  lotCode: string;
  reasons: ExclusionReason[];
}
