import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { periodRefusal } from './receipt-step';

/** An activity failure as the books' refusal reaches the workflow: type POSTING_REJECTED, the code in its details. */
function refused(code: string, message: string): ActivityFailure {
  const cause = ApplicationFailure.create({ type: 'POSTING_REJECTED', message, details: [{ code }] });
  return new ActivityFailure('failed', 'receivePurchaseOrder', '1', RetryState.NON_RETRYABLE_FAILURE, 'worker', cause);
}

describe('a receipt refused for its period asks the clerk for another date', () => {
  test.each(['PERIOD_CLOSED', 'PERIOD_BEFORE_CLOSED', 'PERIOD_SOFT_LOCKED', 'PERIOD_BEYOND_HORIZON'])('%s', (code) => {
    expect(periodRefusal(refused(code, `refused: ${code}`))).toBe(`refused: ${code}`);
  });

  test('any other refusal stays a failure', () => {
    expect(periodRefusal(refused('INSUFFICIENT_STOCK', 'no stock'))).toBeUndefined();
    expect(periodRefusal(new Error('boom'))).toBeUndefined();
  });
});
