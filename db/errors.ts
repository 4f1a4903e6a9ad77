/** Business rejections raised by the books (stock ledger, valuation, journal); each names what was wrong. */
export const BOOKS_ERROR_CODES = [
  'UNKNOWN_ITEM',
  'UNKNOWN_LOCATION',
  'UNKNOWN_LOT',
  'UNKNOWN_ACCOUNT',
  'INVALID_QUANTITY',
  'INVALID_MOVE',
  'INSUFFICIENT_STOCK',
  'PERIOD_CLOSED',
  'UNBALANCED_ENTRY',
] as const;
export type BooksErrorCode = (typeof BOOKS_ERROR_CODES)[number];

/** A rejected posting: nothing of it was written (the caller's transaction rolls back). */
export class BooksError extends Error {
  constructor(
    readonly code: BooksErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'BooksError';
  }
}
