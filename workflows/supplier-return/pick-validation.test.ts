import { findPickProblem } from './pick-validation';
import type { SupplierReturnForTask } from './supplier-return.contract';

const task: SupplierReturnForTask = {
  returnNumber: 'SR-001000',
  orderNumber: 'PO-001000',
  supplierCode: 'S-NORD',
  supplierName: 'Nord',
  warehouseCode: 'MAIN',
  replace: false,
  lines: [
    {
      lineNo: 1,
      orderLineNo: 1,
      itemSku: 'FOOD-001',
      itemName: 'Olive oil',
      uom: 'case',
      lotCode: 'L1',
      quantity: 5,
      reason: 'damaged',
      stock: [
        { location: 'MAIN-B01', status: 'available', free: 3 },
        { location: 'MAIN-DOCK', status: 'blocked', free: 4 },
      ],
    },
  ],
};

describe('findPickProblem', () => {
  test('accepts picks from several places adding up to the line', () => {
    expect(
      findPickProblem(task, {
        picks: [
          { lineNo: 1, fromLocation: 'MAIN-B01', quantity: 3 },
          { lineNo: 1, fromLocation: 'MAIN-DOCK', status: 'blocked', quantity: 2 },
        ],
      }),
    ).toBeUndefined();
  });

  test.each([
    [{}, 'payload.picks must be a non-empty array'],
    [{ picks: [{ lineNo: 1 }] }, 'payload.picks[0] needs a numeric lineNo and a fromLocation'],
    [{ picks: [{ lineNo: 1, fromLocation: 'MAIN-B01', quantity: 0 }] }, 'payload.picks[0].quantity must be positive'],
    [
      { picks: [{ lineNo: 1, fromLocation: 'MAIN-B01', quantity: 1.0001 }] },
      'payload.picks[0].quantity must have at most 3 decimals',
    ],
    [
      { picks: [{ lineNo: 2, fromLocation: 'MAIN-B01', quantity: 1 }] },
      'payload.picks[0].lineNo 2 is not a line of return SR-001000',
    ],
    [
      { picks: [{ lineNo: 1, fromLocation: 'MAIN-DOCK', quantity: 1 }] },
      'payload.picks[0].fromLocation MAIN-DOCK holds no available stock of FOOD-001 lot L1',
    ],
    [
      { picks: [{ lineNo: 1, fromLocation: 'MAIN-B01', quantity: 4 }] },
      'payload.picks[0].quantity exceeds the 3 free in MAIN-B01',
    ],
    [
      { picks: [{ lineNo: 1, fromLocation: 'MAIN-B01', quantity: 3 }] },
      'payload.picks must pick line 1 exactly: 5 to return, 3 picked',
    ],
  ])('rejects %j', (payload, expected) => {
    expect(findPickProblem(task, payload as Record<string, unknown>)).toBe(expected);
  });
});
