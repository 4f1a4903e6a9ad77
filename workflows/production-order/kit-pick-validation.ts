import type { KitIssuePick, KitPick } from './production-order.contract';

const milli = (quantity: number) => Math.round(quantity * 1000);

/** A positive quantity with at most 3 decimals, or the problem naming `field`. */
export function quantityProblem(value: unknown, field: string, allowZero = false): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    return allowZero ? `${field} must be a number, zero or more` : `${field} must be positive`;
  }
  if (Math.abs(milli(value) - value * 1000) > 1e-6) return `${field} must have at most 3 decimals`;
  return undefined;
}

const placeKey = (pick: { lineNo: number; location: string; lotCode?: string | null }) =>
  `${pick.lineNo}|${pick.location}|${pick.lotCode ?? ''}`;

function pickShapeProblem(entry: unknown, field: string): string | undefined {
  const pick = entry as Partial<KitIssuePick> | null;
  if (!pick || typeof pick.lineNo !== 'number' || typeof pick.location !== 'string' || pick.location === '') {
    return `${field} needs a numeric lineNo and a location`;
  }
  if (pick.lotCode !== undefined && pick.lotCode !== null && typeof pick.lotCode !== 'string') {
    return `${field}.lotCode must be a lot code or null`;
  }
  return quantityProblem(pick.quantity, `${field}.quantity`);
}

/**
 * Checks the clerk's kit picks against the order's reservations (pure, the task payload carries them): each pick
 * takes a reserved place (component line, location, lot), no more than is reserved there, and every reserved line is
 * picked exactly to what is reserved for it (the kit goes to the line whole). Returns the first problem naming its
 * field, or undefined.
 */
export function findKitPickProblem(reserved: KitPick[], payload: Record<string, unknown>): string | undefined {
  const picks = payload.picks;
  if (!Array.isArray(picks) || picks.length === 0) return 'payload.picks must be a non-empty array';
  const places = new Map<string, number>();
  const lineTotals = new Map<number, number>();
  for (const place of reserved) {
    places.set(placeKey(place), (places.get(placeKey(place)) ?? 0) + milli(place.quantity));
    lineTotals.set(place.lineNo, (lineTotals.get(place.lineNo) ?? 0) + milli(place.quantity));
  }
  const taken = new Map<string, number>();
  const picked = new Map<number, number>();
  for (const [index, entry] of picks.entries()) {
    const field = `payload.picks[${index}]`;
    const shape = pickShapeProblem(entry, field);
    if (shape) return shape;
    const pick = entry as KitIssuePick;
    if (!lineTotals.has(pick.lineNo)) return `${field}.lineNo ${pick.lineNo} is not a component reserved for this kit`;
    const key = placeKey(pick);
    const room = places.get(key);
    if (room === undefined) {
      return `${field}.location ${pick.location}${pick.lotCode ? ` lot ${pick.lotCode}` : ''} holds nothing reserved for line ${pick.lineNo}`;
    }
    const fromPlace = (taken.get(key) ?? 0) + milli(pick.quantity);
    if (fromPlace > room) return `${field}.quantity exceeds the ${room / 1000} reserved in ${pick.location}`;
    taken.set(key, fromPlace);
    picked.set(pick.lineNo, (picked.get(pick.lineNo) ?? 0) + milli(pick.quantity));
  }
  for (const [lineNo, total] of lineTotals) {
    const got = picked.get(lineNo) ?? 0;
    if (got !== total) {
      return `payload.picks must pick line ${lineNo} exactly: ${total / 1000} reserved, ${got / 1000} picked`;
    }
  }
  return undefined;
}
