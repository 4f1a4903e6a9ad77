import type { ReturnPick, SupplierReturnForTask } from './supplier-return.contract';

const milli = (quantity: number) => Math.round(quantity * 1000);

function pickShapeProblem(entry: unknown, field: string): string | undefined {
  const pick = entry as Partial<ReturnPick> | null;
  if (!pick || typeof pick.lineNo !== 'number' || typeof pick.fromLocation !== 'string') {
    return `${field} needs a numeric lineNo and a fromLocation`;
  }
  if (typeof pick.quantity !== 'number' || !Number.isFinite(pick.quantity) || pick.quantity <= 0) {
    return `${field}.quantity must be positive`;
  }
  if (Math.abs(milli(pick.quantity) - pick.quantity * 1000) > 1e-6)
    return `${field}.quantity must have at most 3 decimals`;
  if (pick.status !== undefined && typeof pick.status !== 'string') return `${field}.status must be a stock status`;
  return undefined;
}

/**
 * Checks the clerk's picks against the return (pure, the task payload carries the stock places): each pick names a
 * return line and a place that holds its goods, takes no more than is free there, and every line is picked exactly
 * to its quantity. Returns the first problem naming its field, or undefined.
 */
export function findPickProblem(task: SupplierReturnForTask, payload: Record<string, unknown>): string | undefined {
  const picks = payload.picks;
  if (!Array.isArray(picks) || picks.length === 0) return 'payload.picks must be a non-empty array';
  const picked = new Map<number, number>();
  const taken = new Map<string, number>();
  for (const [index, entry] of picks.entries()) {
    const field = `payload.picks[${index}]`;
    const shape = pickShapeProblem(entry, field);
    if (shape) return shape;
    const pick = entry as ReturnPick;
    const line = task.lines.find((candidate) => candidate.lineNo === pick.lineNo);
    if (!line) return `${field}.lineNo ${pick.lineNo} is not a line of return ${task.returnNumber}`;
    const status = pick.status ?? 'available';
    const place = line.stock.find((where) => where.location === pick.fromLocation && where.status === status);
    if (!place) {
      return `${field}.fromLocation ${pick.fromLocation} holds no ${status} stock of ${line.itemSku}${line.lotCode ? ` lot ${line.lotCode}` : ''}`;
    }
    const placeKey = `${line.lineNo}|${place.location}|${status}`;
    const fromPlace = (taken.get(placeKey) ?? 0) + milli(pick.quantity);
    if (fromPlace > milli(place.free)) {
      return `${field}.quantity exceeds the ${place.free} free in ${place.location}`;
    }
    taken.set(placeKey, fromPlace);
    picked.set(line.lineNo, (picked.get(line.lineNo) ?? 0) + milli(pick.quantity));
  }
  for (const line of task.lines) {
    const got = picked.get(line.lineNo) ?? 0;
    if (got !== milli(line.quantity)) {
      return `payload.picks must pick line ${line.lineNo} exactly: ${line.quantity} to return, ${got / 1000} picked`;
    }
  }
  return undefined;
}
