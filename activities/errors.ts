import { ApplicationFailure } from '@temporalio/activity';

/** Business rejections an activity can raise; each is final (retrying cannot change the answer). */
export const ACTIVITY_ERROR_CODES = [
  'ORDER_NOT_FOUND',
  'ORDER_NOT_SHIPPABLE',
  'PICK_NOT_RESERVED',
  'STOCK_NEGATIVE',
  'PURCHASE_ORDER_NOT_FOUND',
  'PURCHASE_ORDER_WRONG_STATUS',
  'RECEIPT_NOT_ON_ORDER',
  'PUTAWAY_NOT_ALLOWED',
  'POSTING_REJECTED',
] as const;
export type ActivityErrorCode = (typeof ACTIVITY_ERROR_CODES)[number];

/** Raises a business rejection as a non-retryable failure carrying its code as the failure type. */
export function reject(code: ActivityErrorCode, message: string, details: Record<string, unknown> = {}): never {
  throw ApplicationFailure.nonRetryable(message, code, details);
}
