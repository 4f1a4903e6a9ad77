import type { ProcessStartRequest } from '../process-start.contract';
import { CARRIER_RECEIPT, carrierReceiptWorkflowId, type CarrierReceiptInput } from './carrier-receipt.contract';

/** The start the API queues with a new carrier receipt. */
export function carrierReceiptStart(
  receiptNumber: string,
  requestedBy: string,
  taskQueue: string,
): ProcessStartRequest {
  const input: CarrierReceiptInput = { receiptNumber, requestedBy };
  return {
    workflowId: carrierReceiptWorkflowId(receiptNumber),
    workflowType: 'carrierReceipt',
    processType: CARRIER_RECEIPT,
    businessKey: receiptNumber,
    taskQueue,
    args: [input],
    requestedBy,
  };
}
