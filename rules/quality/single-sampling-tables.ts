/**
 * ISO 2859-1 single sampling master tables II-A (normal), II-B (tightened) and II-C (reduced) as data. Each row is a
 * code letter; each of its 26 cells is the plan for one AQL column (AQLS order): `Ac/Re`, `v` (use the first plan
 * below the arrow) or `^` (use the first plan above). Following an arrow may change the sample size: the plan used
 * carries its own row's sample size.
 *
 * Sources: MIL-STD-105E (1989) Tables II-A/II-B, identical in content to ISO 2859-1 and ANSI/ASQ Z1.4 (scribd
 * "MIL-STD-105E Tablas", page 19 of 74), cross-read with the level-II/III extracts in NIBS "AC-TABLE" (Table 1-A single
 * normal, Table 1-B single tightened). Table II-C follows ISO 2859-1:1999, where reduced plans have Re = Ac + 1 (the
 * 1989 gap between Ac and Re was withdrawn) and each code letter uses the normal plan two letters smaller (A-C: 2);
 * its bottom row R takes 0/1 at AQL 0.010, where the arrows of the rows above lead, and points its other arrows up.
 * Two edge cells have no neighbour in the arrow's direction and are written as the usable arrow: normal A at AQL 10
 * (down) and normal R at AQL 0.010/0.015 (up); tightened A has no 0/1 plan (arrows down, as NIBS Table 1-B shows);
 * tightened S (3150) exists only to take the arrows below R.
 */
import { CODE_LETTERS, type CodeLetter } from './code-letters';

/** The AQL columns of the master tables (percent nonconforming up to 10, nonconformities per 100 units above). */
export const AQLS = [
  0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1, 1.5, 2.5, 4, 6.5, 10, 15, 25, 40, 65, 100, 150, 250,
  400, 650, 1000,
] as const;

/** Inspection severity, switched by the rules of ISO 2859-1 clause 9 (see switching.ts). */
export const SEVERITIES = ['normal', 'tightened', 'reduced'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Sample sizes by code letter, normal and tightened (Tables II-A and II-B). */
export const SAMPLE_SIZES: Readonly<Record<CodeLetter, number>> = {
  A: 2,
  B: 3,
  C: 5,
  D: 8,
  E: 13,
  F: 20,
  G: 32,
  H: 50,
  J: 80,
  K: 125,
  L: 200,
  M: 315,
  N: 500,
  P: 800,
  Q: 1250,
  R: 2000,
  S: 3150,
};

/** Sample sizes by code letter under reduced inspection (Table II-C). */
export const REDUCED_SAMPLE_SIZES: Readonly<Partial<Record<CodeLetter, number>>> = {
  A: 2,
  B: 2,
  C: 2,
  D: 3,
  E: 5,
  F: 8,
  G: 13,
  H: 20,
  J: 32,
  K: 50,
  L: 80,
  M: 125,
  N: 200,
  P: 315,
  Q: 500,
  R: 800,
};

/* prettier-ignore */
const TABLE_II_A: Readonly<Record<string, string>> = {
  A: 'v v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31',
  B: 'v v v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45',
  C: 'v v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^',
  D: 'v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^ ^',
  E: 'v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^ ^ ^',
  F: 'v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^',
  G: 'v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^',
  H: 'v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^',
  J: 'v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^',
  K: 'v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  L: 'v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  M: 'v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  N: 'v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  P: 'v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  Q: '0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  R: '^ ^ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
};

/* prettier-ignore */
const TABLE_II_B: Readonly<Record<string, string>> = {
  A: 'v v v v v v v v v v v v v v v v v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28',
  B: 'v v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42',
  C: 'v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^',
  D: 'v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^ ^',
  E: 'v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^ ^ ^',
  F: 'v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^',
  G: 'v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^',
  H: 'v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^',
  J: 'v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^',
  K: 'v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  L: 'v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  M: 'v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  N: 'v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  P: 'v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  Q: 'v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  R: '0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
  S: '1/2 1/2 1/2 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^',
};

/** Table II-C rows: the normal row of the letter whose normal sample size equals the reduced one. */
const REDUCED_ROW_OF: Readonly<Partial<Record<CodeLetter, CodeLetter>>> = {
  A: 'A',
  B: 'A',
  C: 'A',
  D: 'B',
  E: 'C',
  F: 'D',
  G: 'E',
  H: 'F',
  J: 'G',
  K: 'H',
  L: 'J',
  M: 'K',
  N: 'L',
  P: 'M',
  Q: 'N',
  R: 'P',
};

/** One cell of a master table. */
export type TableCell = { ac: number; re: number } | 'down' | 'up';

/** The row letters of each severity's table, top to bottom. */
export const TABLE_ROWS: Readonly<Record<Severity, readonly CodeLetter[]>> = {
  normal: CODE_LETTERS,
  tightened: [...CODE_LETTERS, 'S'],
  reduced: CODE_LETTERS,
};

function parseCell(token: string): TableCell {
  if (token === 'v') return 'down';
  if (token === '^') return 'up';
  const [ac, re] = token.split('/').map(Number);
  return { ac: ac!, re: re! };
}

function rowText(severity: Severity, letter: CodeLetter): string {
  if (severity === 'normal') return TABLE_II_A[letter]!;
  if (severity === 'tightened') return TABLE_II_B[letter]!;
  const row = TABLE_II_A[REDUCED_ROW_OF[letter]!]!;
  if (letter !== 'R') return row;
  // The bottom row has nothing below it: its first column holds the 0/1 plan the arrows above lead to, and its other
  // down arrows point up, as the bottom row of Table II-A does.
  return row
    .split(' ')
    .map((token, index) => {
      if (token !== 'v') return token;
      return index === 0 ? '0/1' : '^';
    })
    .join(' ');
}

/** The cell of `severity`'s master table at `letter` and the AQL column `aqlIndex` (an index into AQLS). */
export function tableCell(severity: Severity, letter: CodeLetter, aqlIndex: number): TableCell {
  const token = rowText(severity, letter).split(' ')[aqlIndex];
  if (token === undefined) throw new RangeError(`no ${severity} table cell for ${letter} at AQL column ${aqlIndex}`);
  return parseCell(token);
}

/** The sample size of `letter` under `severity`. */
export function sampleSizeOf(severity: Severity, letter: CodeLetter): number {
  const size = severity === 'reduced' ? REDUCED_SAMPLE_SIZES[letter] : SAMPLE_SIZES[letter];
  if (size === undefined) throw new RangeError(`code letter ${letter} has no ${severity} sample size`);
  return size;
}
