/** Type checks for fact values and condition values, shared by rule validation and by the engine's fact check. */
import type { FactType } from './facts';
import { isRecord } from './paths';

// A tiny dot/bracket path such as `storage.temperature` or `limits[0].max`; JSONPath (`$..x`) is not accepted.
const FACT_PATH = /^[^.[\]\s]+(?:\.[^.[\]\s]+|\[\d+\])*$/;

/** True for a path into an attributes fact: `a.b[0].c` (dots and numeric brackets, no JSONPath). */
export function isFactPath(value: unknown): value is string {
  return typeof value === 'string' && FACT_PATH.test(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is refused). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isScalar = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** What a scalar value must satisfy, by type; `scalar` is any string, finite number or boolean. */
export const SCALAR_CHECKS = {
  string: (value: unknown) => typeof value === 'string',
  number: (value: unknown) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value: unknown) => typeof value === 'boolean',
  date: isIsoDate,
  scalar: isScalar,
} satisfies Record<string, (value: unknown) => boolean>;

/** A scalar type a condition value can have. */
export type ScalarType = keyof typeof SCALAR_CHECKS;

/** True when `value` is JSON data: no functions, no undefined, no NaN or Infinity. */
export function isJsonValue(value: unknown): boolean {
  if (value === null || isScalar(value)) return true;
  if (Array.isArray(value)) return value.every(isJsonValue);
  return isRecord(value) && Object.values(value).every(isJsonValue);
}

const FACT_CHECKS: Record<FactType, (value: unknown) => boolean> = {
  ...SCALAR_CHECKS,
  'string-list': (value) => Array.isArray(value) && value.every((entry) => typeof entry === 'string'),
  attributes: (value) => isRecord(value) && isJsonValue(value),
};

/**
 * True when `value` fits a fact of type `type`. `null` always fits: it means "not known", so equal, in and ordering
 * tests on it are false and notEqual / notIn are true.
 */
export function matchesFactType(type: FactType, value: unknown): boolean {
  return value === null || FACT_CHECKS[type](value);
}
