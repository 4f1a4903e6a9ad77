import { defineQuery } from '@temporalio/workflow';

/** The process type recorded in search attributes and the process-instance projection. */
export const CARRIER_RECEIPT = 'carrier-receipt';

/** Workflow ids follow the receipt number, so one carrier receipt can never start two postings. */
export function carrierReceiptWorkflowId(receiptNumber: string): string {
  return `${CARRIER_RECEIPT}:${receiptNumber}`;
}

/** Input of the carrier-receipt workflow; the document itself lives in PostgreSQL. */
export interface CarrierReceiptInput {
  receiptNumber: string;
  requestedBy: string;
}

export type CarrierReceiptStep = 'posting' | 'posted' | 'refused';

export interface CarrierReceiptState {
  receiptNumber: string;
  step: CarrierReceiptStep;
  journalEntryId: number | null;
  refusal: string | null;
}

export const getCarrierReceiptStateQuery = defineQuery<CarrierReceiptState>('getCarrierReceiptState');
