import { createEngineCache } from '../../rules/engine';
import { BooksError } from '../../db/errors';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { reject } from '../errors';
import { loadPurchaseOrderForReceipt, receiptOpenFrom } from './load-purchase-order';
import { putAwayPurchaseOrder, type PutAwayInput } from './put-away-purchase-order';
import { receivePurchaseOrder, type ReceivePurchaseOrderInput } from './receive-purchase-order';
import { scrapReceivedLot, type ScrapReceivedLotInput } from './scrap-received-lot';
import { closePurchaseOrderShort, type ClosePurchaseOrderInput } from './purchase-deliveries';

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
    async loadPurchaseOrderForReceipt(input: { orderNumber: string; deliveries?: boolean }) {
      return inTransaction(deps, (em) => loadPurchaseOrderForReceipt(em, input, engines));
    },

    /**
     * The first day a receipt may be dated as the books stand now: the goods-receipt task re-reads it when a clerk
     * confirms a date, since a period may have been closed after the task opened. Read-only.
     */
    async loadReceiptOpenFrom(): Promise<string | null> {
      return inTransaction(deps, (em) => receiptOpenFrom(em));
    },

    async receivePurchaseOrder(input: ReceivePurchaseOrderInput) {
      const key = input.deliveryNo === undefined ? input.workflowId : `${input.workflowId}:d${input.deliveryNo}`;
      return runOnce(deps, 'receivePurchaseOrder', key, (em) => receivePurchaseOrder(em, input, engines)).catch(
        finalIfRefused,
      );
    },

    async scrapReceivedLot(input: ScrapReceivedLotInput) {
      const key = `${input.workflowId}:${input.lineNo}`;
      return runOnce(deps, 'scrapReceivedLot', key, (em) => scrapReceivedLot(em, input)).catch(finalIfRefused);
    },

    async putAwayPurchaseOrder(input: PutAwayInput) {
      const key = input.deliveryNo === undefined ? input.workflowId : `${input.workflowId}:d${input.deliveryNo}`;
      return runOnce(deps, 'putAwayPurchaseOrder', key, (em) => putAwayPurchaseOrder(em, input)).catch(finalIfRefused);
    },

    /** Closes the order short with its reason (idempotent: an order no longer receiving stays as it is). */
    async closePurchaseOrderShort(input: ClosePurchaseOrderInput): Promise<string> {
      return inTransaction(deps, (em) => closePurchaseOrderShort(em, input));
    },
  };
}
