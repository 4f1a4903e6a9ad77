import type { ReceiptTaskLine } from './purchase-receipt.contract';

const EPSILON = 1e-9;
const LOT_CODE_MAX = 40;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Clocks of the clerk's handheld and the server differ a little: this much "future" is still now. */
export const RECEIPT_CLOCK_SKEW_MS = 120_000;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). Pure: no clock, no time zone. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The posting engine accepts quantities whose thousandfold is an integer in floating point; mirror its rule
 * exactly so a receipt the validator lets through can always be posted.
 */
export function hasAtMostThreeDecimals(quantity: number): boolean {
  return Math.round(quantity * 1000) === quantity * 1000;
}

/** Optional text fields arrive as undefined, null or '' when the clerk left them empty. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function lotProblem(field: string, line: ReceiptTaskLine, raw: Record<string, unknown>): string | undefined {
  if (!line.lotTracked) {
    const named = ['lotCode', 'manufacturedOn', 'expiresOn'].find((key) => !isBlank(raw[key]));
    return named ? `${field}.${named} must be empty: ${line.itemSku} is not lot-tracked` : undefined;
  }
  const lotCode = raw.lotCode;
  if (typeof lotCode !== 'string' || lotCode.trim() === '') {
    return `${field}.lotCode is required: ${line.itemSku} is lot-tracked`;
  }
  if (lotCode.trim() !== lotCode) return `${field}.lotCode must not start or end with spaces`;
  if (lotCode.length > LOT_CODE_MAX) return `${field}.lotCode must be at most ${LOT_CODE_MAX} characters`;
  for (const key of ['manufacturedOn', 'expiresOn']) {
    if (!isBlank(raw[key]) && !isIsoDate(raw[key])) return `${field}.${key} must be a date YYYY-MM-DD`;
  }
  const { manufacturedOn, expiresOn } = raw;
  if (isIsoDate(manufacturedOn) && isIsoDate(expiresOn) && expiresOn <= manufacturedOn) {
    return `${field}.expiresOn ${expiresOn} must be after manufacturedOn ${manufacturedOn}`;
  }
  return undefined;
}

/** What the receipt date is checked against: the time now, and the first day outside any closed period. */
export interface ReceiptDating {
  now: number;
  openFrom: string | null | undefined;
}

/**
 * The receipt date, when given: an ISO date-time with its zone, not in the future (beyond a little clock skew), and
 * not in a closed period (before `openFrom`). Dates compare as UTC days, the books' calendar.
 */
export function receiptDateProblem(value: unknown, dating: ReceiptDating): string | undefined {
  if (isBlank(value)) return undefined;
  const field = 'payload.receivedAt';
  const match = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!match || !isIsoDate(match[1]) || !Number.isFinite(at)) {
    return `${field} must be a date and time like 2026-03-01T09:30:00Z`;
  }
  if (at > dating.now + RECEIPT_CLOCK_SKEW_MS)
    return `${field} ${value} is in the future; goods cannot arrive later than now`;
  const day = new Date(at).toISOString().slice(0, 10);
  if (dating.openFrom && day < dating.openFrom) return closedPeriodProblem(day, dating.openFrom);
  return undefined;
}

const CLOSED_PERIOD_PROBLEM =
  /^payload\.receivedAt (\d{4}-\d{2}-\d{2}) lies in a closed period; receipts may be dated from (\d{4}-\d{2}-\d{2})$/;

/** The validator's problem for a receipt dated `day`, before `openFrom` (the day after the latest closed period). */
function closedPeriodProblem(day: string, openFrom: string): string {
  return `payload.receivedAt ${day} lies in a closed period; receipts may be dated from ${openFrom}`;
}

/**
 * The receipt day and the first open day when `problem` is the validator's refusal of a date in a closed period,
 * else undefined. The API answers that refusal with the books' PERIOD_CLOSED, as for any document dated into a closed
 * month; the problem's wording stays the workflow's (a rejected update leaves no trace in a history).
 */
export function closedPeriodDating(problem: string): { day: string; openFrom: string } | undefined {
  const match = CLOSED_PERIOD_PROBLEM.exec(problem);
  return match?.[1] && match[2] ? { day: match[1], openFrom: match[2] } : undefined;
}

/**
 * Checks a goods-receipt completion against the purchase order: every entry names a line of the order once,
 * receives a positive quantity no larger than ordered, and carries a lot (with valid dates, expiry after
 * manufacture) exactly when the item is lot-tracked, and a receipt date (when `dating` is given) that is neither in
 * the future nor in a closed period. Lines left out are simply not received (a partial receipt). Returns the first
 * problem. Pure (the clock is an argument), so the workflow's update validator and the unit tests share it.
 */
export function findReceiptProblem(
  lines: ReceiptTaskLine[],
  payload: Record<string, unknown>,
  dating?: ReceiptDating,
): string | undefined {
  const dateProblem = dating ? receiptDateProblem(payload.receivedAt, dating) : undefined;
  if (dateProblem) return dateProblem;
  const entries = payload.lines;
  if (!Array.isArray(entries) || entries.length === 0) return 'payload.lines must be a non-empty array';
  const byLineNo = new Map(lines.map((line) => [line.lineNo, line]));
  const seen = new Set<number>();
  for (const [index, raw] of entries.entries()) {
    const field = `payload.lines[${index}]`;
    if (!raw || typeof raw !== 'object' || typeof raw.lineNo !== 'number' || typeof raw.quantity !== 'number') {
      return `${field} needs a numeric lineNo and quantity`;
    }
    const entry = raw as Record<string, unknown> & { lineNo: number; quantity: number };
    const line = byLineNo.get(entry.lineNo);
    if (!line) return `${field}.lineNo ${entry.lineNo} is not a line of this purchase order`;
    if (seen.has(entry.lineNo)) return `${field}.lineNo ${entry.lineNo} appears twice; receive each line once`;
    seen.add(entry.lineNo);
    if (!Number.isFinite(entry.quantity) || entry.quantity <= 0) return `${field}.quantity must be positive`;
    if (!hasAtMostThreeDecimals(entry.quantity)) return `${field}.quantity must have at most 3 decimals`;
    if (line.maxQuantity !== undefined && entry.quantity > line.maxQuantity + EPSILON) {
      // One of several deliveries: up to the open quantity plus the over-delivery tolerance.
      return (
        `${field}.quantity ${entry.quantity} is more than line ${line.lineNo} may still receive: ${line.maxQuantity} ` +
        `(${line.openQuantity ?? 0} open of ${line.orderedQuantity} ordered, plus the over-delivery tolerance)`
      );
    }
    if (line.maxQuantity === undefined && entry.quantity > line.orderedQuantity + EPSILON) {
      return `${field}.quantity ${entry.quantity} exceeds the ${line.orderedQuantity} ordered`;
    }
    const problem = lotProblem(field, line, entry);
    if (problem) return problem;
  }
  return undefined;
}
