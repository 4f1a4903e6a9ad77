import { addDays, bucketsOf } from './buckets';
import { netItem, type NetDemand } from './plan-item';
import type { Bucketing, PlanningItem, Supply } from './types';

const START = '2027-05-03';
const bucketing: Bucketing = { size: 'week', start: START, count: 12 };
const item: PlanningItem = {
  sku: 'RESIN',
  source: 'buy',
  leadTimeDays: 3,
  safetyStock: 0,
  lotSize: { kind: 'lot-for-lot' },
};

/** A lot of one unit on hand, expiring `weeks` weeks into the horizon (null: never). */
const lot = (ref: string, weeks: number | null): Supply => ({
  ref,
  kind: 'on-hand',
  sku: 'RESIN',
  date: START,
  quantity: 1,
  expiresOn: weeks === null ? null : addDays(START, weeks * 7),
});

const demand = (ref: string, quantity: number, date = START): NetDemand => ({
  ref,
  kind: 'sales-order',
  sku: 'RESIN',
  date,
  quantity,
});

/** The refs of the lots a netting took from, in the order of the supplies it reports. */
function taken(supplies: Supply[], demands: NetDemand[]): string[] {
  const netted = netItem(item, bucketing, bucketsOf(bucketing), demands, supplies, true);
  return netted.supplies.filter((supply) => supply.pegs.some((peg) => peg.kind === 'sales-order')).map((s) => s.ref);
}

describe('netItem takes supply first-expiring, then first-arrived, then by ref', () => {
  // Netting sorts a bucket's usable lots by insertion up to 16 and with the array's sort beyond: both orders hold.
  test.each([5, 16, 17, 40])('with %i lots usable in the bucket', (count) => {
    // Lot i expires in week 1 + (i * 7) % 11: shuffled, every lot still usable in week 0.
    const lots = Array.from({ length: count }, (_, i) => lot(`LOT-${String(i).padStart(2, '0')}`, 1 + ((i * 7) % 11)));
    const want = Math.ceil(count / 3);
    const expected = [...lots]
      .sort((a, b) => a.expiresOn!.localeCompare(b.expiresOn!) || a.ref.localeCompare(b.ref))
      .slice(0, want)
      .map((s) => s.ref)
      .sort();
    expect(taken(lots, [demand('SO-1', want)]).sort()).toEqual(expected);
  });

  test('lots expiring together are taken in the locale order of their refs, as localeCompare sorts them', () => {
    const lots = [lot('LOT-9', 2), lot('LOT-10', 2), lot('LOT-a', 2), lot('LOT-B', 2)];
    expect(taken(lots, [demand('SO-1', 1)])).toEqual(['LOT-10']);
    expect(taken(lots, [demand('SO-1', 3)]).sort()).toEqual(['LOT-10', 'LOT-9', 'LOT-a'].sort());
  });

  test("a bucket's demands take in date, kind and ref order whatever order they come in", () => {
    const lots = [lot('LOT-1', null), lot('LOT-2', null)];
    const demands = [
      demand('SO-3', 1, addDays(START, 2)),
      demand('SO-2', 1, addDays(START, 1)),
      demand('SO-1', 1, addDays(START, 1)),
    ];
    const netted = netItem(item, bucketing, bucketsOf(bucketing), demands, lots, true);
    const pegs = netted.supplies.flatMap((supply) => supply.pegs.filter((peg) => peg.kind === 'sales-order'));
    expect(pegs.map((peg) => peg.ref)).toEqual(['SO-1', 'SO-2']);
    expect(netted.plannedOrders.flatMap((order) => order.pegs.map((peg) => peg.ref))).toEqual(['SO-3']);
  });
});
