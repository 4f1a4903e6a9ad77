import fc from 'fast-check';
import { distribute } from './index';

const RUNS = 300;

// Basis values with up to three decimals, zeros included; ids unique by construction.
const basisValue = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.integer({ min: 0, max: 100_000 }).map((n) => n / 1000),
);
const targetsArb = fc
  .array(basisValue, { minLength: 1, maxLength: 12 })
  .filter((values) => values.some((value) => value > 0))
  .map((values) => values.map((basisValue, index) => ({ id: `T${String(index).padStart(2, '0')}`, basisValue })));
const pool = fc.integer({ min: -10_000_000, max: 10_000_000 });

/**
 * share - exact share, as an exact fraction error / denominator: basis values have at most three decimals, so
 * scaled by 1000 they are integers and exact share = pool × basis / total is a rational.
 */
function deviation(share: number, poolCents: number, basis: number, targets: { basisValue: number }[]) {
  const scaled = (value: number) => BigInt(Math.round(value * 1000));
  const denominator = targets.reduce((sum, target) => sum + scaled(target.basisValue), 0n);
  const error = BigInt(share) * denominator - BigInt(poolCents) * scaled(basis);
  return { error: error < 0n ? -error : error, denominator };
}

describe('distribute, any pool and basis', () => {
  test.each(['largest-remainder', 'last-target'] as const)('%s: the shares sum exactly to the pool', (rounding) => {
    fc.assert(
      fc.property(pool, targetsArb, (poolCents, targets) => {
        const shares = distribute(poolCents, targets, rounding);
        expect(shares.map((share) => share.id)).toEqual(targets.map((target) => target.id));
        expect(shares.every((share) => Number.isSafeInteger(share.cents))).toBe(true);
        expect(shares.reduce((sum, share) => sum + share.cents, 0)).toBe(poolCents);
      }),
      { numRuns: RUNS },
    );
  });

  test('largest remainder: each share is within 1 cent of its exact proportional share', () => {
    fc.assert(
      fc.property(pool, targetsArb, (poolCents, targets) => {
        distribute(poolCents, targets, 'largest-remainder').forEach((share, index) => {
          const { error, denominator } = deviation(share.cents, poolCents, targets[index]!.basisValue, targets);
          expect(error < denominator).toBe(true);
          if (targets[index]!.basisValue === 0) expect(share.cents).toBe(0);
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('largest remainder: the result per id does not depend on the input order, and a credit mirrors a charge', () => {
    fc.assert(
      fc.property(
        pool,
        targetsArb.chain((targets) =>
          fc.tuple(fc.constant(targets), fc.shuffledSubarray(targets, { minLength: targets.length })),
        ),
        (poolCents, [targets, shuffled]) => {
          const byId = (shares: { id: string; cents: number }[]) =>
            Object.fromEntries(shares.map((s) => [s.id, s.cents]));
          const straight = byId(distribute(poolCents, targets, 'largest-remainder'));
          expect(byId(distribute(poolCents, shuffled, 'largest-remainder'))).toEqual(straight);
          const mirrored = byId(distribute(-poolCents, targets, 'largest-remainder'));
          expect(Object.fromEntries(Object.entries(mirrored).map(([id, c]) => [id, -c || 0]))).toEqual(straight);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('last target: every share but the last is its exact share rounded (within half a cent)', () => {
    fc.assert(
      fc.property(pool, targetsArb, (poolCents, targets) => {
        const shares = distribute(poolCents, targets, 'last-target');
        shares.slice(0, -1).forEach((share, index) => {
          const { error, denominator } = deviation(share.cents, poolCents, targets[index]!.basisValue, targets);
          expect(2n * error <= denominator).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
