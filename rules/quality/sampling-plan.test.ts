/**
 * Single sampling plans checked against the published tables, written out here (not read from the data file):
 * - MIL-STD-105E (1989) Table II-A "Single sampling plans for normal inspection (Master table)", page 19 of 74, whose
 *   content ISO 2859-1 Table 2-A and ANSI/ASQ Z1.4 Table II-A repeat: each row's Ac/Re pairs left to right.
 * - NIBS "AC-TABLE" Table 1-A (single normal) and Table 1-B (single tightened), extracts of MIL-STD-105E Tables II-A
 *   and II-B for AQL 0.65 to 15 per code letter: the rejection number, or the arrow, in each column.
 */
import fc from 'fast-check';
import {
  AQLS,
  CODE_LETTERS,
  INSPECTION_LEVELS,
  REDUCED_SAMPLE_SIZES,
  SAMPLE_SIZES,
  samplingPlan,
  tableCell,
  type CodeLetter,
} from './index';

/** Table II-A, each row's plans left to right (Ac Re pairs), as printed. */
const PUBLISHED_II_A_ROWS: Record<string, string> = {
  A: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22 30 31',
  B: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22 30 31 44 45',
  C: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22 30 31 44 45',
  D: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22 30 31 44 45',
  E: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22 30 31 44 45',
  F: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  G: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  H: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  J: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  K: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  L: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  M: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  N: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  P: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  Q: '0 1 1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
  R: '1 2 2 3 3 4 5 6 7 8 10 11 14 15 21 22',
};

/** Published sample sizes A..R (normal and tightened) and S (tightened only). */
const PUBLISHED_SIZES = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000];

/** Columns of the NIBS extracts. */
const EXTRACT_AQLS = [0.65, 1, 1.5, 2.5, 4, 6.5, 10, 15];
/**
 * NIBS Table 1-A (normal): per code letter, a level-II lot size of that letter and the eight columns: Re, `v` or `^`.
 * Row A at AQL 10 prints an up arrow with no row above; it is left out (`-`) and tested apart.
 */
const NIBS_NORMAL: Array<[CodeLetter, number, string]> = [
  ['A', 5, 'v v v v v 1 - v'],
  ['B', 12, 'v v v v 1 ^ v 2'],
  ['C', 20, 'v v v 1 ^ v 2 3'],
  ['D', 40, 'v v 1 ^ v 2 3 4'],
  ['E', 70, 'v 1 ^ v 2 3 4 6'],
  ['F', 120, '1 ^ v 2 3 4 6 8'],
  ['G', 200, '^ v 2 3 4 6 8 11'],
  ['H', 400, 'v 2 3 4 6 8 11 15'],
  ['J', 1000, '2 3 4 6 8 11 15 22'],
  ['K', 2000, '3 4 6 8 11 15 22 ^'],
  ['L', 5000, '4 6 8 11 15 22 ^ ^'],
  ['M', 20000, '6 8 11 15 22 ^ ^ ^'],
  ['N', 100000, '8 11 15 22 ^ ^ ^ ^'],
  ['P', 300000, '11 15 22 ^ ^ ^ ^ ^'],
  ['Q', 600000, '15 22 ^ ^ ^ ^ ^ ^'],
];
/** NIBS Table 1-B (tightened), rows A-L as printed (Re per column; tightened Re = Ac + 1). */
const NIBS_TIGHTENED: Array<[CodeLetter, number, string]> = [
  ['A', 5, 'v v v v v v v v'],
  ['B', 12, 'v v v v v 1 v v'],
  ['C', 20, 'v v v v 1 v v 2'],
  ['D', 40, 'v v v 1 v v 2 3'],
  ['E', 70, 'v v 1 v v 2 3 4'],
  ['F', 120, 'v 1 v v 2 3 4 6'],
  ['G', 200, '1 v v 2 3 4 6 9'],
  ['H', 400, 'v v 2 3 4 6 9 13'],
  ['J', 1000, 'v 2 3 4 6 9 13 19'],
  ['K', 2000, '2 3 4 6 9 13 19 ^'],
  ['L', 5000, '3 4 6 9 13 19 ^ ^'],
];

const ROWS = [...CODE_LETTERS] as CodeLetter[];

/** Follows the arrows through the test's own copy of the extract to the published plan. */
function resolveInExtract(extract: Array<[CodeLetter, number, string]>, row: number, column: number) {
  const cells = extract.map(([, , cells]) => cells.split(' '));
  let r = row;
  for (;;) {
    const cell = cells[r]?.[column];
    if (cell === undefined) return undefined;
    if (cell === 'v') r += 1;
    else if (cell === '^') r -= 1;
    else if (cell === '-') return undefined;
    else return { letter: extract[r]![0], re: Number(cell) };
  }
}

describe('Table II-A (normal) as published', () => {
  test('every row holds the published Ac/Re pairs in order, and nothing but arrows besides', () => {
    for (const letter of ROWS) {
      const plans = AQLS.map((_, j) => tableCell('normal', letter, j)).filter((c) => typeof c === 'object');
      expect([letter, plans.flatMap((p) => [p.ac, p.re]).join(' ')]).toEqual([letter, PUBLISHED_II_A_ROWS[letter]]);
    }
  });

  test('sample sizes A to R', () => {
    expect(ROWS.map((l) => SAMPLE_SIZES[l])).toEqual(PUBLISHED_SIZES);
    expect(SAMPLE_SIZES.S).toBe(3150);
    expect(ROWS.map((l) => REDUCED_SAMPLE_SIZES[l])).toEqual([
      2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800,
    ]);
  });

  test.each(NIBS_NORMAL.map((row, index) => [row[0], index] as const))(
    'code letter %s at AQL 0.65 to 15: plans and arrows as printed',
    (letter, index) => {
      const [, lotSize] = NIBS_NORMAL[index]!;
      EXTRACT_AQLS.forEach((aql, column) => {
        const expected = resolveInExtract(NIBS_NORMAL, index, column);
        if (!expected) return;
        const plan = samplingPlan({ lotSize, level: 'II', aql, severity: 'normal' });
        expect(plan.codeLetter).toBe(letter);
        const size = Math.min(lotSize, PUBLISHED_SIZES[ROWS.indexOf(expected.letter)]!);
        expect([aql, plan.planLetter, plan.re, plan.ac, plan.sampleSize]).toEqual([
          aql,
          expected.letter,
          expected.re,
          expected.re - 1,
          size,
        ]);
        expect(plan.arrowsFollowed.length > 0).toBe(expected.letter !== letter);
      });
    },
  );
});

describe('arrows change the plan and its sample size', () => {
  test('up: code letter G (lot 200, level II) at AQL 0.65 uses F: 20 units, Ac 0 Re 1', () => {
    expect(samplingPlan({ lotSize: 200, level: 'II', aql: 0.65, severity: 'normal' })).toEqual({
      codeLetter: 'G',
      planLetter: 'F',
      sampleSize: 20,
      ac: 0,
      re: 1,
      arrowsFollowed: ['up'],
      wholeLot: false,
    });
  });

  test('down: code letter H (lot 400) at AQL 0.65 uses J: 80 units, Ac 1 Re 2', () => {
    expect(samplingPlan({ lotSize: 400, level: 'II', aql: 0.65, severity: 'normal' })).toMatchObject({
      codeLetter: 'H',
      planLetter: 'J',
      sampleSize: 80,
      ac: 1,
      re: 2,
      arrowsFollowed: ['down'],
    });
  });

  test('a long way down: letter A (lot 5) at AQL 0.010 uses Q with 1250 units, so the whole lot of 5', () => {
    const plan = samplingPlan({ lotSize: 5, level: 'II', aql: 0.01, severity: 'normal' });
    expect(plan).toMatchObject({ codeLetter: 'A', planLetter: 'Q', ac: 0, re: 1, sampleSize: 5, wholeLot: true });
    expect(plan.arrowsFollowed).toHaveLength(14);
  });

  test('letter A at AQL 10 (printed up arrow, no row above) goes down to C: 5 units, Ac 1 Re 2', () => {
    expect(samplingPlan({ lotSize: 1000, level: 'S-1', aql: 10, severity: 'normal' })).toMatchObject({
      codeLetter: 'C',
      ac: 1,
      re: 2,
      sampleSize: 5,
    });
    expect(samplingPlan({ lotSize: 8, level: 'II', aql: 10, severity: 'normal' })).toMatchObject({
      codeLetter: 'A',
      planLetter: 'C',
      sampleSize: 5,
      ac: 1,
      re: 2,
    });
  });

  test('R at AQL 0.015 goes up to P: 800 units, Ac 0 Re 1', () => {
    expect(samplingPlan({ lotSize: 600000, level: 'III', aql: 0.015, severity: 'normal' })).toMatchObject({
      codeLetter: 'R',
      planLetter: 'P',
      sampleSize: 800,
      ac: 0,
      re: 1,
    });
  });

  test('AQL 1.0 level II normal, the seeded default, on a lot of 1000: K, 125 units, Ac 3 Re 4', () => {
    expect(samplingPlan({ lotSize: 1000, level: 'II', aql: 1, severity: 'normal' })).toMatchObject({
      codeLetter: 'J',
      planLetter: 'J',
      sampleSize: 80,
      ac: 2,
      re: 3,
    });
    expect(samplingPlan({ lotSize: 2000, level: 'II', aql: 1, severity: 'normal' })).toMatchObject({
      codeLetter: 'K',
      sampleSize: 125,
      ac: 3,
      re: 4,
    });
  });
});

describe('Table II-B (tightened) as published', () => {
  test.each(NIBS_TIGHTENED.map((row, index) => [row[0], index] as const))(
    'code letter %s at AQL 0.65 to 15',
    (letter, index) => {
      const [, lotSize] = NIBS_TIGHTENED[index]!;
      EXTRACT_AQLS.forEach((aql, column) => {
        const expected = resolveInExtract(NIBS_TIGHTENED, index, column);
        const plan = samplingPlan({ lotSize, level: 'II', aql, severity: 'tightened' });
        expect(plan.codeLetter).toBe(letter);
        if (!expected) return; // the arrow leads below the printed extract
        expect([aql, plan.planLetter, plan.re, plan.ac]).toEqual([aql, expected.letter, expected.re, expected.re - 1]);
      });
    },
  );

  test('the largest tightened plans: A at 1000 is 27/28, B at 1000 is 41/42, K at 1.0 is 2/3 (normal 3/4)', () => {
    expect(tableCell('tightened', 'A', AQLS.length - 1)).toEqual({ ac: 27, re: 28 });
    expect(tableCell('tightened', 'B', AQLS.length - 1)).toEqual({ ac: 41, re: 42 });
    expect(samplingPlan({ lotSize: 2000, level: 'II', aql: 1, severity: 'tightened' })).toMatchObject({ ac: 2, re: 3 });
  });
});

describe('reduced and whole-lot plans', () => {
  test('reduced K (lot 2000) at AQL 1.0 inspects 50 units, Ac 1 Re 2 (ISO 2859-1:1999, Re = Ac + 1)', () => {
    expect(samplingPlan({ lotSize: 2000, level: 'II', aql: 1, severity: 'reduced' })).toMatchObject({
      codeLetter: 'K',
      sampleSize: 50,
      ac: 1,
      re: 2,
    });
  });

  test('a sample larger than the lot inspects the whole lot', () => {
    const plan = samplingPlan({ lotSize: 3, level: 'III', aql: 0.1, severity: 'normal' });
    expect(plan).toMatchObject({ sampleSize: 3, wholeLot: true });
  });

  test('an AQL the tables do not have is refused', () => {
    expect(() => samplingPlan({ lotSize: 100, level: 'II', aql: 2, severity: 'normal' })).toThrow(/aql 2/);
  });
});

describe('properties', () => {
  test('exhaustively: every level, AQL, severity and Table I range ends in a plan within the lot', () => {
    for (const l of INSPECTION_LEVELS) {
      for (const a of AQLS) {
        for (const s of ['normal', 'tightened', 'reduced'] as const) {
          for (const lotSize of [1, 2, 8, 9, 50, 51, 500, 501, 3200, 3201, 35000, 35001, 500000, 500001, 2_000_000]) {
            const plan = samplingPlan({ lotSize, level: l, aql: a, severity: s });
            expect(plan.re).toBe(plan.ac + 1);
            expect(plan.sampleSize).toBeLessThanOrEqual(lotSize);
          }
        }
      }
    }
  });

  const level = fc.constantFrom(...INSPECTION_LEVELS);
  const aql = fc.constantFrom(...AQLS);
  const severity = fc.constantFrom('normal' as const, 'tightened' as const, 'reduced' as const);

  test('every level, AQL, severity and lot size has a plan: 1 <= sample <= lot, Re = Ac + 1', () => {
    fc.assert(
      fc.property(level, aql, severity, fc.integer({ min: 1, max: 1_000_000 }), (l, a, s, lotSize) => {
        const plan = samplingPlan({ lotSize, level: l, aql: a, severity: s });
        expect(plan.sampleSize).toBeGreaterThanOrEqual(1);
        expect(plan.sampleSize).toBeLessThanOrEqual(lotSize);
        expect(plan.re).toBe(plan.ac + 1);
      }),
      { numRuns: 1000 },
    );
  });

  test('where both tables have a plan for the code letter, tightened accepts no more than normal', () => {
    fc.assert(
      fc.property(level, aql, fc.integer({ min: 2, max: 1_000_000 }), (l, a, lotSize) => {
        const normal = samplingPlan({ lotSize, level: l, aql: a, severity: 'normal' });
        const tightened = samplingPlan({ lotSize, level: l, aql: a, severity: 'tightened' });
        if (normal.arrowsFollowed.length > 0 || tightened.arrowsFollowed.length > 0) return;
        expect(tightened.ac).toBeLessThanOrEqual(normal.ac);
      }),
      { numRuns: 1000 },
    );
  });
});
