import type { ProcessStartRequest } from '../process-start.contract';
import {
  SUBCONTRACT_ORDER,
  subcontractOrderWorkflowId,
  type SubcontractOrderInput,
} from './subcontract-order.contract';

/** A buyer's approval, a pick and a supplier's receipt should each be handled within a working day. */
export const SUBCONTRACT_TASK_SLA_MINUTES = 8 * 60;

/** The start the API queues with a new subcontract order (and MRP release, through ActivityDeps.documentStarts). */
export function subcontractOrderStart(
  orderNumber: string,
  requestedBy: string,
  taskQueue: string,
): ProcessStartRequest {
  const input: SubcontractOrderInput = { orderNumber, taskSlaMinutes: SUBCONTRACT_TASK_SLA_MINUTES, requestedBy };
  return {
    workflowId: subcontractOrderWorkflowId(orderNumber),
    workflowType: 'subcontractOrder',
    processType: SUBCONTRACT_ORDER,
    businessKey: orderNumber,
    taskQueue,
    args: [input],
    requestedBy,
  };
}
