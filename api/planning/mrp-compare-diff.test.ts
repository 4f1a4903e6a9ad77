import { bucketsOf, type GridRow } from '../../rules/mrp';
import { commonBucketStarts, itemDifferences, orderDifferences, type PlanSide } from './mrp-compare-diff';

const row = (bucket: number, gross: number, plannedReceipts = gross, projectedOnHand = 0): GridRow => ({
  bucket,
  gross,
  scheduledReceipts: 0,
  expired: 0,
  projectedOnHand,
  net: gross,
  plannedReceipts,
  plannedReleases: 0,
});

const side = (start: string, rows: GridRow[], orders: PlanSide['orders'] = []): PlanSide => ({
  buckets: bucketsOf({ size: 'week', start, count: 4 }),
  items: new Map([['A', { name: 'Item A', rows }]]),
  orders,
});

describe('comparing two MRP plans', () => {
  test('runs of different dates are aligned by bucket start, not position', () => {
    // The what-if starts a week later: its bucket 0 is the live plan's bucket 1.
    const live = side('2027-01-04', [row(0, 5), row(1, 3), row(2, 0), row(3, 2)]);
    const whatIf = side('2027-01-11', [row(0, 3), row(1, 4), row(2, 2), row(3, 9)]);
    const starts = commonBucketStarts(whatIf, live);
    expect(starts).toEqual(['2027-01-11', '2027-01-18', '2027-01-25']);
    const [item] = itemDifferences(whatIf, live, starts);
    expect(item?.buckets.map((b) => [b.start, b.difference.gross])).toEqual([['2027-01-18', 4]]);
    expect(item?.totals).toEqual({ gross: 4, plannedReceipts: 4, plannedReleases: 0 });
  });

  test('identical plans show no item; a balance that differs alone is shown', () => {
    const live = side('2027-01-04', [row(0, 5)]);
    expect(itemDifferences(live, live, ['2027-01-04'])).toEqual([]);
    const higher = side('2027-01-04', [row(0, 5, 5, 2)]);
    const [item] = itemDifferences(higher, live, ['2027-01-04']);
    expect(item?.buckets[0]?.difference).toEqual({
      gross: 0,
      plannedReceipts: 0,
      plannedReleases: 0,
      projectedOnHand: 2,
    });
  });

  test('planned orders are matched by item, type and receipt date, whatever their refs', () => {
    const order = (plannedRef: string, quantity: number, receiptDate: string, releaseDate: string) => ({
      plannedRef,
      sku: 'A',
      type: 'purchase' as const,
      quantity,
      receiptDate,
      releaseDate,
    });
    const live = side(
      '2027-01-04',
      [],
      [order('A/1/1', 5, '2027-01-11', '2027-01-10'), order('A/2/1', 3, '2027-01-18', '2027-01-17')],
    );
    const whatIf = side(
      '2027-01-11',
      [],
      [order('A/0/1', 5, '2027-01-11', '2027-01-04'), order('A/2/1', 7, '2027-01-25', '2027-01-24')],
    );
    const diff = orderDifferences(whatIf, live);
    expect(diff.changed.map((o) => [o.receiptDate, o.live?.releaseDate, o.whatIf?.releaseDate])).toEqual([
      ['2027-01-11', '2027-01-10', '2027-01-04'],
    ]);
    expect(diff.removed.map((o) => [o.receiptDate, o.live?.quantity])).toEqual([['2027-01-18', 3]]);
    expect(diff.added.map((o) => [o.receiptDate, o.whatIf?.quantity])).toEqual([['2027-01-25', 7]]);
  });
});
