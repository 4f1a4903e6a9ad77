import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { cancelSubcontractOrderSignal } from '../../workflows/subcontract-order/subcontract-order.contract';

/**
 * Tells the order's process that the order was cancelled (signal `cancel` {reason, by}) after the cancel committed:
 * the open approval or pick task is withdrawn, held stock released and the process ends cancelled. An order whose
 * process has already ended (or never ran) has nothing to tell.
 */
export async function signalSubcontractCancel(
  temporal: Client,
  workflowId: string,
  request: { reason: string; by: string },
): Promise<void> {
  try {
    await temporal.workflow.getHandle(workflowId).signal(cancelSubcontractOrderSignal, request);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return;
    throw error;
  }
}
