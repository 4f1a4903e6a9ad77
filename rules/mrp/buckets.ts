import type { Bucket, Bucketing } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

function toDay(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date: ${iso}`);
  return Math.round(ms / DAY_MS);
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `iso` moved by `days` calendar days (negative: earlier). */
export function addDays(iso: string, days: number): string {
  return fromDay(toDay(iso) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from);
}

/** The horizon's buckets: daily or weekly from the run's date. */
export function bucketsOf(bucketing: Bucketing): Bucket[] {
  const width = bucketing.size === 'week' ? 7 : 1;
  return Array.from({ length: bucketing.count }, (_, index) => ({
    index,
    start: addDays(bucketing.start, index * width),
    end: addDays(bucketing.start, (index + 1) * width),
  }));
}

/**
 * The bucket a date falls in: dates before the horizon (past due) fall in bucket 0, dates after it give null.
 */
export function bucketOf(bucketing: Bucketing, iso: string): number | null {
  const width = bucketing.size === 'week' ? 7 : 1;
  const offset = daysBetween(bucketing.start, iso);
  if (offset < 0) return 0;
  const index = Math.floor(offset / width);
  return index < bucketing.count ? index : null;
}
