import { planReplenishment, type FaceStock } from './replenish';

const face = (over: Partial<FaceStock> = {}): FaceStock => ({
  locationCode: 'F1',
  zoneCode: 'A',
  itemSku: 'X',
  minQuantity: 4,
  maxQuantity: 12,
  onHand: 6,
  ...over,
});

describe('planReplenishment', () => {
  test('a wave taking a face below its minimum fills it to max - on hand, oldest reserve lot first', () => {
    // 6 on hand - 5 picked = 1 < 4: fill 12 - 6 = 6, from R1's lot L1 (4 free) then R2's L2 (2 of 9).
    const plan = planReplenishment(
      [face()],
      [{ locationCode: 'F1', itemSku: 'X', quantity: 5 }],
      [
        { locationCode: 'R1', itemSku: 'X', lotCode: 'L1', free: 4 },
        { locationCode: 'R2', itemSku: 'X', lotCode: 'L2', free: 9 },
        { locationCode: 'R3', itemSku: 'Y', lotCode: 'L9', free: 50 },
      ],
    );
    expect(plan).toEqual([expect.objectContaining({ projected: 1, wanted: 6, quantity: 6, wavePicks: 5 })]);
    expect(plan[0]?.moves.map((m) => [m.fromLocation, m.lotCode, m.quantity])).toEqual([
      ['R1', 'L1', 4],
      ['R2', 'L2', 2],
    ]);
  });

  test('a face the wave leaves at or above its minimum, or does not pick at, is left alone', () => {
    const reserve = [{ locationCode: 'R1', itemSku: 'X', lotCode: 'L1', free: 40 }];
    expect(planReplenishment([face()], [{ locationCode: 'F1', itemSku: 'X', quantity: 2 }], reserve)).toEqual([]);
    expect(planReplenishment([face()], [{ locationCode: 'F2', itemSku: 'X', quantity: 6 }], reserve)).toEqual([]);
  });

  test('two faces of one item share the reserve; too little reserve gives what there is; none, no task', () => {
    const faces = [face({ locationCode: 'F2', onHand: 2 }), face({ onHand: 2 })];
    const picks = [
      { locationCode: 'F1', itemSku: 'X', quantity: 2 },
      { locationCode: 'F2', itemSku: 'X', quantity: 2 },
    ];
    const plan = planReplenishment(faces, picks, [{ locationCode: 'R1', itemSku: 'X', lotCode: null, free: 13 }]);
    expect(plan.map((p) => [p.locationCode, p.quantity])).toEqual([
      ['F1', 10],
      ['F2', 3],
    ]);
    expect(planReplenishment(faces, picks, [])).toEqual([]);
  });
});
