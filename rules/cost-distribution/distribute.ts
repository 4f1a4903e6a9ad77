import type { DistributionBasis, Rounding } from '../rule-sets';
import { toScaledIntegers } from './decimal';
import { CostDistributionError } from './errors';

/** A receiver of part of a pool, e.g. a production order, with its basis value (quantity, hours, percent ...). */
export interface DistributionTarget {
  id: string;
  /** Non-negative; for manual-percent, the target's percentage (all of them summing to exactly 100). */
  basisValue: number;
}

/** What one target receives, in cents. */
export interface Share {
  id: string;
  cents: number;
}

/**
 * Splits `poolCents` over the targets in proportion to their basis values; the shares ALWAYS sum exactly to the
 * pool. Basis values are read as exact decimals (see decimal.ts), so the proportional shares are exact rationals.
 *
 * - `largest-remainder`: every target gets the floor of its exact share, then the cents left over go one each to
 *   the largest remainders (equal remainders: smaller id first). Every share is within 1 cent of its exact share,
 *   and a target with basis 0 gets 0.
 * - `last-target`: every target but the last (in input order) gets its exact share rounded half up; the last takes
 *   what is left, so it absorbs the whole rounding difference (up to (n-1)/2 cents either way).
 *
 * A negative pool (a credit) is split like its absolute value and negated. Shares come back in input order.
 * Throws CostDistributionError for an invalid pool, no targets, duplicate ids, a negative or non-finite basis, a
 * zero total basis, or manual percentages that do not sum to 100.
 */
export function distribute(
  poolCents: number,
  targets: readonly DistributionTarget[],
  rounding: Rounding,
  basis: DistributionBasis = 'quantity',
): Share[] {
  const { weights, total } = checkedWeights(poolCents, targets, basis);
  const pool = BigInt(Math.abs(poolCents));
  const cents =
    rounding === 'largest-remainder'
      ? largestRemainder(pool, weights, total, targets)
      : lastTarget(pool, weights, total);
  const sign = poolCents < 0 ? -1 : 1;
  return targets.map((target, index) => ({ id: target.id, cents: sign * Number(cents[index]) || 0 }));
}

function checkedWeights(poolCents: number, targets: readonly DistributionTarget[], basis: DistributionBasis) {
  if (!Number.isSafeInteger(poolCents)) {
    throw new CostDistributionError('invalid-pool', `the pool must be a whole number of cents, got ${poolCents}`);
  }
  if (targets.length === 0) {
    throw new CostDistributionError('no-targets', `no targets to distribute ${poolCents} cents over`);
  }
  const ids = new Set<string>();
  for (const { id, basisValue } of targets) {
    if (ids.has(id)) throw new CostDistributionError('duplicate-target', `target ${id} is listed twice`);
    ids.add(id);
    if (!Number.isFinite(basisValue) || basisValue < 0) {
      throw new CostDistributionError(
        'invalid-basis',
        `target ${id}: ${basis} must be a finite number >= 0, got ${basisValue}`,
      );
    }
  }
  const { integers: weights, scale } = toScaledIntegers(targets.map((target) => target.basisValue));
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  if (basis === 'manual-percent' && total !== 100n * 10n ** BigInt(scale)) {
    const sum = targets.reduce((acc, target) => acc + target.basisValue, 0);
    throw new CostDistributionError('percent-total', `manual percentages must sum to exactly 100, they sum to ${sum}`);
  }
  if (total === 0n) {
    throw new CostDistributionError(
      'zero-basis',
      `cannot distribute ${poolCents} cents: the total ${basis} of the ${targets.length} targets is 0`,
    );
  }
  return { weights, total };
}

function largestRemainder(pool: bigint, weights: bigint[], total: bigint, targets: readonly DistributionTarget[]) {
  const cents = weights.map((weight) => (pool * weight) / total);
  const remainders = weights.map((weight) => (pool * weight) % total);
  const left = Number(pool - cents.reduce((sum, share) => sum + share, 0n));
  const order = targets.map((_, index) => index);
  order.sort((a, b) => {
    const byRemainder = remainders[b]! - remainders[a]!;
    if (byRemainder !== 0n) return byRemainder > 0n ? 1 : -1;
    return targets[a]!.id < targets[b]!.id ? -1 : 1; // ids are unique
  });
  // The remainders sum to left × total and each is < total, so `left` never exceeds the number of targets.
  order.slice(0, left).forEach((index) => (cents[index] = cents[index]! + 1n));
  return cents;
}

function lastTarget(pool: bigint, weights: bigint[], total: bigint) {
  const cents = weights.map((weight) => (2n * pool * weight + total) / (2n * total));
  const others = cents.slice(0, -1).reduce((sum, share) => sum + share, 0n);
  cents[cents.length - 1] = pool - others;
  return cents;
}
