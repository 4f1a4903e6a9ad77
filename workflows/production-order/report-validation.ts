import { quantityProblem } from './kit-pick-validation';

const milli = (quantity: number) => Math.round(quantity * 1000);

/**
 * Checks an operation report (pure): good and scrap are quantities (zero allowed, not both), together no more than
 * the operation still has open (what it received minus what it already reported), labour hours zero or more with at
 * most 4 decimals. Returns the first problem naming its field, or undefined.
 */
export function findOperationReportProblem(open: number, payload: Record<string, unknown>): string | undefined {
  const problem =
    quantityProblem(payload.good, 'payload.good', true) ?? quantityProblem(payload.scrap, 'payload.scrap', true);
  if (problem) return problem;
  const hours = payload.labourHours;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
    return 'payload.labourHours must be a number, zero or more';
  }
  if (Math.abs(Math.round(hours * 10_000) - hours * 10_000) > 1e-6) {
    return 'payload.labourHours must have at most 4 decimals';
  }
  const reported = milli(payload.good as number) + milli(payload.scrap as number);
  if (reported === 0) return 'payload.good and payload.scrap must not both be zero';
  if (reported > milli(open)) {
    return `payload.good plus payload.scrap (${reported / 1000}) exceeds the ${open} this operation still has open`;
  }
  return undefined;
}

/**
 * Checks a completion report (pure): a positive good quantity no more than the last operation passed on and is not
 * yet received, and a location to receive it into. Returns the first problem naming its field, or undefined.
 */
export function findCompletionReportProblem(available: number, payload: Record<string, unknown>): string | undefined {
  const problem = quantityProblem(payload.good, 'payload.good');
  if (problem) return problem;
  if (milli(payload.good as number) > milli(available)) {
    return `payload.good (${payload.good as number}) exceeds the ${available} finished and not yet received`;
  }
  const location = payload.toLocation;
  if (typeof location !== 'string' || location.trim() === '') return 'payload.toLocation must name a location';
  return undefined;
}
