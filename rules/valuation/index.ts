/**
 * Inventory valuation: FIFO and moving-average costing of receipts and issues, on integer milli-units and cents.
 * Pure functions only (no I/O, no clock, no randomness), so the same postings always give the same costs and a
 * backdated posting can be re-valued by replaying.
 */
export { InsufficientLayersError } from './errors';
export { consumeFifo } from './fifo';
export { totals } from './layers';
export { issue, receive } from './methods';
export { POOL_ID } from './moving-average';
export { byEffectiveTime } from './ordering';
export { replay, replayOrder } from './replay';
export type { IssueOutcome, Layer, Receipt, Taken, ValuationEvent, ValuationMethod } from './types';
export { CENTS_PER_UNIT, MILLI_PER_UNIT, fromCents, fromMilli, receiptValueCents, toCents, toMilli } from './units';
export { valuationProposalFacts } from './proposal';
export type { ProposalItem } from './proposal';
