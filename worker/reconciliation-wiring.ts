import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { DocumentProcess, ReconciliationDeps } from '../activities/reconciliation/reconciliation-deps';
import { orderFulfillmentStart, type OrderStartSettings } from '../workflows/order-fulfillment/order-fulfillment.start';
import { ORDER_FULFILLMENT } from '../workflows/order-fulfillment/order-fulfillment.contract';
import { purchaseReceiptStart } from '../workflows/purchase-receipt/purchase-receipt.start';
import { PURCHASE_RECEIPT } from '../workflows/purchase-receipt/purchase-receipt.contract';
import { INVENTORY_REVALUATION } from '../workflows/revaluation/revaluation.contract';
import { BUSINESS_KEY, PROCESS_TYPE, startSearchAttributes } from '../workflows/search-attributes';

/** How processes start here: the task queue and the order timings (config/env.ts), as the API starts them. */
export type ProcessStartSettings = OrderStartSettings;

/**
 * Every kind of document that has a process, for reconciliation: sales and purchase orders (started by intake, in
 * status 'open' until their process takes its first step) and re-valuation jobs (started by their receipt's process,
 * so only checked for a process without its job).
 */
export function documentProcesses(settings: ProcessStartSettings): DocumentProcess[] {
  return [
    {
      processType: ORDER_FULFILLMENT,
      documentName: 'sales order',
      table: 'sales_order',
      businessKeySql: 'd.order_number',
      workflowIdSql: 'd.workflow_id',
      startStatus: 'open',
      start: (orderNumber, requestedBy) => orderFulfillmentStart(orderNumber, requestedBy, settings),
    },
    {
      processType: PURCHASE_RECEIPT,
      documentName: 'purchase order',
      table: 'purchase_order',
      businessKeySql: 'd.order_number',
      workflowIdSql: 'd.workflow_id',
      startStatus: 'open',
      start: (orderNumber, requestedBy) => purchaseReceiptStart(orderNumber, requestedBy, settings.taskQueue),
    },
    {
      processType: INVENTORY_REVALUATION,
      documentName: 're-valuation job',
      table: 'revaluation_job',
      businessKeySql: `'REVAL-' || d.id`,
      workflowIdSql: null,
    },
  ];
}

/** Reconciliation's dependencies for the worker and for `npm run doctor`: one Temporal client, our processes. */
export function reconciliationDeps(temporal: Client, settings: ProcessStartSettings): ReconciliationDeps {
  return {
    temporal,
    documents: documentProcesses(settings),
    keys: { processType: PROCESS_TYPE, businessKey: BUSINESS_KEY },
    async startProcess(start) {
      try {
        const handle = await temporal.workflow.start(start.workflowType, {
          workflowId: start.workflowId,
          taskQueue: start.taskQueue,
          args: start.args,
          typedSearchAttributes: startSearchAttributes(start),
        });
        return { runId: handle.firstExecutionRunId };
      } catch (error) {
        // The id is deterministic: a start that already happened is the start we wanted.
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { runId: null };
        throw error;
      }
    },
  };
}
