import type { GridRow } from './types';

/** A grid row as stored: its bucket and only the figures that are not zero. */
export type StoredGridRow = Pick<GridRow, 'bucket'> & Partial<Omit<GridRow, 'bucket'>>;

const FIGURES = [
  'gross',
  'scheduledReceipts',
  'expired',
  'projectedOnHand',
  'net',
  'plannedReceipts',
  'plannedReleases',
] as const satisfies ReadonlyArray<Exclude<keyof GridRow, 'bucket'>>;

/**
 * An item's grid as a plan stores it: rows whose figures are all zero left out, and zero figures left out of the
 * others. Most cells of a 52-bucket grid are zero, and writing them all made the grids a third of what a large run
 * stores (bench/mrp.bench.ts).
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
 * The whole grid of `count` buckets from stored rows: missing rows and figures are zero. Reads grids stored whole
 * (before they were stored sparse) the same way.
 */
export function fullRows(stored: ReadonlyArray<StoredGridRow>, count: number): GridRow[] {
  const byBucket = new Map(stored.map((row) => [row.bucket, row]));
  return Array.from({ length: count }, (_, bucket) => {
    const row = byBucket.get(bucket);
    const full: GridRow = {
      bucket,
      gross: 0,
      scheduledReceipts: 0,
      expired: 0,
      projectedOnHand: 0,
      net: 0,
      plannedReceipts: 0,
      plannedReleases: 0,
    };
    if (row) for (const figure of FIGURES) full[figure] = row[figure] ?? 0;
    return full;
  });
}
