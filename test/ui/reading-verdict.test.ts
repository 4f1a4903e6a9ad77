/**
 * The console's live verdict of an inspection reading (ui/src/app/features/quality/reading-verdict.ts) mirrors the
 * server's rule (rules/quality judgeReading), because the console cannot import rules/. This checks the mirror
 * against the rule itself on values around every limit, so a change to one without the other fails here. (Unit
 * tests beside the console's code are not run: Jest ignores ui/src.)
 */
import { judgeReading, type Characteristic } from '../../rules/quality';
import {
  limitsInWords,
  liveVerdict,
  lotVerdictPreview,
  type InspectionCharacteristic,
} from '../../ui/src/app/features/quality/reading-verdict';

const numeric = (lower: number | null, upper: number | null, unit: string | null = 'mm'): InspectionCharacteristic => ({
  code: 'LEN',
  name: 'Length',
  kind: 'numeric',
  nominal: 10,
  lower,
  upper,
  unit,
  allowedValues: null,
});

/** The same characteristic in the rule's shape. */
function asRule(c: InspectionCharacteristic): Characteristic {
  if (c.kind === 'numeric') return { ...c, kind: 'numeric', unit: c.unit ?? '' };
  if (c.kind === 'pass-fail') return { kind: 'pass-fail', code: c.code };
  return { kind: 'attribute', code: c.code, allowedValues: c.allowedValues ?? [] };
}

describe('live verdict of a reading', () => {
  test.each([
    [9.9, 10.1],
    [null, 0.5],
    [2, null],
    [-1, 1],
  ])('numeric within %p..%p: the same verdict and words as judgeReading at and around the limits', (lower, upper) => {
    const c = numeric(lower, upper);
    const probes = [lower, upper, 10, 0, -5, 100]
      .filter((v): v is number => v !== null)
      .flatMap((v) => [v - 0.001, v, v + 0.001]);
    for (const value of probes) {
      const rule = judgeReading(asRule(c), value);
      expect(liveVerdict(c, String(value))).toEqual({ conforms: rule.conforms, reason: rule.reason });
      // The browser's number input hands the form a number, not text.
      expect(liveVerdict(c, value).conforms).toBe(rule.conforms);
    }
  });

  test('numeric: nothing typed yet or not a number is undecided, never out of limits', () => {
    const c = numeric(9.9, 10.1);
    expect(liveVerdict(c, '').conforms).toBeNull();
    expect(liveVerdict(c, null).conforms).toBeNull();
    expect(liveVerdict(c, 'abc').conforms).toBeNull();
    expect(liveVerdict(c, '10.3')).toEqual({ conforms: false, reason: '10.3 mm is above the upper limit 10.1 mm' });
  });

  test('pass-fail and attribute agree with judgeReading; unanswered is undecided', () => {
    const passFail: InspectionCharacteristic = { ...numeric(null, null), code: 'VIS', kind: 'pass-fail' };
    for (const value of [true, false]) {
      expect(liveVerdict(passFail, value)).toEqual(judgeReading(asRule(passFail), value));
    }
    expect(liveVerdict(passFail, null).conforms).toBeNull();
    const colour: InspectionCharacteristic = {
      ...numeric(null, null),
      code: 'COL',
      kind: 'attribute',
      allowedValues: ['black', 'zinc'],
    };
    for (const value of ['black', 'zinc', 'red']) {
      expect(liveVerdict(colour, value)).toEqual(judgeReading(asRule(colour), value));
    }
    expect(liveVerdict(colour, '').conforms).toBeNull();
  });

  test('limits in words', () => {
    expect(limitsInWords(numeric(9.9, 10.1))).toBe('9.9 – 10.1 mm');
    expect(limitsInWords(numeric(null, 0.5))).toBe('at most 0.5 mm');
    expect(limitsInWords(numeric(2, null, null))).toBe('at least 2');
  });
});

describe('lot verdict preview', () => {
  const ok = { conforms: true, reason: '' };
  const bad = { conforms: false, reason: '' };
  const open = { conforms: null, reason: '' };

  test('counts nonconforming sample units, not readings, as the server does: two bad readings of one unit are one', () => {
    const readings = [
      { sampleUnit: 1, verdict: bad },
      { sampleUnit: 1, verdict: bad },
      { sampleUnit: 2, verdict: ok },
    ];
    expect(lotVerdictPreview(readings, 1, 2)).toMatchObject({ verdict: 'accepted', defects: 1 });
    expect(lotVerdictPreview(readings, 0, 1)).toMatchObject({ verdict: 'rejected', defects: 1 });
  });

  test('rejected as soon as Re is reached even with readings to go; otherwise undecided until all are in', () => {
    expect(
      lotVerdictPreview(
        [
          { sampleUnit: 1, verdict: bad },
          { sampleUnit: 2, verdict: open },
        ],
        0,
        1,
      ).verdict,
    ).toBe('rejected');
    expect(
      lotVerdictPreview(
        [
          { sampleUnit: 1, verdict: ok },
          { sampleUnit: 2, verdict: open },
        ],
        0,
        1,
      ).verdict,
    ).toBeNull();
  });

  test('without Re the lot rejects at Ac + 1 (no Ac: at the first nonconforming unit)', () => {
    const two = [
      { sampleUnit: 1, verdict: bad },
      { sampleUnit: 2, verdict: bad },
    ];
    expect(lotVerdictPreview(two, 2, null).verdict).toBe('accepted');
    expect(lotVerdictPreview(two, 1, null).verdict).toBe('rejected');
    expect(lotVerdictPreview([{ sampleUnit: 1, verdict: bad }], null, null).verdict).toBe('rejected');
  });
});
