/**
 * Basis values as exact decimals. A basis such as 7.25 labour hours is meant as the decimal the user typed, not as
 * the nearest binary float, so values are read from their shortest round-trip text and scaled to one common
 * power of ten: the split is then exact integer arithmetic, and remainders tie exactly when they should.
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** `value` = digits × 10^exponent. */
interface Decimal {
  digits: bigint;
  exponent: number;
}

function toDecimal(value: number): Decimal {
  const match = DECIMAL.exec(String(value));
  if (!match) throw new RangeError(`not a non-negative finite number: ${value}`);
  const fraction = match[2] ?? '';
  return { digits: BigInt(`${match[1]}${fraction}`), exponent: Number(match[3] ?? 0) - fraction.length };
}

/**
 * Scales non-negative finite numbers to integers with one common factor, exactly: [0.5, 2, 1.25] -> [50n, 200n,
 * 125n] with scale 2 (the values times 10^2).
 */
export function toScaledIntegers(values: readonly number[]): { integers: bigint[]; scale: number } {
  const decimals = values.map(toDecimal);
  const scale = Math.max(0, ...decimals.map((decimal) => -decimal.exponent));
  const integers = decimals.map(({ digits, exponent }) => digits * 10n ** BigInt(exponent + scale));
  return { integers, scale };
}
