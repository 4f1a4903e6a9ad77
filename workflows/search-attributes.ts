import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/** Which business process an instance runs (e.g. `order-fulfillment`); the console filters on it. */
export const PROCESS_TYPE = defineSearchAttributeKey('ProcessType', SearchAttributeType.KEYWORD);
/** The business document the instance is about (e.g. a sales order number). */
export const BUSINESS_KEY = defineSearchAttributeKey('BusinessKey', SearchAttributeType.KEYWORD);
/** The step the instance is at now (e.g. `awaiting-pick`). */
export const CURRENT_STEP = defineSearchAttributeKey('CurrentStep', SearchAttributeType.KEYWORD);

/** Every custom search attribute the platform registers on its namespace. */
export const MILLWRIGHT_SEARCH_ATTRIBUTES = [PROCESS_TYPE, BUSINESS_KEY, CURRENT_STEP] as const;

/**
 * The search attributes a process starts with, so the console can find it before its first step: the same for the
 * API's start, the outbox relay and reconciliation.
 */
export function startSearchAttributes(start: { processType: string; businessKey: string }): SearchAttributePair[] {
  return [
    { key: PROCESS_TYPE, value: start.processType },
    { key: BUSINESS_KEY, value: start.businessKey },
    { key: CURRENT_STEP, value: 'started' },
  ];
}
