import type { OpenInspectionLotInput } from '../quality-inspection/quality-inspection.contract';
import type { CompletionReceived } from './production-order.contract';

/**
 * A completion that landed in quarantine, as the inspection lot to open where the clerk received it (none when it
 * landed available, or the result predates the gate). The source key is the receipt move's idempotency key
 * (activities/production/complete-order.ts), so a lot is found again by the completion it came in with; a production
 * lot has no supplier, and its line and delivery numbers are the completion's number.
 */
export function productionInspectionLines(
  received: CompletionReceived,
  context: { orderNumber: string; itemSku: string; userName: string },
): OpenInspectionLotInput[] {
  const { receiptKey, completionNo, toLocation, receivedOn } = received;
  if (received.stockStatus !== 'quarantine' || !receiptKey || !completionNo || !toLocation || !receivedOn) return [];
  return [
    {
      sourceKey: receiptKey,
      source: 'production',
      sourceDocument: context.orderNumber,
      sourceLineNo: completionNo,
      deliveryNo: completionNo,
      supplierCode: null,
      itemSku: context.itemSku,
      stockLotCode: received.lotCode ?? null,
      locationCode: toLocation,
      quantity: received.good,
      receivedOn,
      userName: context.userName,
    },
  ];
}
