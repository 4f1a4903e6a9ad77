import { ApplicationFailure } from '@temporalio/activity';
import { BooksError } from '../../db/errors';
import type { ProcessStartRequest } from '../../workflows/process-start.contract';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { reject } from '../errors';
import { loadSupplierReturn } from './load-supplier-return';
import { postSupplierReturn, type PostSupplierReturnInput } from './post-supplier-return';

/** The books refusing the posting (stock gone, period closed) is an answer for the clerk, not something to retry. */
function finalIfRefused(error: unknown): never {
  if (error instanceof BooksError) {
    return reject('POSTING_REJECTED', `${error.code}: ${error.message}`, { code: error.code, field: error.field });
  }
  throw error;
}

/** The signal the purchase receipt takes a reopened quantity with (contract-A). */
const QUANTITY_REOPENED = 'quantityReopened';

/** Supplier-return side effects; the posting is idempotent per workflow, so a retry or a crash never posts twice. */
export function createSupplierReturnActivities(deps: ActivityDeps) {
  return {
    async loadSupplierReturn(input: { returnNumber: string }) {
      return inTransaction(deps, (em) => loadSupplierReturn(em, input.returnNumber));
    },

    async postSupplierReturn(input: PostSupplierReturnInput) {
      return runOnce(deps, 'postSupplierReturn', input.workflowId, (em) => postSupplierReturn(em, input)).catch(
        finalIfRefused,
      );
    },

    /**
     * Tells the purchase receipt that quantity reopened (contract-A): signal-with-start, so a receipt already
     * completed starts again for the next delivery; the receipt re-reads the order, so a repeat is harmless.
     */
    async reopenPurchaseReceipt(input: {
      /** The purchase receipt's start (workflows/purchase-receipt/purchase-receipt.start.ts), for a run that ended. */
      start: ProcessStartRequest;
      lines: Array<{ lineNo: number; quantity: number }>;
    }): Promise<void> {
      const temporal = deps.reconciliation?.temporal;
      if (!temporal) throw ApplicationFailure.nonRetryable('The worker has no Temporal client', 'NO_TEMPORAL_CLIENT');
      const { start } = input;
      await temporal.workflow.signalWithStart(start.workflowType, {
        workflowId: start.workflowId,
        taskQueue: start.taskQueue,
        args: start.args,
        signal: QUANTITY_REOPENED,
        signalArgs: [{ lines: input.lines }],
      });
    },
  };
}
