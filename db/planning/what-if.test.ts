import type { MrpSnapshot, SnapshotItem } from './mrp-snapshot';
import { applyWhatIf } from './what-if';

const item = (sku: string, source: SnapshotItem['source'], supplierCode: string | null, leadTimeDays: number) => ({
  sku,
  category: 'test',
  abcClass: null,
  source,
  leadTimeDays,
  safetyStock: 0,
  supplierCode,
  supplierMinimum: null,
  supplierMultiple: null,
});

const snapshot: MrpSnapshot = {
  asOf: '2026-12-01',
  items: [item('A', 'buy', 'S1', 3), item('B', 'buy', 'S1', 4), item('C', 'buy', 'S2', 5), item('M', 'make', 'S1', 2)],
  boms: [],
  demands: [{ ref: 'SO-1/1', kind: 'sales-order', sku: 'A', date: '2026-12-03', quantity: 2 }],
  supplies: [],
};

describe('applying a what-if to an MRP snapshot', () => {
  test("a supplier's lead time changes its bought items; an item-specific change wins whatever the order", () => {
    const changed = applyWhatIf(snapshot, {
      extraDemand: [],
      leadTimes: [
        { supplierCode: 'S1', itemSku: 'B', leadTimeDays: 9 },
        { supplierCode: 'S1', leadTimeDays: 7 },
      ],
    });
    expect(changed.items.map((i) => [i.sku, i.leadTimeDays])).toEqual([
      ['A', 7],
      ['B', 9],
      ['C', 5],
      ['M', 2], // made: its own lead time, not the supplier's
    ]);
    expect(snapshot.items[0]!.leadTimeDays).toBe(3); // the snapshot passed in is left as it was
  });

  test('extra demand is added beside the real demand, pegged by its position', () => {
    const changed = applyWhatIf(snapshot, {
      extraDemand: [
        { itemSku: 'M', date: '2026-12-10', quantity: 5, note: 'tender' },
        { itemSku: 'A', date: '2026-12-11', quantity: 1 },
      ],
      leadTimes: [],
    });
    expect(changed.demands).toEqual([
      ...snapshot.demands,
      { ref: 'what-if #1', kind: 'what-if', sku: 'M', date: '2026-12-10', quantity: 5 },
      { ref: 'what-if #2', kind: 'what-if', sku: 'A', date: '2026-12-11', quantity: 1 },
    ]);
    expect(applyWhatIf(snapshot, null)).toBe(snapshot);
  });
});
