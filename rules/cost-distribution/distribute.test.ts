import { CostDistributionError, distribute } from './index';

const targets = (...values: number[]) => values.map((basisValue, index) => ({ id: `T${index + 1}`, basisValue }));
const cents = (shares: { cents: number }[]) => shares.map((share) => share.cents);

describe('largest remainder', () => {
  test('splits exactly when the shares are whole cents', () => {
    expect(cents(distribute(1000, targets(1, 3, 6), 'largest-remainder'))).toEqual([100, 300, 600]);
  });

  test('gives the left-over cents to the largest remainders, equal remainders by id', () => {
    expect(cents(distribute(100, targets(1, 1, 1), 'largest-remainder'))).toEqual([34, 33, 33]);
    expect(cents(distribute(200, targets(1, 1, 1), 'largest-remainder'))).toEqual([67, 67, 66]);
    // 1000 over 3 : 3 : 1 is 428.57 / 428.57 / 142.86: floors 428 / 428 / 142, two cents left, for T3 and T1.
    expect(cents(distribute(1000, targets(3, 3, 1), 'largest-remainder'))).toEqual([429, 428, 143]);
  });

  test('the tie-break follows the ids, not the input order', () => {
    const shares = distribute(
      100,
      [
        { id: 'b', basisValue: 1 },
        { id: 'a', basisValue: 1 },
        { id: 'c', basisValue: 1 },
      ],
      'largest-remainder',
    );
    expect(shares).toEqual([
      { id: 'b', cents: 33 },
      { id: 'a', cents: 34 },
      { id: 'c', cents: 33 },
    ]);
  });

  test('basis values are exact decimals: 0.1 + 0.2 hours split like 1 : 2', () => {
    expect(cents(distribute(300, targets(0.1, 0.2), 'largest-remainder', 'labour-hours'))).toEqual([100, 200]);
    expect(cents(distribute(1, targets(7.25, 7.25), 'largest-remainder', 'labour-hours'))).toEqual([1, 0]);
  });

  test('a target with basis 0 gets nothing', () => {
    expect(cents(distribute(101, targets(0, 1, 1), 'largest-remainder'))).toEqual([0, 51, 50]);
  });

  test('a negative pool (a credit) splits like its absolute value, negated', () => {
    expect(cents(distribute(-100, targets(1, 1, 1), 'largest-remainder'))).toEqual([-34, -33, -33]);
    expect(cents(distribute(0, targets(1, 2), 'largest-remainder'))).toEqual([0, 0]);
    expect(Object.is(distribute(0, targets(1), 'largest-remainder')[0]!.cents, -0)).toBe(false);
  });
});

describe('last target', () => {
  test('rounds every share half up and puts the difference on the last target (input order)', () => {
    expect(cents(distribute(100, targets(1, 1, 1), 'last-target'))).toEqual([33, 33, 34]);
    expect(cents(distribute(5, targets(1, 1, 1, 1), 'last-target'))).toEqual([1, 1, 1, 2]);
    expect(cents(distribute(-100, targets(1, 1, 1), 'last-target'))).toEqual([-33, -33, -34]);
  });
});

describe('manual percent', () => {
  test('percentages that sum to exactly 100 split the pool', () => {
    expect(cents(distribute(1000, targets(33.33, 33.33, 33.34), 'largest-remainder', 'manual-percent'))).toEqual([
      333, 333, 334,
    ]);
  });

  test('percentages that do not sum to 100 are refused', () => {
    expect(() => distribute(1000, targets(50, 49.99), 'largest-remainder', 'manual-percent')).toThrow(
      expect.objectContaining({ code: 'percent-total' }),
    );
  });
});

describe('refusals', () => {
  test.each([
    [
      'zero-basis',
      () => distribute(100, targets(0, 0), 'largest-remainder', 'weight'),
      /total weight of the 2 targets is 0/,
    ],
    ['no-targets', () => distribute(100, [], 'largest-remainder'), /no targets/],
    ['invalid-pool', () => distribute(10.5, targets(1), 'largest-remainder'), /whole number of cents/],
    ['invalid-basis', () => distribute(100, targets(1, -1), 'largest-remainder'), /T2/],
    ['invalid-basis', () => distribute(100, targets(1, Number.NaN), 'largest-remainder'), /finite/],
    ['duplicate-target', () => distribute(100, [...targets(1), ...targets(2)], 'largest-remainder'), /T1/],
  ])('%s', (code, run, message) => {
    expect(run).toThrow(CostDistributionError);
    expect(run).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });
});
