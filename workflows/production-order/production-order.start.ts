import type { ProcessStartRequest } from '../process-start.contract';
import { PRODUCTION_ORDER, productionOrderWorkflowId, type ProductionOrderInput } from './production-order.contract';

/** A clerk's shop-floor task (kit pick, operation or completion report) should be done within a shift. */
export const PRODUCTION_TASK_SLA_MINUTES = 8 * 60;

/** The start the API queues with a new production order (and reconciliation could queue again). */
export function productionOrderStart(orderNumber: string, requestedBy: string, taskQueue: string): ProcessStartRequest {
  const input: ProductionOrderInput = { orderNumber, taskSlaMinutes: PRODUCTION_TASK_SLA_MINUTES, requestedBy };
  return {
    workflowId: productionOrderWorkflowId(orderNumber),
    workflowType: 'productionOrder',
    processType: PRODUCTION_ORDER,
    businessKey: orderNumber,
    taskQueue,
    args: [input],
    requestedBy,
  };
}
