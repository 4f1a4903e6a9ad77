import fc from 'fast-check';
import { numericText, roundedNumericText } from './net-change-store';

// numericText answers whole numbers and short fractions without rounding; whatever the number, it must say what the
// long way (digits rounded in BigInt) says, or net change would see an unchanged suggestion as changed, or the reverse.
describe('numericText', () => {
  test('equals the long way for any number and scale', () => {
    const quantities = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
      fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 10_000),
      fc.maxSafeInteger(),
    );
    fc.assert(
      fc.property(quantities, fc.integer({ min: 0, max: 6 }), (value, scale) => {
        expect(numericText(value, scale)).toBe(roundedNumericText(value, scale));
      }),
      { numRuns: 20_000 },
    );
  });

  test('as numeric(18,3) writes it', () => {
    expect(numericText(40, 3)).toBe('40.000');
    expect(numericText(-1.5, 3)).toBe('-1.500');
    expect(numericText(1.0005, 3)).toBe('1.001');
    expect(numericText(-0.0004, 3)).toBe('0.000');
    expect(numericText(0.1 + 0.2, 3)).toBe('0.300');
    expect(numericText(Number.POSITIVE_INFINITY, 3)).toBeNull();
  });
});
