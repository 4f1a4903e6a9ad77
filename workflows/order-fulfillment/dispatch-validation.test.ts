import { findApprovalProblem, findPackProblem, findShipProblem } from './dispatch-validation';
import type { StagedPick } from './order-fulfillment.contract';

const staged: StagedPick[] = [
  { lineNo: 1, itemSku: 'A', lotCode: 'L1', fromLocation: 'MAIN-A01', stagingLocation: 'MAIN-DOCK', quantity: 3 },
  { lineNo: 1, itemSku: 'A', lotCode: 'L2', fromLocation: 'MAIN-A02', stagingLocation: 'MAIN-DOCK', quantity: 2 },
  { lineNo: 2, itemSku: 'B', lotCode: null, fromLocation: 'MAIN-B01', stagingLocation: 'MAIN-DOCK', quantity: 4 },
];
const pkg = (contents: Array<{ lineNo: number; quantity: number }>, packageNo = 'P1') => ({
  packageNo,
  weightKg: 2.5,
  contents,
});

describe('findPackProblem', () => {
  test('accepts everything picked, spread over packages', () => {
    const packages = [pkg([{ lineNo: 1, quantity: 5 }]), pkg([{ lineNo: 2, quantity: 4 }], 'P2')];
    expect(findPackProblem(staged, { packages })).toBeUndefined();
  });

  test.each([
    [{}, 'payload.packages must be a non-empty array'],
    [{ packages: [{ weightKg: 1, contents: [] }] }, 'payload.packages[0].packageNo is required'],
    [{ packages: [{ packageNo: 'P1', weightKg: 0, contents: [] }] }, 'payload.packages[0].weightKg must be positive'],
    [{ packages: [pkg([{ lineNo: 1, quantity: -1 }])] }, 'payload.packages[0].contents[0].quantity must be positive'],
    [
      {
        packages: [
          pkg([
            { lineNo: 1, quantity: 6 },
            { lineNo: 2, quantity: 4 },
          ]),
        ],
      },
      /packs 6 of line 1 but only 5 was picked; cannot ship more than picked/,
    ],
    [{ packages: [pkg([{ lineNo: 3, quantity: 1 }])] }, /line 3 but only 0 was picked/],
    [{ packages: [pkg([{ lineNo: 1, quantity: 5 }])] }, /packs 0 of line 2 but 4 was picked; pack everything picked/],
  ])('rejects %j', (payload, expected) => {
    const problem = findPackProblem(staged, payload as Record<string, unknown>);
    if (typeof expected === 'string') expect(problem).toBe(expected);
    else expect(problem).toMatch(expected);
  });
});

describe('findShipProblem and findApprovalProblem', () => {
  test('a shipment needs a carrier and a tracking number', () => {
    expect(findShipProblem({ carrier: 'DHL', trackingNumber: 'JD0001' })).toBeUndefined();
    expect(findShipProblem({ trackingNumber: 'JD0001' })).toBe('payload.carrier is required');
    expect(findShipProblem({ carrier: 'DHL', trackingNumber: ' ' })).toBe('payload.trackingNumber is required');
  });

  test('an approval is approve or reject', () => {
    expect(findApprovalProblem({ decision: 'approve' })).toBeUndefined();
    expect(findApprovalProblem({ decision: 'reject', comment: 'overdue' })).toBeUndefined();
    expect(findApprovalProblem({ decision: 'maybe' })).toBe('payload.decision must be approve or reject');
    const needsReason = 'payload.comment is required to reject: say why the credit is refused';
    expect(findApprovalProblem({ decision: 'reject' })).toBe(needsReason);
    expect(findApprovalProblem({ decision: 'reject', comment: '  \n ' })).toBe(needsReason);
  });
});
