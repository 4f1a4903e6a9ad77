import fc from 'fast-check';
import { allocate, type Candidate, type LineAllocation } from './index';
import {
  candidateArb,
  candidateKey,
  contextArb,
  isEligible,
  linesArb,
  policyArb,
  referenceOrder,
  RUNS,
} from './test-support';

const scenario = fc.record({
  // One balance per item x location x lot x status, as the books keep them: two with the same key would be
  // indistinguishable, and which one a line draws from could then depend on the order they arrive in.
  candidates: fc
    .uniqueArray(candidateArb, {
      maxLength: 30,
      selector: (c) => `${c.sku}|${c.warehouseCode}|${c.locationCode}|${c.lotCode}|${c.status}`,
    })
    .map((list) => Object.freeze(list.map((c) => Object.freeze(c)))),
  lines: linesArb,
  policy: policyArb,
  context: contextArb,
});

const taken = (results: LineAllocation[], size: number): number[] => {
  const totals = new Array<number>(size).fill(0);
  results.forEach((line) => line.allocations.forEach((a) => (totals[a.candidate]! += a.qty)));
  return totals;
};

describe('allocate, any stock and policy', () => {
  test('only eligible candidates: never expired, quarantined, blocked, short-lived or in another warehouse', () => {
    fc.assert(
      fc.property(scenario, ({ candidates, lines, policy, context }) => {
        for (const line of allocate(lines, candidates, policy, context)) {
          for (const { candidate, qty } of line.allocations) {
            const c = candidates[candidate]!;
            expect(isEligible(c, policy, context)).toBe(true);
            expect(c.status === 'quarantine' || c.status === 'blocked').toBe(false);
            expect(c.expiresOn === null || c.expiresOn >= context.today).toBe(true);
            expect(c.sku).toBe(line.sku);
            expect(qty).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('never more than available per candidate, across lines; quantities add up per line', () => {
    fc.assert(
      fc.property(scenario, ({ candidates, lines, policy, context }) => {
        const results = allocate(lines, candidates, policy, context);
        taken(results, candidates.length).forEach((qty, index) =>
          expect(qty).toBeLessThanOrEqual(candidates[index]!.free),
        );
        results.forEach((line, index) => {
          expect(line.lineNo).toBe(lines[index]!.lineNo);
          expect(line.allocated).toBe(line.allocations.reduce((sum, a) => sum + a.qty, 0));
          expect(line.allocated + line.unallocated).toBe(line.requested);
          expect(line.allocated).toBeLessThanOrEqual(line.requested);
          expect(line.backorder).toBe(policy.partial === 'backorder-rest' ? line.unallocated : 0);
          if (policy.partial === 'all-or-nothing') expect([0, line.requested]).toContain(line.allocated);
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('follows the sort keys: each line takes a prefix of the remaining eligible stock in key order', () => {
    const inOrder = policyArb.filter((policy) => !policy.sortKeys.includes('fewest-locations'));
    fc.assert(
      fc.property(scenario, inOrder, ({ candidates, lines, context }, policy) => {
        const remaining = candidates.map((c) => c.free);
        const order = referenceOrder(candidates, policy.sortKeys);
        for (const line of allocate(lines, candidates, policy, context)) {
          const available = candidates
            .map((c, index) => index)
            .filter((i) => candidates[i]!.sku === line.sku && remaining[i]! > 0)
            .filter((i) => isEligible(candidates[i]!, policy, context))
            .sort(order);
          const stock = available.reduce((sum, i) => sum + remaining[i]!, 0);
          const expected: { candidate: number; qty: number }[] = [];
          let need = policy.partial === 'all-or-nothing' && stock < line.requested ? 0 : line.requested;
          for (const candidate of available) {
            if (need === 0) break;
            const qty = Math.min(need, remaining[candidate]!);
            expected.push({ candidate, qty });
            need -= qty;
          }
          expect(line.allocations.map(({ candidate, qty }) => ({ candidate, qty }))).toEqual(expected);
          expected.forEach(({ candidate, qty }) => (remaining[candidate]! -= qty));
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('fewest locations first: as few candidates as possible; the first in key order that covers, if any', () => {
    const fewestFirst = policyArb.map((policy) => ({
      ...policy,
      sortKeys: ['fewest-locations' as const, ...policy.sortKeys.filter((key) => key !== 'fewest-locations')],
    }));
    fc.assert(
      fc.property(scenario, fewestFirst, ({ candidates, lines, context }, policy) => {
        const remaining = candidates.map((c) => c.free);
        const order = referenceOrder(candidates, policy.sortKeys);
        for (const line of allocate(lines, candidates, policy, context)) {
          const covering = candidates
            .map((c, index) => index)
            .filter((i) => candidates[i]!.sku === line.sku && isEligible(candidates[i]!, policy, context))
            .filter((i) => remaining[i]! >= line.requested)
            .sort(order);
          if (covering.length > 0) expect(line.allocations.map((a) => a.candidate)).toEqual(covering.slice(0, 1));
          const sizes = candidates
            .map((c, index) => (c.sku === line.sku && isEligible(c, policy, context) ? remaining[index]! : 0))
            .filter((qty) => qty > 0)
            .sort((a, b) => b - a);
          let fewest = 0;
          for (let covered = 0; covered < line.requested && fewest < sizes.length; fewest++) covered += sizes[fewest]!;
          if (line.allocated > 0) expect(line.allocations).toHaveLength(fewest);
          line.allocations.forEach(({ candidate, qty }) => (remaining[candidate]! -= qty));
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('deterministic: the order the candidates come in changes nothing', () => {
    fc.assert(
      fc.property(scenario, fc.infiniteStream(fc.nat()), ({ candidates, lines, policy, context }, noise) => {
        const shuffled: Candidate[] = candidates
          .map((c) => ({ c, r: noise.next().value }))
          .sort((a, b) => a.r - b.r)
          .map(({ c }) => c);
        const describe = (results: LineAllocation[], list: readonly Candidate[]) =>
          results.map((line) => line.allocations.map((a) => [candidateKey(list[a.candidate]!), a.qty]));
        const first = allocate(lines, candidates, policy, context);
        expect(allocate(lines, candidates, policy, context)).toEqual(first);
        expect(describe(allocate(lines, shuffled, policy, context), shuffled)).toEqual(describe(first, candidates));
      }),
      { numRuns: RUNS },
    );
  });
});
