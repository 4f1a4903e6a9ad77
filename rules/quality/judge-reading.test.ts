import { judgeReading, type NumericCharacteristic } from './index';

const bore: NumericCharacteristic = {
  kind: 'numeric',
  code: 'BORE',
  nominal: 12,
  lower: 11.9,
  upper: 12.1,
  unit: 'mm',
};

describe('judgeReading', () => {
  test('numeric: within, below, above, limits inclusive, and not a number', () => {
    expect(judgeReading(bore, 12.05)).toEqual({ conforms: true, reason: '12.05 mm is within limits' });
    expect(judgeReading(bore, 12.1).conforms).toBe(true);
    expect(judgeReading(bore, 11.8)).toEqual({ conforms: false, reason: '11.8 mm is below the lower limit 11.9 mm' });
    expect(judgeReading(bore, 12.2)).toEqual({ conforms: false, reason: '12.2 mm is above the upper limit 12.1 mm' });
    expect(judgeReading(bore, '12').conforms).toBe(false);
    expect(judgeReading({ ...bore, lower: null }, -5).conforms).toBe(true);
  });

  test('pass-fail and attribute', () => {
    expect(judgeReading({ kind: 'pass-fail', code: 'VISUAL' }, false)).toEqual({ conforms: false, reason: 'failed' });
    expect(judgeReading({ kind: 'pass-fail', code: 'VISUAL' }, true).conforms).toBe(true);
    const colour = { kind: 'attribute' as const, code: 'COLOUR', allowedValues: ['red', 'blue'] };
    expect(judgeReading(colour, 'red').conforms).toBe(true);
    expect(judgeReading(colour, 'green')).toEqual({ conforms: false, reason: '"green" is not one of red, blue' });
  });
});
