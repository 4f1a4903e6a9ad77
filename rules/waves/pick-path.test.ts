import { buildPickPaths, NO_ZONE, pathVisits, type WaveBin, type WaveOrderPick } from './pick-path';

const bins = new Map<string, WaveBin>(
  [
    { locationCode: 'A-01', zoneCode: 'A', pickSequence: 30 },
    { locationCode: 'A-02', zoneCode: 'A', pickSequence: 10 },
    { locationCode: 'A-03', zoneCode: 'A', pickSequence: 20 },
    { locationCode: 'B-01', zoneCode: 'B', pickSequence: 5 },
    { locationCode: 'B-02', zoneCode: 'B', pickSequence: 5 },
  ].map((bin) => [bin.locationCode, bin]),
);

function pick(orderNumber: string, lineNo: number, itemSku: string, locationCode: string, quantity: number) {
  return { orderNumber, lineNo, itemSku, locationCode, lotCode: `L-${itemSku}`, quantity };
}

describe('buildPickPaths', () => {
  // Hand-computed: zone A walks A-02 (10), A-03 (20), A-01 (30); zone B has a tie on 5, broken by code.
  const picks: WaveOrderPick[] = [
    pick('SO-1', 1, 'X', 'A-01', 2),
    pick('SO-1', 2, 'Y', 'A-02', 1),
    pick('SO-2', 1, 'X', 'A-01', 3),
    pick('SO-2', 2, 'Z', 'B-02', 2),
    pick('SO-3', 1, 'Y', 'A-02', 2),
    pick('SO-3', 2, 'Z', 'B-01', 1),
    pick('SO-3', 3, 'W', 'A-03', 4),
  ];

  test('one path per zone, each bin once in walking order, with every order share', () => {
    const paths = buildPickPaths(picks, bins);
    expect(paths.map((p) => p.zoneCode)).toEqual(['A', 'B']);
    expect(paths[0]!.stops.map((s) => [s.stop, s.locationCode])).toEqual([
      [1, 'A-02'],
      [2, 'A-03'],
      [3, 'A-01'],
    ]);
    expect(paths[0]!.stops[0]!.items).toEqual([
      {
        itemSku: 'Y',
        lotCode: 'L-Y',
        quantity: 3,
        orders: [
          { orderNumber: 'SO-1', lineNo: 2, quantity: 1 },
          { orderNumber: 'SO-3', lineNo: 1, quantity: 2 },
        ],
      },
    ]);
    expect(paths[0]!.stops[2]!.items[0]).toMatchObject({ itemSku: 'X', quantity: 5 });
    expect(paths[1]!.stops.map((s) => s.locationCode)).toEqual(['B-01', 'B-02']);
  });

  test('the path does not depend on the order the picks come in', () => {
    expect(buildPickPaths([...picks].reverse(), bins)).toEqual(buildPickPaths(picks, bins));
  });

  test('two picks of one line at one bin and lot add up; zero quantities are left out; unknown bins get no zone', () => {
    const paths = buildPickPaths(
      [pick('SO-1', 1, 'X', 'A-01', 0.1), pick('SO-1', 1, 'X', 'A-01', 0.2), pick('SO-2', 1, 'X', 'Q-9', 0)],
      bins,
    );
    expect(paths).toHaveLength(1);
    expect(paths[0]!.stops[0]!.items[0]!.orders).toEqual([{ orderNumber: 'SO-1', lineNo: 1, quantity: 0.3 }]);
    const stray = buildPickPaths([pick('SO-2', 1, 'X', 'Q-9', 1)], bins);
    expect(stray[0]).toMatchObject({ zoneCode: NO_ZONE, stops: [{ stop: 1, locationCode: 'Q-9', pickSequence: 0 }] });
  });

  test('visits: the wave walks 5 bins where the orders one by one walk 7', () => {
    expect(pathVisits(picks)).toEqual({ wave: 5, separate: 7 });
  });
});
