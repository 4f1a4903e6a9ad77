import type { BooksErrorCode, RulesErrorCode } from '../db/errors';

/** Every error code the API can answer with; `statusFor` maps each to its HTTP status in one place. */
export const API_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNKNOWN_ITEM',
  'UNKNOWN_CUSTOMER',
  'UNKNOWN_SUPPLIER',
  'UNKNOWN_WAREHOUSE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'TASK_NOT_FOUND',
  'TASK_FINISHED',
  'TASK_CLAIMED_BY_OTHER',
  'TASK_PAYLOAD_INVALID',
  'ORDER_NOT_CANCELLABLE',
  'ORDER_NOT_CHANGEABLE',
  'ORDER_CHANGE_INVALID',
  'PURCHASE_ORDER_NOT_OPEN',
  'PROCESS_UNAVAILABLE',
  'DEPENDENCY_UNAVAILABLE',
  'IDEMPOTENCY_KEY_REUSED',
  'PERIOD_NOT_FOUND',
  'PERIOD_ALREADY_CLOSED',
  'PERIOD_NOT_CLOSED',
  'PERIOD_OUT_OF_ORDER',
  'PERIOD_CLOSE_BLOCKED',
  'DUPLICATE',
  'FIELD_FROZEN',
  'RECORD_INACTIVE',
  'LOCATION_HAS_STOCK',
  'IMPORT_INVALID',
  'UNKNOWN_WORK_CENTRE',
  'ROUTING_NOT_FOUND',
  'BOM_NOT_FOUND',
  'BOM_CYCLE',
  'ITEM_NOT_MADE',
  'PRODUCTION_ORDER_CLOSED',
  'MRP_RUN_IN_PROGRESS',
  'ALERT_NOT_OPEN',
  'PACK_CHECK_MISMATCH',
  'PACK_CHECK_NOT_OPEN',
  'ACCOUNT_LOCKED',
  'REQUEST_TOO_LARGE',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** One problem of a rejected request: where (`path`, and for CSV imports `line` and `column`) and what. */
export interface ApiErrorDetail {
  path: string;
  message: string;
  line?: number;
  column?: string;
}

/** An error the API answers with deliberately: a code, a sentence for people, and the offending field if any. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    /** Every problem when there are several (validation, CSV import); each names its path. */
    readonly details?: ReadonlyArray<ApiErrorDetail>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The one mapping from error codes to HTTP statuses; the switch is exhaustive, so a new code must be placed. */
export function statusFor(code: ApiErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'UNKNOWN_ITEM':
    case 'UNKNOWN_CUSTOMER':
    case 'UNKNOWN_SUPPLIER':
    case 'UNKNOWN_WAREHOUSE':
    case 'UNKNOWN_WORK_CENTRE':
    case 'TASK_PAYLOAD_INVALID':
    case 'ORDER_CHANGE_INVALID':
    case 'IMPORT_INVALID':
    case 'ITEM_NOT_MADE':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'TASK_NOT_FOUND':
    case 'PERIOD_NOT_FOUND':
    case 'ROUTING_NOT_FOUND':
    case 'BOM_NOT_FOUND':
      return 404;
    case 'TASK_FINISHED':
    case 'TASK_CLAIMED_BY_OTHER':
    case 'ORDER_NOT_CANCELLABLE':
    case 'ORDER_NOT_CHANGEABLE':
    case 'PURCHASE_ORDER_NOT_OPEN':
    case 'PERIOD_ALREADY_CLOSED':
    case 'PERIOD_NOT_CLOSED':
    case 'PERIOD_OUT_OF_ORDER':
    case 'PERIOD_CLOSE_BLOCKED':
    case 'DUPLICATE':
    case 'FIELD_FROZEN':
    case 'RECORD_INACTIVE':
    case 'LOCATION_HAS_STOCK':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'BOM_CYCLE':
    case 'PRODUCTION_ORDER_CLOSED':
    case 'MRP_RUN_IN_PROGRESS':
    case 'ALERT_NOT_OPEN':
    case 'PACK_CHECK_NOT_OPEN':
      return 409;
    case 'PACK_CHECK_MISMATCH':
      return 422;
    case 'REQUEST_TOO_LARGE':
      return 413;
    case 'ACCOUNT_LOCKED':
      return 429;
    case 'PROCESS_UNAVAILABLE':
    case 'DEPENDENCY_UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
  }
}

/** Seconds a client should wait before retrying a refusal that passes by itself (sent as `Retry-After`). */
export function retryAfterFor(code: ApiErrorCode): number | undefined {
  return code === 'PROCESS_UNAVAILABLE' || code === 'DEPENDENCY_UNAVAILABLE' ? 5 : undefined;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; field?: string; details?: ApiErrorDetail[] };
}

/** Turns a validation path such as ['lines', 0, 'quantity'] into `lines[0].quantity`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, '');
}

/** HTTP statuses for the books' rejections (stock ledger, valuation, journal, periods). */
export function statusForBooks(code: BooksErrorCode): number {
  switch (code) {
    case 'UNKNOWN_ITEM':
    case 'UNKNOWN_LOCATION':
    case 'UNKNOWN_LOT':
    case 'UNKNOWN_ACCOUNT':
    case 'INVALID_QUANTITY':
    case 'INVALID_MOVE':
    case 'UNBALANCED_ENTRY':
    case 'ACCOUNT_NOT_POSTABLE':
      return 400;
    case 'INSUFFICIENT_STOCK':
    case 'PERIOD_CLOSED':
    case 'PERIOD_BEFORE_CLOSED':
    case 'PERIOD_SOFT_LOCKED':
    case 'PERIOD_BEYOND_HORIZON':
      return 409;
  }
}

/** HTTP statuses for rule-set administration. */
export function statusForRules(code: RulesErrorCode): number {
  switch (code) {
    case 'RULE_SET_NOT_FOUND':
    case 'RULE_VERSION_NOT_FOUND':
      return 404;
    case 'RULE_SET_INVALID':
    case 'RULE_FACTS_INVALID':
      return 400;
    case 'RULE_FOUR_EYES':
      return 403;
    case 'RULE_VERSION_NOT_DRAFT':
    case 'NO_PUBLISHED_RULES':
      return 409;
  }
}
