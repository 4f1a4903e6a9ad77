import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { processSteps } from '../process-steps';
import { findInvoiceApprovalProblem } from './approval-validation';
import {
  getSupplierInvoiceStateQuery,
  SUPPLIER_INVOICE,
  type InvoiceApprovalPayload,
  type SupplierInvoiceInput,
  type SupplierInvoiceState,
  type SupplierInvoiceStep,
} from './supplier-invoice.contract';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

const { pinInvoiceMatchRules, matchSupplierInvoice, postSupplierInvoice, rejectSupplierInvoice } =
  proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/**
 * Supplier invoice: the three-way match (invoice against order and receipts, tolerances from the pinned
 * `invoice-match` rules) -> within tolerance it posts at once (GRNI cleared at the receipt price, input tax,
 * payables, the price difference after the fact); outside, a controller sees the three documents side by side and
 * approves (it posts) or rejects (nothing posts). Each side effect is idempotent per workflow, so a retried or
 * replayed activity never posts twice.
 */
export async function supplierInvoice(input: SupplierInvoiceInput): Promise<SupplierInvoiceState> {
  const { workflowId } = workflowInfo();
  const state: SupplierInvoiceState = {
    invoiceKey: input.invoiceKey,
    step: 'matching',
    rules: null,
    match: null,
    approvalTaskId: null,
    approval: null,
    posting: null,
  };
  setHandler(getSupplierInvoiceStateQuery, () => state);
  const tasks = createTaskBoard();
  const instance = { processType: SUPPLIER_INVOICE, businessKey: input.invoiceKey };
  const { enter, run } = processSteps<SupplierInvoiceStep>(instance, state);

  return run(async () => {
    await enter('matching');
    state.rules = await pinInvoiceMatchRules();
    const match = await matchSupplierInvoice({ workflowId, invoiceId: input.invoiceId, rules: state.rules });
    state.match = match;
    let decidedBy = 'system';
    if (!match.within) {
      await enter('awaiting-approval');
      state.approvalTaskId = `${workflowId}:approval`;
      const done = await tasks.run(
        {
          taskId: state.approvalTaskId,
          taskType: 'invoice-match-approval',
          title: `Approve supplier invoice ${input.invoiceKey} (outside tolerance)`,
          processType: SUPPLIER_INVOICE,
          businessKey: input.invoiceKey,
          candidateRole: 'controller',
          priority: 'high',
          slaMs: input.approvalSlaMinutes * 60_000,
          formKind: 'invoice-match-approval',
          payload: { invoiceKey: input.invoiceKey, ...match },
          requiredFields: ['decision'],
        },
        findInvoiceApprovalProblem,
      );
      const answer = done.payload as unknown as InvoiceApprovalPayload;
      const comment = answer.comment?.trim() || null;
      state.approval = {
        outcome: answer.decision === 'approve' ? 'approved' : 'rejected',
        by: done.completedBy,
        comment,
      };
      if (answer.decision === 'reject') {
        await rejectSupplierInvoice({ workflowId, invoiceId: input.invoiceId, decidedBy: done.completedBy, comment });
        await enter('rejected', 'completed');
        return state;
      }
      decidedBy = done.completedBy;
    }
    await enter('posting');
    state.posting = await postSupplierInvoice({ workflowId, invoiceId: input.invoiceId, decidedBy });
    await enter('completed', 'completed');
    return state;
  });
}
