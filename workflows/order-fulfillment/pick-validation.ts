import type { ConfirmedPick, ReservedLine } from './order-fulfillment.contract';

/** One stop of the picker's walk: a bin, what to take there and for which line. */
export interface PickStop {
  stop: number;
  locationCode: string;
  lotCode: string | null;
  expiryDate: string | null;
  lineNo: number;
  itemSku: string;
  quantity: number;
}

/**
 * The pick list in walking order: bins sorted by their code (warehouse-zone-aisle-bin), so the clerk walks each
 * aisle once instead of zig-zagging line by line.
 */
export function walkingOrder(lines: ReservedLine[]): PickStop[] {
  const stops = lines.flatMap((line) =>
    line.picks.map((pick) => ({
      locationCode: pick.locationCode,
      lotCode: pick.lotCode,
      expiryDate: pick.expiryDate,
      lineNo: line.lineNo,
      itemSku: line.itemSku,
      quantity: pick.quantity,
    })),
  );
  stops.sort((a, b) => a.locationCode.localeCompare(b.locationCode) || a.lineNo - b.lineNo);
  return stops.map((stop, index) => ({ stop: index + 1, ...stop }));
}

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
 * has a positive quantity, takes no lot that has expired by `today` (YYYY-MM-DD), and no location/lot is picked
 * beyond its reservation. Less than reserved is a short pick, and an empty list means nothing was found.
 * Returns the first problem. Pure, so the workflow's update validator and the unit tests share it.
 */
export function findPickProblem(
  lines: ReservedLine[],
  payload: Record<string, unknown>,
  today?: string,
): string | undefined {
  const picks = payload.picks;
  if (!Array.isArray(picks)) return 'payload.picks must be an array (empty when nothing was found)';
  const remaining = new Map<string, number>();
  const expiry = new Map<string, string | null>();
  for (const line of lines) {
    for (const pick of line.picks) {
      const key = `${line.lineNo}|${pick.locationCode}|${pick.lotCode ?? ''}`;
      remaining.set(key, (remaining.get(key) ?? 0) + pick.quantity);
      expiry.set(key, pick.expiryDate);
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
    const expires = expiry.get(key);
    if (today && expires && expires < today) return `${field} takes lot ${raw.lotCode}, which expired on ${expires}`;
    if (raw.quantity > left + EPSILON) return `${field}.quantity ${raw.quantity} exceeds the ${left} allocated there`;
    remaining.set(key, left - raw.quantity);
  }
  return undefined;
}
