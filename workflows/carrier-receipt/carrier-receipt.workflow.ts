import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { refusalOf } from '../activity-refusal';
import { processSteps } from '../process-steps';
import {
  CARRIER_RECEIPT,
  getCarrierReceiptStateQuery,
  type CarrierReceiptInput,
  type CarrierReceiptState,
  type CarrierReceiptStep,
} from './carrier-receipt.contract';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

const { postCarrierReceipt, refuseCarrierReceipt } = proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/** The books' answers a person must act on (the period closed after the receipt was entered): not retried. */
const REFUSALS = ['POSTING_REJECTED', 'PERIOD_CLOSED', 'PERIOD_BEFORE_CLOSED'];

/**
 * Carrier receipt: posts the freight (split by the cost-distribution rules, each share following its goods; one
 * transaction, once per receipt number) -> posted. A refusal by the books marks the receipt refused with the reason.
 */
export async function carrierReceipt(input: CarrierReceiptInput): Promise<CarrierReceiptState> {
  const { workflowId } = workflowInfo();
  const state: CarrierReceiptState = {
    receiptNumber: input.receiptNumber,
    step: 'posting',
    journalEntryId: null,
    refusal: null,
  };
  setHandler(getCarrierReceiptStateQuery, () => state);
  const { enter, run } = processSteps<CarrierReceiptStep>(
    { processType: CARRIER_RECEIPT, businessKey: input.receiptNumber },
    state,
  );
  return run(async () => {
    await enter('posting');
    try {
      const posting = await postCarrierReceipt({ receiptNumber: input.receiptNumber, workflowId });
      state.journalEntryId = posting.journalEntryId;
    } catch (error) {
      const refusal = refusalOf(error, ...REFUSALS);
      if (refusal === undefined) throw error;
      state.refusal = refusal;
      await refuseCarrierReceipt({ receiptNumber: input.receiptNumber, refusal });
      await enter('refused', 'rejected');
      return state;
    }
    await enter('posted', 'completed');
    return state;
  });
}
