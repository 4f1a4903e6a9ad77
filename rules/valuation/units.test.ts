import { fromCents, fromMilli, receiptValueCents, toCents, toMilli } from './index';

describe('unit conversions', () => {
  test('quantities round to whole milli-units and back', () => {
    expect(toMilli(2.5)).toBe(2500);
    expect(toMilli(0.0004)).toBe(0);
    expect(toMilli(0.0006)).toBe(1);
    expect(fromMilli(1500)).toBe(1.5);
  });

  test('amounts round to whole cents and back', () => {
    expect(toCents(12.34)).toBe(1234);
    expect(toCents(0.005)).toBe(1);
    expect(fromCents(1234)).toBe(12.34);
  });

  test('a receipt is valued once, in whole cents', () => {
    expect(receiptValueCents(2500, 4)).toBe(1000); // 2.5 units at 4.00 = 10.00
    expect(receiptValueCents(333, 1)).toBe(33); // 0.333 units at 1.00 = 0.333 -> 0.33
    expect(receiptValueCents(1, 0.01)).toBe(0); // a milli-unit of a cent-priced item is worth nothing yet
    expect(receiptValueCents(5, 1)).toBe(1); // 0.5 cent rounds up
  });
});
