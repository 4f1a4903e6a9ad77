import { findInvoiceApprovalProblem } from './approval-validation';

describe('invoice-match approval payload', () => {
  test('approve needs nothing more; reject needs a reason; anything else is refused naming the field', () => {
    expect(findInvoiceApprovalProblem({ decision: 'approve' })).toBeUndefined();
    expect(findInvoiceApprovalProblem({ decision: 'reject', comment: 'price not agreed' })).toBeUndefined();
    expect(findInvoiceApprovalProblem({ decision: 'reject', comment: '  ' })).toMatch(/^payload\.comment is required/);
    expect(findInvoiceApprovalProblem({ decision: 'maybe' })).toMatch(/^payload\.decision/);
    expect(findInvoiceApprovalProblem({ decision: 'approve', comment: 3 })).toMatch(/^payload\.comment must be text/);
    expect(findInvoiceApprovalProblem({ decision: 'approve', comment: 'x'.repeat(501) })).toMatch(/at most 500/);
  });
});
