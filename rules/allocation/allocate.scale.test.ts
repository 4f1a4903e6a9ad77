import { allocationPolicySchema } from '../rule-sets';
import { allocate, type Candidate, type OrderLine } from './index';
import { seeded, TODAY } from './test-support';

// A sanity run at scale, with no timing assertion: timings belong in the bench, not in tests. The generous
// timeout only keeps a loaded CI machine from failing it.
test('10,000 lines over 200,000 candidates allocate, within the stock of every candidate', () => {
  const random = seeded(7);
  const pick = (n: number) => Math.floor(random() * n);
  const candidates: Candidate[] = Array.from({ length: 200_000 }, (_, i) => ({
    sku: `SKU-${pick(2_000)}`,
    warehouseCode: `W${pick(4)}`,
    warehousePriority: pick(4),
    locationCode: `L${pick(500)}`,
    lotCode: `LOT-${i}`,
    expiresOn: random() < 0.1 ? null : TODAY - 10 + pick(400),
    receivedAt: 1_700_000_000_000 + pick(1e10),
    status: random() < 0.9 ? 'available' : 'quarantine',
    free: 1_000 * (1 + pick(50)),
  }));
  const lines: OrderLine[] = Array.from({ length: 10_000 }, (_, i) => ({
    lineNo: i + 1,
    sku: `SKU-${pick(2_100)}`,
    quantity: 1_000 * (1 + pick(150)),
  }));
  const policy = allocationPolicySchema.parse({
    filters: { minRemainingShelfLifeDays: 30 },
    sortKeys: ['expiry-asc', 'received-asc'],
    partial: 'backorder-rest',
  });

  const results = allocate(lines, candidates, policy, { today: TODAY, customerMinShelfLifeDays: null });

  // Checked in plain loops and asserted once: a million expect() calls would dominate the run.
  const used = new Map<number, number>();
  let unbalanced = 0;
  for (const line of results) {
    if (line.allocated + line.backorder !== line.requested) unbalanced++;
    line.allocations.forEach((a) => used.set(a.candidate, (used.get(a.candidate) ?? 0) + a.qty));
  }
  const overdrawn = [...used].filter(([index, qty]) => qty > candidates[index]!.free);
  expect(results).toHaveLength(10_000);
  expect({ unbalanced, overdrawn }).toEqual({ unbalanced: 0, overdrawn: [] });
  expect(results.some((line) => line.allocated > 0) && results.some((line) => line.backorder > 0)).toBe(true);
}, 60_000);
