/**
 * The controller's answer on an invoice outside tolerance: approve or reject; a rejection says why (the supplier
 * is told). Returns a message naming the field, or undefined when the answer is fine. Pure: runs in the workflow.
 */
export function findInvoiceApprovalProblem(payload: Record<string, unknown>): string | undefined {
  if (payload.decision !== 'approve' && payload.decision !== 'reject') {
    return 'payload.decision must be approve or reject';
  }
  if (payload.comment !== undefined && typeof payload.comment !== 'string') return 'payload.comment must be text';
  if (typeof payload.comment === 'string' && payload.comment.length > 500) {
    return 'payload.comment must be at most 500 characters';
  }
  if (payload.decision === 'reject' && String(payload.comment ?? '').trim() === '') {
    return 'payload.comment is required to reject: say why the invoice is refused';
  }
  return undefined;
}
