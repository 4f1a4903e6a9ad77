import { findKitPickProblem } from './kit-pick-validation';
import type { KitPick } from './production-order.contract';

const reserved: KitPick[] = [
  { lineNo: 1, sku: 'RAW-1', location: 'MAIN-A01', lotCode: 'L1', quantity: 3, expiresOn: null },
  { lineNo: 1, sku: 'RAW-1', location: 'MAIN-A02', lotCode: 'L2', quantity: 2, expiresOn: '2027-01-31' },
  { lineNo: 2, sku: 'RAW-2', location: 'MAIN-B01', lotCode: null, quantity: 1.5, expiresOn: null },
];

describe('findKitPickProblem', () => {
  test('accepts the reservation picked as proposed, a place split over two picks', () => {
    expect(
      findKitPickProblem(reserved, {
        picks: [
          { lineNo: 1, location: 'MAIN-A01', lotCode: 'L1', quantity: 1 },
          { lineNo: 1, location: 'MAIN-A01', lotCode: 'L1', quantity: 2 },
          { lineNo: 1, location: 'MAIN-A02', lotCode: 'L2', quantity: 2 },
          { lineNo: 2, location: 'MAIN-B01', lotCode: null, quantity: 1.5 },
        ],
      }),
    ).toBeUndefined();
  });

  test('a lot-less pick may leave lotCode out', () => {
    const single = reserved.filter((pick) => pick.lineNo === 2);
    expect(findKitPickProblem(single, { picks: [{ lineNo: 2, location: 'MAIN-B01', quantity: 1.5 }] })).toBeUndefined();
  });

  test.each([
    [{}, 'payload.picks must be a non-empty array'],
    [{ picks: [] }, 'payload.picks must be a non-empty array'],
    [{ picks: [{ lineNo: 1 }] }, 'payload.picks[0] needs a numeric lineNo and a location'],
    [
      { picks: [{ lineNo: 1, location: 'MAIN-A01', lotCode: 7, quantity: 1 }] },
      'payload.picks[0].lotCode must be a lot code or null',
    ],
    [
      { picks: [{ lineNo: 1, location: 'MAIN-A01', lotCode: 'L1', quantity: 0 }] },
      'payload.picks[0].quantity must be positive',
    ],
    [
      { picks: [{ lineNo: 1, location: 'MAIN-A01', lotCode: 'L1', quantity: 0.0001 }] },
      'payload.picks[0].quantity must have at most 3 decimals',
    ],
    [
      { picks: [{ lineNo: 9, location: 'MAIN-A01', lotCode: 'L1', quantity: 1 }] },
      'payload.picks[0].lineNo 9 is not a component reserved for this kit',
    ],
    [
      { picks: [{ lineNo: 1, location: 'MAIN-A01', lotCode: 'L2', quantity: 1 }] },
      'payload.picks[0].location MAIN-A01 lot L2 holds nothing reserved for line 1',
    ],
    [
      { picks: [{ lineNo: 1, location: 'MAIN-A01', lotCode: 'L1', quantity: 3.5 }] },
      'payload.picks[0].quantity exceeds the 3 reserved in MAIN-A01',
    ],
    [
      {
        picks: [
          { lineNo: 1, location: 'MAIN-A01', lotCode: 'L1', quantity: 3 },
          { lineNo: 2, location: 'MAIN-B01', lotCode: null, quantity: 1.5 },
        ],
      },
      'payload.picks must pick line 1 exactly: 5 reserved, 3 picked',
    ],
  ])('rejects %j', (payload, expected) => {
    expect(findKitPickProblem(reserved, payload as Record<string, unknown>)).toBe(expected);
  });
});
