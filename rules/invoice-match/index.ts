/** Invoice match: the pure three-way match of a supplier invoice line and the after-the-fact split of its price difference. */
export { matchLine } from './match';
export type { LineMatch, LineMatchInput } from './match';
export { splitPriceDifference } from './price-difference';
export type { PriceDifferenceSplit, ReceiptWhereabouts } from './price-difference';
