/**
 * ISO 2859-1 Table I (= ANSI/ASQ Z1.4 and MIL-STD-105E Table I): sample size code letters by lot size and inspection
 * level. Transcribed as published (see the AQL chart "ANSI/ASQC Z1.4/MIL-STD-105E/BS 6001/ISO 2859 Table I",
 * pdfcoffee.com/aql-sampling-chart-pdf-free.html); one row per lot-size range, columns S-1, S-2, S-3, S-4, I, II, III.
 */

/** Inspection levels: four special (small samples, destructive tests) and three general; II is the usual one. */
export const INSPECTION_LEVELS = ['S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'] as const;
export type InspectionLevel = (typeof INSPECTION_LEVELS)[number];

/** Code letters of the single sampling tables, smallest sample first (S exists only in Table II-B). */
export const CODE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R'] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number] | 'S';

/** A lot-size range (inclusive; `to` null = and over) and its letters in INSPECTION_LEVELS order. */
export interface LotSizeRange {
  from: number;
  to: number | null;
  letters: string;
}

/** Table I as published: letters S-1 S-2 S-3 S-4 I II III. */
export const TABLE_I: readonly LotSizeRange[] = [
  { from: 2, to: 8, letters: 'A A A A A A B' },
  { from: 9, to: 15, letters: 'A A A A A B C' },
  { from: 16, to: 25, letters: 'A A B B B C D' },
  { from: 26, to: 50, letters: 'A B B C C D E' },
  { from: 51, to: 90, letters: 'B B C C C E F' },
  { from: 91, to: 150, letters: 'B B C D D F G' },
  { from: 151, to: 280, letters: 'B C D E E G H' },
  { from: 281, to: 500, letters: 'B C D E F H J' },
  { from: 501, to: 1200, letters: 'C C E F G J K' },
  { from: 1201, to: 3200, letters: 'C D E G H K L' },
  { from: 3201, to: 10000, letters: 'C D F G J L M' },
  { from: 10001, to: 35000, letters: 'C D F H K M N' },
  { from: 35001, to: 150000, letters: 'D E G J L N P' },
  { from: 150001, to: 500000, letters: 'D E G J M P Q' },
  { from: 500001, to: null, letters: 'D E H K N Q R' },
];

/** The code letter for a lot of `lotSize` units (>= 2; a lot of 1 is inspected whole) at `level`. */
export function codeLetterFor(lotSize: number, level: InspectionLevel): CodeLetter {
  const size = Math.max(2, lotSize);
  const range = TABLE_I.find((r) => size >= r.from && (r.to === null || size <= r.to));
  if (!range) throw new RangeError(`lot size ${lotSize} is not covered by Table I`);
  return range.letters.split(' ')[INSPECTION_LEVELS.indexOf(level)] as CodeLetter;
}
