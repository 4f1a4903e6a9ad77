import type { ConfirmedPick, ReservedLine } from './order-fulfillment.contract';

const EPSILON = 1e-9;

function isConfirmedPick(value: unknown): value is ConfirmedPick {
  if (!value || typeof value !== 'object') return false;
  const pick = value as Record<string, unknown>;
  return (
    typeof pick.lineNo === 'number' &&
    typeof pick.locationCode === 'string' &&
    (pick.lotCode === null || typeof pick.lotCode === 'string') &&
    typeof pick.quantity === 'number'
  );
}

/**
 * Checks a pick confirmation against what was reserved: every pick names a reserved line, location and lot,
 * has a positive quantity, and no location/lot is picked beyond its reservation. Returns the first problem.
 * Pure, so the workflow's update validator and the unit tests share it.
 */
export function findPickProblem(lines: ReservedLine[], payload: Record<string, unknown>): string | undefined {
  const picks = payload.picks;
  if (!Array.isArray(picks) || picks.length === 0) return 'payload.picks must be a non-empty array';
  const remaining = new Map<string, number>();
  for (const line of lines) {
    for (const pick of line.picks) {
      const key = `${line.lineNo}|${pick.locationCode}|${pick.lotCode ?? ''}`;
      remaining.set(key, (remaining.get(key) ?? 0) + pick.quantity);
    }
  }
  for (const [index, raw] of picks.entries()) {
    const field = `payload.picks[${index}]`;
    if (!isConfirmedPick(raw)) return `${field} needs lineNo, locationCode, lotCode and quantity`;
    if (!Number.isFinite(raw.quantity) || raw.quantity <= 0) return `${field}.quantity must be positive`;
    const key = `${raw.lineNo}|${raw.locationCode}|${raw.lotCode ?? ''}`;
    const left = remaining.get(key);
    if (left === undefined)
      return `${field} picks line ${raw.lineNo} from ${raw.locationCode}/${raw.lotCode}, which was not allocated`;
    if (raw.quantity > left + EPSILON) return `${field}.quantity ${raw.quantity} exceeds the ${left} allocated there`;
    remaining.set(key, left - raw.quantity);
  }
  return undefined;
}
