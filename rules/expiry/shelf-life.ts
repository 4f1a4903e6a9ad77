/**
 * Shelf-life arithmetic on epoch days (whole days since 1970-01-01, UTC), shared by expiry and allocation so both
 * agree on when a lot is expired. Today is always passed in: nothing here reads a clock.
 */

const MS_PER_DAY = 86_400_000;

function assertDay(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer epoch day, got ${value}`);
}

/** The epoch day of an ISO calendar date (`2026-03-01`); throws a RangeError for anything else. */
export function epochDay(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== isoDate) throw new RangeError(`not a date: ${isoDate}`);
  return ms / MS_PER_DAY;
}

/** Days from `today` until `expiresOn`: 0 on the expiry date itself, negative once it has passed. */
export function daysLeft(expiresOn: number, today: number): number {
  assertDay(expiresOn, 'expiresOn');
  assertDay(today, 'today');
  return expiresOn - today;
}

/**
 * True once the expiry date has passed. The expiry date is the last day the lot may be used (GS1 "use by"), so a
 * lot expiring today is not yet expired; a lot without expiry date (null) never expires.
 */
export function isExpired(expiresOn: number | null, today: number): boolean {
  return expiresOn !== null && daysLeft(expiresOn, today) < 0;
}
