/**
 * Every code letter of ISO 2859-1 Table I, checked against the published table written out here column by column
 * (source: "ANSI/ASQC Z1.4 / MIL-STD-105E / BS 6001 / DIN 40080 / ISO 2859 Table I - Sample Size Code Letters",
 * pdfcoffee.com/aql-sampling-chart-pdf-free.html; identical to ISO 2859-1:1999 Table 1), not against the data file.
 */
import fc from 'fast-check';
import { codeLetterFor, INSPECTION_LEVELS, SAMPLE_SIZES, type InspectionLevel } from './index';

/** Lot-size ranges of the published table, top to bottom. */
/* prettier-ignore */
const RANGES: Array<[number, number]> = [
  [2, 8], [9, 15], [16, 25], [26, 50], [51, 90], [91, 150], [151, 280], [281, 500], [501, 1200], [1201, 3200],
  [3201, 10000], [10001, 35000], [35001, 150000], [150001, 500000], [500001, 10_000_000],
];

/** Each level's column of the published table, read top to bottom (one letter per range above). */
const PUBLISHED_COLUMNS: Record<InspectionLevel, string> = {
  'S-1': 'AAAABBBBCCCCDDD',
  'S-2': 'AAABBBCCCDDDEEE',
  'S-3': 'AABBCCDDEEFFGGH',
  'S-4': 'AABCCDEEFGGHJJK',
  I: 'AABCCDEFGHJKLMN',
  II: 'ABCDEFGHJKLMNPQ',
  III: 'BCDEFGHJKLMNPQR',
};

describe('Table I: sample size code letters', () => {
  test.each(INSPECTION_LEVELS)('level %s: every lot-size range, at both ends and in the middle', (level) => {
    RANGES.forEach(([from, to], index) => {
      const expected = PUBLISHED_COLUMNS[level][index];
      for (const size of [from, Math.floor((from + to) / 2), to]) {
        expect([size, codeLetterFor(size, level)]).toEqual([size, expected]);
      }
    });
  });

  test('a lot of one unit uses the first row', () => {
    expect(codeLetterFor(1, 'II')).toBe('A');
  });

  test('within a level the normal sample size never falls as the lot grows', () => {
    const level = fc.constantFrom(...INSPECTION_LEVELS);
    fc.assert(
      fc.property(level, fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 0, max: 100_000 }), (l, a, d) => {
        expect(SAMPLE_SIZES[codeLetterFor(a + d, l)]).toBeGreaterThanOrEqual(SAMPLE_SIZES[codeLetterFor(a, l)]);
      }),
      { numRuns: 500 },
    );
  });
});
