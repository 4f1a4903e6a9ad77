import { CarrierReceipt } from '../../db/entities';
import { createEngineCache } from '../../rules/engine';
import { inTransaction, runOnce, type ActivityDeps } from '../context';
import { postCarrierReceipt } from './post-carrier-receipt';

/** Carrier-receipt side effects: the posting runs once per receipt number, so a retry or a crash never posts twice. */
export function createCarrierReceiptActivities(deps: ActivityDeps) {
  const engines = createEngineCache();
  return {
    async postCarrierReceipt(input: { receiptNumber: string; workflowId: string }) {
      return runOnce(deps, 'postCarrierReceipt', input.receiptNumber, (em) => postCarrierReceipt(em, engines, input));
    },

    /** The books refused the posting (the period closed meanwhile): the receipt says so, and posts nothing. */
    async refuseCarrierReceipt(input: { receiptNumber: string; refusal: string }): Promise<void> {
      await inTransaction(deps, async (em) => {
        const receipt = await em.findOne(CarrierReceipt, { receiptNumber: input.receiptNumber });
        if (!receipt || receipt.status !== 'posting') return;
        receipt.status = 'refused';
        receipt.refusal = input.refusal.slice(0, 500);
        await em.flush();
      });
    },
  };
}
