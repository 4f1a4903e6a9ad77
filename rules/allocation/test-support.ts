/**
 * Test support for the allocation tests (not part of the module's API): random stock and orders over a small
 * world, so ties, shared lots and exhausted stock are common, and an independent reading of the policy.
 */
import fc from 'fast-check';
import { type AllocationPolicy, allocationPolicySchema, SORT_KEYS, type SortKey } from '../rule-sets';
import type { AllocationContext, Candidate, OrderLine, StockStatus } from './types';

export const RUNS = 300;
export const TODAY = 20_000;

const WAREHOUSES = ['W1', 'W2', 'W3'];

export const candidateArb: fc.Arbitrary<Candidate> = fc.record({
  sku: fc.constantFrom('A', 'B', 'C'),
  warehouseCode: fc.constantFrom(...WAREHOUSES),
  warehousePriority: fc.integer({ min: 1, max: 3 }),
  locationCode: fc.constantFrom('L1', 'L2', 'L3'),
  lotCode: fc.constantFrom('', 'LOT1', 'LOT2', 'LOT3', 'LOT4'),
  expiresOn: fc.option(fc.integer({ min: TODAY - 5, max: TODAY + 40 }), { freq: 4 }),
  receivedAt: fc.integer({ min: 0, max: 6 }).map((hour) => 1_700_000_000_000 + hour * 3_600_000),
  status: fc.constantFrom<StockStatus>('available', 'available', 'available', 'quarantine', 'blocked', 'at-supplier'),
  free: fc.oneof(
    fc.integer({ min: 0, max: 5_000 }),
    fc.integer({ min: 0, max: 10 }).map((n) => n * 500),
  ),
});

export const linesArb: fc.Arbitrary<OrderLine[]> = fc
  .array(fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'D'), quantity: fc.integer({ min: 1, max: 9_000 }) }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((lines) => lines.map((line, index) => ({ lineNo: (index + 1) * 10, ...line })));

const sortKeysArb = fc
  .shuffledSubarray([...SORT_KEYS], { minLength: 1 })
  .filter((keys) => !(keys.includes('received-asc') && keys.includes('received-desc')));

export const policyArb: fc.Arbitrary<AllocationPolicy> = fc
  .record({
    filters: fc.record(
      {
        // at-supplier as versions published before issue 15 may list it: allocation must never take it.
        statuses: fc.subarray(['available', 'at-supplier'] as const, { minLength: 1 }),
        minRemainingShelfLifeDays: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant('customer' as const)),
        allowedWarehouses: fc.subarray(WAREHOUSES, { minLength: 1 }),
      },
      { requiredKeys: [] },
    ),
    sortKeys: sortKeysArb,
    partial: fc.constantFrom('allow-partial', 'backorder-rest', 'all-or-nothing'),
  })
  .map((raw) => allocationPolicySchema.parse(raw));

export const contextArb: fc.Arbitrary<AllocationContext> = fc.record({
  today: fc.constant(TODAY),
  customerMinShelfLifeDays: fc.option(fc.integer({ min: 0, max: 30 })),
});

/** The filters, read independently of the module. */
export function isEligible(c: Candidate, policy: AllocationPolicy, context: AllocationContext): boolean {
  const { statuses, minRemainingShelfLifeDays, allowedWarehouses } = policy.filters;
  const min = minRemainingShelfLifeDays === 'customer' ? context.customerMinShelfLifeDays : minRemainingShelfLifeDays;
  // Only available stock is ever allocated, and only when the policy lists it (at-supplier never, whatever it says).
  if (c.free <= 0 || c.status !== 'available' || !(statuses as string[]).includes(c.status)) return false;
  if (allowedWarehouses && !allowedWarehouses.includes(c.warehouseCode)) return false;
  if (c.expiresOn === null) return true;
  return c.expiresOn >= context.today && (min === null || min === undefined || c.expiresOn - context.today >= min);
}

function text(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const KEY_ORDER: Record<Exclude<SortKey, 'fewest-locations'>, (a: Candidate, b: Candidate) => number> = {
  'expiry-asc': (a, b) => (a.expiresOn ?? Infinity) - (b.expiresOn ?? Infinity) || 0,
  'received-asc': (a, b) => a.receivedAt - b.receivedAt,
  'received-desc': (a, b) => b.receivedAt - a.receivedAt,
  'warehouse-priority': (a, b) => a.warehousePriority - b.warehousePriority,
};

/** The documented order: sort keys (fewest-locations aside), warehouse, location, lot, status, received, index. */
export function referenceOrder(candidates: readonly Candidate[], keys: readonly SortKey[]) {
  return (i: number, j: number): number => {
    const a = candidates[i]!;
    const b = candidates[j]!;
    for (const key of keys) {
      const difference = key === 'fewest-locations' ? 0 : KEY_ORDER[key](a, b);
      if (difference !== 0) return difference;
    }
    const codes = text(a.warehouseCode, b.warehouseCode) || text(a.locationCode, b.locationCode);
    const lot = text(a.lotCode, b.lotCode) || text(a.status, b.status);
    return codes || lot || a.receivedAt - b.receivedAt || i - j;
  };
}

/** Everything about a candidate that allocation may look at, except its position: equal keys are twins. */
export const candidateKey = (c: Candidate): string => JSON.stringify(c, Object.keys(c).sort());

/** A deterministic pseudo-random generator for large fixtures (tests never call Math.random). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Example-test helpers: a context without customer minimum, and a policy with allow-partial unless overridden. */
export const exampleContext: AllocationContext = { today: TODAY, customerMinShelfLifeDays: null };
export const HOUR = 3_600_000;

/** A lot of SKU A in W1 / L1, available, 1 unit free; override what the example is about. */
export function lot(lotCode: string, overrides: Partial<Candidate> = {}): Candidate {
  return {
    sku: 'A',
    warehouseCode: 'W1',
    warehousePriority: 1,
    locationCode: 'L1',
    lotCode,
    expiresOn: null,
    receivedAt: 0,
    status: 'available',
    free: 1_000,
    ...overrides,
  };
}

export const examplePolicy = (raw: Record<string, unknown>) =>
  allocationPolicySchema.parse({ partial: 'allow-partial', ...raw });
export const line = (quantity: number, lineNo = 1, sku = 'A') => ({ lineNo, sku, quantity });
