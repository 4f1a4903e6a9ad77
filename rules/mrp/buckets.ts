import type { Bucket, Bucketing } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/*
 * Day numbers by date and back, remembered: a run converts a few hundred distinct dates millions of times (every
 * demand's bucket, every planned order's release), and parsing each anew was the largest part of its calculation.
 * Bounded, so a long-lived worker does not collect every date it ever saw.
 */
const MEMO_LIMIT = 20_000;
const dayOf = new Map<string, number>();
const isoOf = new Map<number, string>();

function toDay(iso: string): number {
  const known = dayOf.get(iso);
  if (known !== undefined) return known;
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date: ${iso}`);
  const day = Math.round(ms / DAY_MS);
  if (dayOf.size >= MEMO_LIMIT) dayOf.clear();
  dayOf.set(iso, day);
  return day;
}

function fromDay(day: number): string {
  const known = isoOf.get(day);
  if (known !== undefined) return known;
  const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (isoOf.size >= MEMO_LIMIT) isoOf.clear();
  isoOf.set(day, iso);
  return iso;
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
  const offset = toDay(iso) - startDayOf(bucketing.start);
  if (offset < 0) return 0;
  const index = Math.floor(offset / width);
  return index < bucketing.count ? index : null;
}

/*
 * The last horizon start as a day number: a run buckets every demand, receipt and release against one start, and
 * this saves looking that start up again each time.
 */
let lastStart: string | undefined;
let lastStartDay = 0;

function startDayOf(start: string): number {
  if (start !== lastStart) {
    lastStartDay = toDay(start);
    lastStart = start;
  }
  return lastStartDay;
}
