import type { ReceiptTaskLine } from './purchase-receipt.contract';
import { closedPeriodDating, findReceiptProblem, hasAtMostThreeDecimals, isIsoDate } from './receipt-validation';

const lines: ReceiptTaskLine[] = [
  {
    lineNo: 1,
    itemSku: 'FOOD-001',
    itemName: 'Olive oil 1L',
    uom: 'case',
    lotTracked: true,
    shelfLifeDays: 180,
    orderedQuantity: 10,
    unitCost: 4.5,
  },
  {
    lineNo: 2,
    itemSku: 'HW-001',
    itemName: 'Hex bolt M8',
    uom: 'pcs',
    lotTracked: false,
    shelfLifeDays: null,
    orderedQuantity: 100,
    unitCost: 0.12,
  },
];

const lot = { lotCode: 'L-2026-01', manufacturedOn: '2026-01-10', expiresOn: '2026-07-09' };

describe('findReceiptProblem', () => {
  test('accepts a full receipt, a partial one, and a lot without dates', () => {
    expect(
      findReceiptProblem(lines, {
        lines: [
          { lineNo: 1, quantity: 10, ...lot },
          { lineNo: 2, quantity: 100 },
        ],
      }),
    ).toBeUndefined();
    expect(findReceiptProblem(lines, { lines: [{ lineNo: 2, quantity: 40.125 }] })).toBeUndefined();
    expect(findReceiptProblem(lines, { lines: [{ lineNo: 1, quantity: 3, lotCode: 'L1' }] })).toBeUndefined();
    expect(
      findReceiptProblem(lines, {
        lines: [{ lineNo: 1, quantity: 3, lotCode: 'L1', manufacturedOn: '', expiresOn: null }],
      }),
    ).toBeUndefined();
    expect(
      findReceiptProblem(lines, { lines: [{ lineNo: 2, quantity: 1, lotCode: '', manufacturedOn: null }] }),
    ).toBeUndefined();
  });

  test.each([
    [{}, 'payload.lines must be a non-empty array'],
    [{ lines: [] }, 'payload.lines must be a non-empty array'],
    [{ lines: 'all' }, 'payload.lines must be a non-empty array'],
    [{ lines: [null] }, 'payload.lines[0] needs a numeric lineNo and quantity'],
    [{ lines: [{ lineNo: 1, quantity: '3' }] }, 'payload.lines[0] needs a numeric lineNo and quantity'],
    [{ lines: [{ lineNo: 9, quantity: 1 }] }, 'payload.lines[0].lineNo 9 is not a line of this purchase order'],
    [
      {
        lines: [
          { lineNo: 2, quantity: 1 },
          { lineNo: 2, quantity: 1 },
        ],
      },
      'payload.lines[1].lineNo 2 appears twice; receive each line once',
    ],
    [{ lines: [{ lineNo: 2, quantity: 0 }] }, 'payload.lines[0].quantity must be positive'],
    [{ lines: [{ lineNo: 2, quantity: -1 }] }, 'payload.lines[0].quantity must be positive'],
    [{ lines: [{ lineNo: 2, quantity: Number.NaN }] }, 'payload.lines[0].quantity must be positive'],
    [{ lines: [{ lineNo: 2, quantity: 1.0001 }] }, 'payload.lines[0].quantity must have at most 3 decimals'],
    [{ lines: [{ lineNo: 2, quantity: 100.5 }] }, 'payload.lines[0].quantity 100.5 exceeds the 100 ordered'],
    [{ lines: [{ lineNo: 1, quantity: 1 }] }, 'payload.lines[0].lotCode is required: FOOD-001 is lot-tracked'],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: '   ' }] },
      'payload.lines[0].lotCode is required: FOOD-001 is lot-tracked',
    ],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: 42 }] },
      'payload.lines[0].lotCode is required: FOOD-001 is lot-tracked',
    ],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: ' L1' }] },
      'payload.lines[0].lotCode must not start or end with spaces',
    ],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: 'L'.repeat(41) }] },
      'payload.lines[0].lotCode must be at most 40 characters',
    ],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: 'L1', manufacturedOn: '10.01.2026' }] },
      'payload.lines[0].manufacturedOn must be a date YYYY-MM-DD',
    ],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: 'L1', expiresOn: '2026-02-30' }] },
      'payload.lines[0].expiresOn must be a date YYYY-MM-DD',
    ],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: 'L1', expiresOn: 20260101 }] },
      'payload.lines[0].expiresOn must be a date YYYY-MM-DD',
    ],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: 'L1', manufacturedOn: '2026-03-01', expiresOn: '2026-03-01' }] },
      'payload.lines[0].expiresOn 2026-03-01 must be after manufacturedOn 2026-03-01',
    ],
    [
      { lines: [{ lineNo: 1, quantity: 1, lotCode: 'L1', manufacturedOn: '2026-03-01', expiresOn: '2025-12-31' }] },
      'payload.lines[0].expiresOn 2025-12-31 must be after manufacturedOn 2026-03-01',
    ],
    [
      { lines: [{ lineNo: 2, quantity: 1, lotCode: 'L1' }] },
      'payload.lines[0].lotCode must be empty: HW-001 is not lot-tracked',
    ],
    [
      { lines: [{ lineNo: 2, quantity: 1, expiresOn: '2027-01-01' }] },
      'payload.lines[0].expiresOn must be empty: HW-001 is not lot-tracked',
    ],
  ])('rejects %j', (payload, expected) => {
    expect(findReceiptProblem(lines, payload as Record<string, unknown>)).toBe(expected);
  });

  test('reports the first bad entry by its index', () => {
    const problem = findReceiptProblem(lines, {
      lines: [
        { lineNo: 2, quantity: 5 },
        { lineNo: 1, quantity: 11, ...lot },
      ],
    });
    expect(problem).toBe('payload.lines[1].quantity 11 exceeds the 10 ordered');
  });
});

describe('date and quantity helpers', () => {
  test.each([
    ['2026-01-31', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    ['', false],
  ])('isIsoDate(%s) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  test('three decimals follow the posting engine', () => {
    expect(hasAtMostThreeDecimals(2.5)).toBe(true);
    expect(hasAtMostThreeDecimals(123.456)).toBe(true);
    expect(hasAtMostThreeDecimals(1.0001)).toBe(false);
  });
});

describe('the receipt date', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const dating = { now, openFrom: '2026-11-01' };
  const received = (receivedAt: unknown) => ({ lines: [{ lineNo: 2, quantity: 1 }], receivedAt });

  test('is optional, and may be yesterday or just now (with a little clock skew)', () => {
    expect(findReceiptProblem(lines, received(undefined), dating)).toBeUndefined();
    expect(findReceiptProblem(lines, received(''), dating)).toBeUndefined();
    expect(findReceiptProblem(lines, received('2026-11-30T08:15:00Z'), dating)).toBeUndefined();
    expect(findReceiptProblem(lines, received('2026-12-01T13:01:00+01:00'), dating)).toBeUndefined();
    expect(findReceiptProblem(lines, received('2026-11-01T00:00:00.000Z'), { now, openFrom: null })).toBeUndefined();
  });

  test.each([
    ['2026-11-30', 'payload.receivedAt must be a date and time like 2026-03-01T09:30:00Z'],
    ['2026-02-30T10:00:00Z', 'payload.receivedAt must be a date and time like 2026-03-01T09:30:00Z'],
    [20261130, 'payload.receivedAt must be a date and time like 2026-03-01T09:30:00Z'],
    [
      '2026-12-01T12:05:00Z',
      'payload.receivedAt 2026-12-01T12:05:00Z is in the future; goods cannot arrive later than now',
    ],
    [
      '2026-10-31T23:59:00Z',
      'payload.receivedAt 2026-10-31 lies in a closed period; receipts may be dated from 2026-11-01',
    ],
  ])('refuses %j', (receivedAt, expected) => {
    expect(findReceiptProblem(lines, received(receivedAt), dating)).toBe(expected);
  });

  test('a date in a closed period is read back as such (the API answers it PERIOD_CLOSED); no other problem is', () => {
    const closed = findReceiptProblem(lines, received('2026-10-31T23:59:00Z'), dating) ?? '';
    expect(closedPeriodDating(closed)).toEqual({ day: '2026-10-31', openFrom: '2026-11-01' });
    const future = findReceiptProblem(lines, received('2026-12-01T12:05:00Z'), dating) ?? '';
    expect(closedPeriodDating(future)).toBeUndefined();
    expect(closedPeriodDating('payload.lines must be a non-empty array')).toBeUndefined();
  });
});
