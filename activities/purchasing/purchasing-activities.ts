import { createEngineCache } from '../../rules/engine';
import { BooksError } from '../../db/errors';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { reject } from '../errors';
import { loadPurchaseOrderForReceipt } from './load-purchase-order';
import { putAwayPurchaseOrder, type PutAwayInput } from './put-away-purchase-order';
import { receivePurchaseOrder, type ReceivePurchaseOrderInput } from './receive-purchase-order';
import { scrapReceivedLot, type ScrapReceivedLotInput } from './scrap-received-lot';

/**
 * The books refusing a posting (closed period, stock taken meanwhile, unknown lot) is a business answer that
 * a retry cannot change: turn it into a non-retryable failure instead of retrying forever.
 */
function finalIfRefused(error: unknown): never {
  if (error instanceof BooksError) {
    return reject('POSTING_REJECTED', `${error.code}: ${error.message}`, { code: error.code, field: error.field });
  }
  throw error;
}

/** Purchase-receipt side effects, each idempotent per workflow so a retry or a crash never posts twice. */
export function createPurchasingActivities(deps: ActivityDeps) {
  // One cache per worker: the pinned expiry version is compiled once, however many receipts use it.
  const engines = createEngineCache();
  return {
    async loadPurchaseOrderForReceipt(input: { orderNumber: string }) {
      return inTransaction(deps, (em) => loadPurchaseOrderForReceipt(em, input, engines));
    },

    async receivePurchaseOrder(input: ReceivePurchaseOrderInput) {
      return runOnce(deps, 'receivePurchaseOrder', input.workflowId, (em) =>
        receivePurchaseOrder(em, input, engines),
      ).catch(finalIfRefused);
    },

    async scrapReceivedLot(input: ScrapReceivedLotInput) {
      const key = `${input.workflowId}:${input.lineNo}`;
      return runOnce(deps, 'scrapReceivedLot', key, (em) => scrapReceivedLot(em, input)).catch(finalIfRefused);
    },

    async putAwayPurchaseOrder(input: PutAwayInput) {
      return runOnce(deps, 'putAwayPurchaseOrder', input.workflowId, (em) => putAwayPurchaseOrder(em, input)).catch(
        finalIfRefused,
      );
    },
  };
}
