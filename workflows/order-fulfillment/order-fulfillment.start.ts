import type { ProcessStartRequest } from '../process-start.contract';
import {
  ORDER_FULFILLMENT,
  orderFulfillmentWorkflowId,
  type OrderFulfillmentInput,
} from './order-fulfillment.contract';

/** The timings an order's process starts with: the API's and the worker's configuration (config/env.ts). */
export interface OrderStartSettings {
  taskQueue: string;
  pickSlaMinutes: number;
  creditApprovalMinutes?: number;
  backorderTimeoutMinutes?: number;
}

/**
 * The start of a sales order's fulfillment: what the API queues with a new order, and what reconciliation queues
 * again for an order that was committed without its process (with the order's own creator as `requestedBy`).
 */
export function orderFulfillmentStart(
  orderNumber: string,
  requestedBy: string,
  settings: OrderStartSettings,
): ProcessStartRequest {
  const input: OrderFulfillmentInput = {
    orderNumber,
    pickSlaMinutes: settings.pickSlaMinutes,
    requestedBy,
    creditApprovalMinutes: settings.creditApprovalMinutes,
    backorderTimeoutMinutes: settings.backorderTimeoutMinutes,
  };
  return {
    workflowId: orderFulfillmentWorkflowId(orderNumber),
    workflowType: 'orderFulfillment',
    processType: ORDER_FULFILLMENT,
    businessKey: orderNumber,
    taskQueue: settings.taskQueue,
    args: [input],
    requestedBy,
  };
}
