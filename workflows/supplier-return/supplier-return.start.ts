import type { ProcessStartRequest } from '../process-start.contract';
import { SUPPLIER_RETURN, supplierReturnWorkflowId, type SupplierReturnInput } from './supplier-return.contract';

/** Goods waiting to go back occupy a bin; a shift is long enough to pick and pack them. */
export const RETURN_TASK_SLA_MINUTES = 8 * 60;

/** The start the API queues with a new supplier return (and reconciliation could queue again). */
export function supplierReturnStart(returnNumber: string, requestedBy: string, taskQueue: string): ProcessStartRequest {
  const input: SupplierReturnInput = { returnNumber, taskSlaMinutes: RETURN_TASK_SLA_MINUTES, requestedBy };
  return {
    workflowId: supplierReturnWorkflowId(returnNumber),
    workflowType: 'supplierReturn',
    processType: SUPPLIER_RETURN,
    businessKey: returnNumber,
    taskQueue,
    args: [input],
    requestedBy,
  };
}
