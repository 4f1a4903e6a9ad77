import type { TrialBalanceRange } from '../../db/repositories/trial-balance-repository';

export interface TrialBalanceParams {
  basis?: 'cumulative' | 'period';
  period?: string;
  asOf?: string;
  from?: string;
  to?: string;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The last day of a `YYYY-MM` month (Gregorian; computed, since Date maps years 0-99 to the 1900s). */
export function lastDayOf(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 31);
  return `${period}-${String(day).padStart(2, '0')}`;
}

/**
 * The dates a (schema-validated) trial balance query covers. Without a basis, from/to mean a period and anything
 * else cumulative; `period` alone keeps its old meaning: cumulative through the end of that month.
 */
export function trialBalanceRange(q: TrialBalanceParams): TrialBalanceRange {
  const basis = q.basis ?? (q.from || q.to ? 'period' : 'cumulative');
  const period = q.period ?? null;
  if (basis === 'cumulative') return { basis, period, to: q.asOf ?? (period ? lastDayOf(period) : null) };
  if (period) return { basis, period, from: `${period}-01`, to: lastDayOf(period) };
  return { basis, period, from: q.from, to: q.to ?? null };
}
