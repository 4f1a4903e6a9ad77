import type { GridRow } from './types';

/** A grid row as plans stored it before grids were stored by figure: its bucket and its figures that are not zero. */
export type StoredGridRow = Pick<GridRow, 'bucket'> & Partial<Omit<GridRow, 'bucket'>>;

type Figure = Exclude<keyof GridRow, 'bucket'>;

/**
 * An item's grid as a plan stores it now: per figure its values by bucket, trailing zeros cut, a figure that is zero
 * in every bucket left out (`{}` for an item with nothing planned).
 */
export type CompactGrid = Partial<Record<Figure, number[]>>;

/** What a plan's `rows` column holds: a compact grid, or (plans stored before) rows. */
export type StoredGrid = CompactGrid | ReadonlyArray<StoredGridRow>;

const FIGURES = [
  'gross',
  'scheduledReceipts',
  'expired',
  'projectedOnHand',
  'net',
  'plannedReceipts',
  'plannedReleases',
] as const satisfies ReadonlyArray<Figure>;

/**
 * An item's grid as a plan stores it: by figure, the values of its buckets without keys, trailing zeros and figures
 * that are zero throughout left out. Rows with each figure named took a third of what a large run stores and most of
 * what net change writes (bench/mrp.bench.ts, bench/mrp-net-change.bench.ts); by figure they take about a third of that.
 */
export function compactRows(rows: ReadonlyArray<GridRow>): CompactGrid {
  const grid: CompactGrid = {};
  for (const figure of FIGURES) {
    let last = -1;
    for (let b = 0; b < rows.length; b += 1) if (rows[b]![figure] !== 0) last = b;
    if (last < 0) continue;
    const values = new Array<number>(last + 1);
    for (let b = 0; b <= last; b += 1) values[b] = rows[b]![figure];
    grid[figure] = values;
  }
  return grid;
}

/**
 * An item's grid as plans stored it before grids were stored by figure: rows whose figures are all zero left out, and
 * zero figures left out of the others. Kept to read (and test against) those plans.
 */
export function sparseRows(rows: ReadonlyArray<GridRow>): StoredGridRow[] {
  const stored: StoredGridRow[] = [];
  for (const row of rows) {
    const kept: StoredGridRow = { bucket: row.bucket };
    let any = false;
    for (const figure of FIGURES) {
      if (row[figure] !== 0) {
        kept[figure] = row[figure];
        any = true;
      }
    }
    if (any) stored.push(kept);
  }
  return stored;
}

/**
 * The whole grid of `count` buckets from a stored one: missing buckets and figures are zero. Reads the grids plans
 * stored before (rows, sparse or whole) the same way.
 */
export function fullRows(stored: StoredGrid, count: number): GridRow[] {
  const rows = Array.from({ length: count }, (_, bucket): GridRow => ({
    bucket,
    gross: 0,
    scheduledReceipts: 0,
    expired: 0,
    projectedOnHand: 0,
    net: 0,
    plannedReceipts: 0,
    plannedReleases: 0,
  }));
  if (isRows(stored)) {
    for (const row of stored) {
      const full = rows[row.bucket];
      if (full) for (const figure of FIGURES) full[figure] = row[figure] ?? 0;
    }
    return rows;
  }
  for (const figure of FIGURES) {
    const values = stored[figure];
    if (!values) continue;
    for (let b = 0; b < values.length && b < count; b += 1) rows[b]![figure] = values[b]!;
  }
  return rows;
}

function isRows(stored: StoredGrid): stored is ReadonlyArray<StoredGridRow> {
  return Array.isArray(stored);
}
