import type { WaveOrder, WaveZonePath } from './pick-wave.contract';
import { findSortProblem, findZonePickProblem, proposedPuts } from './wave-validation';

const path: WaveZonePath = {
  zoneCode: 'A',
  stops: [
    {
      stop: 1,
      locationCode: 'A-02',
      pickSequence: 10,
      items: [{ itemSku: 'Y', lotCode: 'LY', quantity: 3, orders: [] }],
    },
  ],
};

function order(orderNumber: string, status: WaveOrder['status'], quantity: number): WaveOrder {
  const pick = { reservationId: 1, locationCode: 'A-02', lotCode: 'LY', expiryDate: null, quantity };
  const line = { lineNo: 1, itemSku: 'Y', itemName: 'Y', uom: 'pcs', quantity, picks: [pick] };
  return { orderNumber, status, round: 1, lines: [line], reason: null };
}

describe('zone pick confirmation', () => {
  test('accepts what the path takes or less, and nothing found', () => {
    const item = { locationCode: 'A-02', itemSku: 'Y', lotCode: 'LY' };
    expect(findZonePickProblem(path, { picked: [{ ...item, quantity: 3 }] })).toBeUndefined();
    expect(findZonePickProblem(path, { picked: [{ ...item, quantity: 0 }] })).toBeUndefined();
    expect(findZonePickProblem(path, { picked: [] })).toBeUndefined();
  });

  test('refuses more than planned, a bin off the path, twice the same, and no list', () => {
    const item = { locationCode: 'A-02', itemSku: 'Y', lotCode: 'LY' };
    expect(findZonePickProblem(path, { picked: [{ ...item, quantity: 4 }] })).toMatch(/exceeds the 3/);
    expect(findZonePickProblem(path, { picked: [{ ...item, locationCode: 'B-1', quantity: 1 }] })).toMatch(/not on/);
    const twice = [
      { ...item, quantity: 1 },
      { ...item, quantity: 1 },
    ];
    expect(findZonePickProblem(path, { picked: twice })).toMatch(/twice/);
    expect(findZonePickProblem(path, {})).toMatch(/payload.picked/);
  });
});

describe('sort', () => {
  const orders = [order('SO-1', 'joined', 1), order('SO-2', 'left', 2), order('SO-3', 'joined', 2)];
  const picked = [{ locationCode: 'A-02', itemSku: 'Y', lotCode: 'LY', quantity: 2 }];
  const put = (orderNumber: string, quantity: number) => ({
    orderNumber,
    lineNo: 1,
    locationCode: 'A-02',
    lotCode: 'LY',
    quantity,
  });

  test('puts to orders in the wave within their reservation and what was picked', () => {
    expect(findSortProblem(orders, picked, { puts: [put('SO-1', 1), put('SO-3', 1)] })).toBeUndefined();
  });

  test('refuses a put to an order that left, beyond the reservation, or beyond what was picked', () => {
    expect(findSortProblem(orders, picked, { puts: [put('SO-2', 1)] })).toMatch(/did not reserve/);
    expect(findSortProblem(orders, picked, { puts: [put('SO-1', 2)] })).toMatch(/exceeds the 1 the order reserved/);
    expect(findSortProblem(orders, picked, { puts: [put('SO-1', 1), put('SO-3', 2)] })).toMatch(/exceeds the 1 picked/);
  });

  test('proposes each order its reservation, in order, as far as the picked stock goes', () => {
    expect(proposedPuts(orders, picked)).toEqual([put('SO-1', 1), put('SO-3', 1)]);
  });
});
