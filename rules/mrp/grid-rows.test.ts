import fc from 'fast-check';
import { compactRows, fullRows, sparseRows } from './grid-rows';
import type { GridRow } from './types';

const figure = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -500, max: 500 }));
const grid = fc.integer({ min: 1, max: 12 }).chain((count) =>
  fc.tuple(
    fc.constant(count),
    fc.array(
      fc.record({
        gross: figure,
        scheduledReceipts: figure,
        expired: figure,
        projectedOnHand: figure,
        net: figure,
        plannedReceipts: figure,
        plannedReleases: figure,
      }),
      { minLength: count, maxLength: count },
    ),
  ),
);

describe('stored grid rows', () => {
  test('zero rows and zero figures are left out', () => {
    const rows: GridRow[] = [
      {
        bucket: 0,
        gross: 0,
        scheduledReceipts: 0,
        expired: 0,
        projectedOnHand: 0,
        net: 0,
        plannedReceipts: 0,
        plannedReleases: 0,
      },
      {
        bucket: 1,
        gross: 5,
        scheduledReceipts: 0,
        expired: 0,
        projectedOnHand: -2,
        net: 5,
        plannedReceipts: 0,
        plannedReleases: 0,
      },
    ];
    expect(sparseRows(rows)).toEqual([{ bucket: 1, gross: 5, projectedOnHand: -2, net: 5 }]);
    expect(compactRows(rows)).toEqual({ gross: [0, 5], projectedOnHand: [0, -2], net: [0, 5] });
    expect(compactRows([rows[0]!])).toEqual({});
  });

  test('a stored grid reads back as it was, and grids stored sparse or whole (older plans) read the same', () => {
    fc.assert(
      fc.property(grid, ([count, figures]) => {
        const rows: GridRow[] = figures.map((f, bucket) => ({ bucket, ...f }));
        expect(fullRows(compactRows(rows), count)).toEqual(rows);
        expect(fullRows(sparseRows(rows), count)).toEqual(rows);
        expect(fullRows(rows, count)).toEqual(rows);
      }),
    );
  });
});
