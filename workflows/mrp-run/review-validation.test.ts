import { findReviewProblem } from './review-validation';

describe("the planner's review answer", () => {
  test.each([
    [{ decision: 'approve-all' }, undefined],
    [{ decision: 'reject', reason: 'the forecast is stale' }, undefined],
    [
      { decision: 'decide', orders: [{ plannedRef: 'A/1/1', approve: true, quantity: 5, receiptDate: '2027-01-04' }] },
      undefined,
    ],
    [{ decision: 'maybe' }, 'payload.decision'],
    [{ decision: 'reject', reason: '  ' }, 'payload.reason'],
    [{ decision: 'decide' }, 'payload.orders'],
    [{ decision: 'decide', orders: [{ approve: true }] }, 'payload.orders[0].plannedRef'],
    [
      {
        decision: 'decide',
        orders: [
          { plannedRef: 'A/1/1', approve: true },
          { plannedRef: 'A/1/1', approve: false },
        ],
      },
      'payload.orders[1].plannedRef',
    ],
    [{ decision: 'decide', orders: [{ plannedRef: 'A/1/1', approve: 'yes' }] }, 'payload.orders[0].approve'],
    [
      { decision: 'decide', orders: [{ plannedRef: 'A/1/1', approve: true, quantity: 0 }] },
      'payload.orders[0].quantity',
    ],
    [
      { decision: 'decide', orders: [{ plannedRef: 'A/1/1', approve: true, receiptDate: '2027-13-45' }] },
      'payload.orders[0].receiptDate',
    ],
  ])('%j -> %s', (payload, field) => {
    const problem = findReviewProblem(payload as Record<string, unknown>);
    if (field === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}:`));
  });
});
