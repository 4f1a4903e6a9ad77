import { findPickProblem, walkingOrder } from './pick-validation';
import type { ReservedLine } from './order-fulfillment.contract';

const lines: ReservedLine[] = [
  {
    lineNo: 1,
    itemSku: 'FOOD-001',
    itemName: 'Olive oil',
    uom: 'case',
    quantity: 5,
    picks: [
      { reservationId: 1, locationCode: 'MAIN-A01', lotCode: 'L1', expiryDate: '2027-01-01', quantity: 3 },
      { reservationId: 2, locationCode: 'MAIN-A02', lotCode: 'L2', expiryDate: '2027-02-01', quantity: 2 },
    ],
  },
  {
    lineNo: 2,
    itemSku: 'HW-001',
    itemName: 'Bolt',
    uom: 'pcs',
    quantity: 4,
    picks: [{ reservationId: 3, locationCode: 'EAST-B01', lotCode: null, expiryDate: null, quantity: 4 }],
  },
];

describe('findPickProblem', () => {
  test('accepts exactly what was reserved, and less (a short pick)', () => {
    expect(
      findPickProblem(lines, { picks: [{ lineNo: 1, locationCode: 'MAIN-A01', lotCode: 'L1', quantity: 3 }] }),
    ).toBeUndefined();
    expect(
      findPickProblem(lines, {
        picks: [
          { lineNo: 1, locationCode: 'MAIN-A01', lotCode: 'L1', quantity: 1 },
          { lineNo: 1, locationCode: 'MAIN-A02', lotCode: 'L2', quantity: 2 },
          { lineNo: 2, locationCode: 'EAST-B01', lotCode: null, quantity: 4 },
        ],
      }),
    ).toBeUndefined();
  });

  test.each([
    [{}, 'payload.picks must be an array (empty when nothing was found)'],
    [{ picks: 'all' }, 'payload.picks must be an array (empty when nothing was found)'],
    [{ picks: [{ lineNo: 1 }] }, 'payload.picks[0] needs lineNo, locationCode, lotCode and quantity'],
    [
      { picks: [{ lineNo: 1, locationCode: 'MAIN-A01', lotCode: 'L1', quantity: 0 }] },
      'payload.picks[0].quantity must be positive',
    ],
    [{ picks: [{ lineNo: 1, locationCode: 'MAIN-A01', lotCode: 'L9', quantity: 1 }] }, /was not allocated/],
    [{ picks: [{ lineNo: 2, locationCode: 'MAIN-A01', lotCode: 'L1', quantity: 1 }] }, /was not allocated/],
    [{ picks: [{ lineNo: 1, locationCode: 'MAIN-A01', lotCode: 'L1', quantity: 3.5 }] }, /exceeds the 3 allocated/],
  ])('rejects %j', (payload, expected) => {
    const problem = findPickProblem(lines, payload as Record<string, unknown>);
    if (typeof expected === 'string') expect(problem).toBe(expected);
    else expect(problem).toMatch(expected);
  });

  test('two picks of the same lot cannot together exceed its reservation', () => {
    const pick = { lineNo: 1, locationCode: 'MAIN-A01', lotCode: 'L1', quantity: 2 };
    expect(findPickProblem(lines, { picks: [pick, pick] })).toMatch(
      /payload\.picks\[1\]\.quantity 2 exceeds the 1 allocated/,
    );
  });

  test('an empty list is a full short pick', () => {
    expect(findPickProblem(lines, { picks: [] })).toBeUndefined();
  });

  test('a lot that has expired since it was allocated cannot be picked', () => {
    const pick = { lineNo: 1, locationCode: 'MAIN-A01', lotCode: 'L1', quantity: 1 };
    expect(findPickProblem(lines, { picks: [pick] }, '2027-01-01')).toBeUndefined();
    expect(findPickProblem(lines, { picks: [pick] }, '2027-01-02')).toBe(
      'payload.picks[0] takes lot L1, which expired on 2027-01-01',
    );
  });
});

describe('walkingOrder', () => {
  test('lists every reserved bin once, sorted by bin code, numbered from 1', () => {
    const walk = walkingOrder(lines);
    expect(walk.map((stop) => [stop.stop, stop.locationCode, stop.lineNo, stop.quantity])).toEqual([
      [1, 'EAST-B01', 2, 4],
      [2, 'MAIN-A01', 1, 3],
      [3, 'MAIN-A02', 1, 2],
    ]);
  });
});
