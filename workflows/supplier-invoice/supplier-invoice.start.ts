import type { ProcessStartRequest } from '../process-start.contract';
import { SUPPLIER_INVOICE, supplierInvoiceWorkflowId, type SupplierInvoiceInput } from './supplier-invoice.contract';

/** A mismatched invoice should be decided within a working day; its due date is usually weeks away. */
export const INVOICE_APPROVAL_SLA_MINUTES = 8 * 60;

/** The start of a supplier invoice's process: what the API queues (outbox) with the stored invoice. */
export function supplierInvoiceStart(
  invoice: { invoiceId: number; supplierCode: string; invoiceNumber: string },
  requestedBy: string,
  taskQueue: string,
): ProcessStartRequest {
  const invoiceKey = `${invoice.supplierCode}-${invoice.invoiceNumber}`;
  const input: SupplierInvoiceInput = {
    invoiceId: invoice.invoiceId,
    invoiceKey,
    approvalSlaMinutes: INVOICE_APPROVAL_SLA_MINUTES,
    requestedBy,
  };
  return {
    workflowId: supplierInvoiceWorkflowId(invoice.supplierCode, invoice.invoiceNumber),
    workflowType: 'supplierInvoice',
    processType: SUPPLIER_INVOICE,
    businessKey: invoiceKey,
    taskQueue,
    args: [input],
    requestedBy,
  };
}
