import { findReturnRestProblem, findSupplierReceiptProblem, unreservedLotProblem } from './payload-validation';
import type { ComponentStanding } from './subcontract-order.contract';

const line = (lineNo: number, atSupplier: number): ComponentStanding => ({
  lineNo,
  sku: `C${lineNo}`,
  provision: 'ours',
  required: 10,
  sent: 10,
  consumed: 10 - atSupplier,
  scrapped: 0,
  returned: 0,
  atSupplier,
});

const lines = [line(1, 4), line(2, 0.5)];

describe('findSupplierReceiptProblem', () => {
  test('accepts a finished quantity with per-line reports', () => {
    const payload = { quantity: 4, lotCode: 'FG-1', consumed: [{ lineNo: 1, quantity: 2.2 }], returned: [] };
    expect(findSupplierReceiptProblem(lines, payload)).toBeUndefined();
  });

  test.each([
    [{ quantity: 0 }, 'quantity must be positive'],
    [{ quantity: 'four' }, 'quantity must be positive'],
    [{ quantity: 1.0001 }, 'quantity must have at most 3 decimals'],
    [{ quantity: 1, lotCode: 7 }, 'lotCode must be a lot code'],
    [{ quantity: 1, scrapped: {} }, 'scrapped must be a list of { lineNo, quantity }'],
    [{ quantity: 1, returned: [{ lineNo: 3, quantity: 1 }] }, 'returned[0].lineNo 3 is not a component of this order'],
    [
      {
        quantity: 1,
        consumed: [
          { lineNo: 1, quantity: 1 },
          { lineNo: 1, quantity: 2 },
        ],
      },
      'consumed[1].lineNo 1 appears twice; give it once',
    ],
    [{ quantity: 1, scrapped: [{ lineNo: 2, quantity: -1 }] }, 'scrapped[0].quantity must be a number, zero or more'],
  ])('refuses %j', (payload, problem) => {
    expect(findSupplierReceiptProblem(lines, payload as Record<string, unknown>)).toBe(problem);
  });
});

describe('findReturnRestProblem', () => {
  test('accepts returns and scrap that account for exactly what is at the supplier', () => {
    const payload = {
      returned: [{ lineNo: 1, quantity: 3 }],
      scrapped: [
        { lineNo: 1, quantity: 1 },
        { lineNo: 2, quantity: 0.5 },
      ],
    };
    expect(findReturnRestProblem(lines, payload)).toBeUndefined();
  });

  test('refuses a line left partly at the supplier', () => {
    expect(findReturnRestProblem(lines, { returned: [{ lineNo: 1, quantity: 4 }] })).toBe(
      'returned: line 2 (C2) has 0.5 at the supplier; returned and scrapped give 0',
    );
  });
});

describe('unreservedLotProblem', () => {
  const reserved = [
    { lineNo: 1, sku: 'BOLT', location: 'A-01', lotCode: 'B-OLD', quantity: 10, expiresOn: null },
    { lineNo: 2, sku: 'PLATE', location: 'A-01', lotCode: 'CP-1', quantity: 10, expiresOn: null },
  ];

  test('names the lot when a reserved place of the line gives another lot (a customer’s sent as ours)', () => {
    const picks = [
      { lineNo: 1, location: 'A-01', lotCode: 'CB-1', quantity: 10 },
      { lineNo: 2, location: 'A-01', lotCode: 'CP-1', quantity: 10 },
    ];
    expect(unreservedLotProblem(reserved, { picks })).toMatch(
      /^payload\.picks\[0\]\.lotCode CB-1 is not reserved for line 1 \(BOLT\) at A-01: only B-OLD/,
    );
    // Another line's reserved lot at the same place is not this line's either.
    expect(unreservedLotProblem(reserved, { picks: [{ ...picks[0], lotCode: 'CP-1' }] })).toMatch(
      /^payload\.picks\[0\]\.lotCode CP-1 is not reserved for line 1/,
    );
  });

  test('leaves the reserved picks, unreserved places and bad shapes to the kit-pick check', () => {
    const picks = [
      { lineNo: 1, location: 'A-01', lotCode: 'B-OLD', quantity: 10 },
      { lineNo: 2, location: 'B-02', lotCode: 'P-OURS', quantity: 10 },
    ];
    expect(unreservedLotProblem(reserved, { picks })).toBeUndefined();
    expect(unreservedLotProblem(reserved, { picks: 'none' })).toBeUndefined();
    expect(unreservedLotProblem(reserved, { picks: [null, { lineNo: '1' }] })).toBeUndefined();
  });
});
