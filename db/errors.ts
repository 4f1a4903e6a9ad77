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
  /** The posting's month lies before a closed month (never opened, or open behind the close). */
  'PERIOD_BEFORE_CLOSED',
  /** The posting's month is being closed (soft-locked): only the close's own postings and controller adjustments. */
  'PERIOD_SOFT_LOCKED',
  /** The posting would open a month beyond the company's posting horizon. */
  'PERIOD_BEYOND_HORIZON',
  'UNBALANCED_ENTRY',
  /** A manual entry names an account its subledger controls, or a deactivated one. */
  'ACCOUNT_NOT_POSTABLE',
] as const;

/** Rejections of rule-set administration. */
export const RULES_ERROR_CODES = [
  'RULE_SET_NOT_FOUND',
  'RULE_VERSION_NOT_FOUND',
  'RULE_VERSION_NOT_DRAFT',
  'RULE_FOUR_EYES',
  'RULE_SET_INVALID',
  'NO_PUBLISHED_RULES',
  'RULE_FACTS_INVALID',
] as const;
export type RulesErrorCode = (typeof RULES_ERROR_CODES)[number];

/** A refused rule-set action; `details` carries validation errors (each with its JSON path). */
export class RulesError extends Error {
  constructor(
    readonly code: RulesErrorCode,
    message: string,
    readonly details: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'RulesError';
  }
}
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

/** Refusals of writing a document (purchase order, production order); the API answers them like its own codes. */
export const DOCUMENT_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNKNOWN_ITEM',
  'UNKNOWN_SUPPLIER',
  'UNKNOWN_WAREHOUSE',
  'RECORD_INACTIVE',
  'ITEM_NOT_MADE',
] as const;
export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];

/** A document refused before anything of it was written; `field` names the input that was wrong. */
export class DocumentError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}
