import type { KitIssuePick } from '../production-order/production-order.contract';
import { quantityProblem } from '../production-order/kit-pick-validation';
import type { MergedIssuePick, MergedJoin, MergedPickLine } from './merged-issue.contract';

const milli = (quantity: number) => Math.round(quantity * 1000);

/** Orders in the batch in the order their shares are issued: due date first, then number. */
export function inPriorityOrder<T extends { dueDate: string; orderNumber: string }>(joins: T[]): T[] {
  return [...joins].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.orderNumber.localeCompare(b.orderNumber));
}

const placeOf = (pick: { sku: string; location: string; lotCode: string | null }) =>
  `${pick.sku}|${pick.location}|${pick.lotCode ?? ''}`;

/**
 * The pick task's lines: the joined orders' reserved picks summed per item, bin and lot (what the clerk takes from
 * the shelf once), each with its shares per order line (how the picked stock is then distributed), shares in priority
 * order, lines by item, bin and lot.
 */
export function groupMergedLines(joins: MergedJoin[]): MergedPickLine[] {
  const lines = new Map<string, MergedPickLine>();
  for (const join of inPriorityOrder(joins)) {
    for (const pick of join.picks) {
      const key = placeOf(pick);
      const line = lines.get(key) ?? {
        sku: pick.sku,
        location: pick.location,
        lotCode: pick.lotCode,
        expiresOn: pick.expiresOn,
        total: 0,
        shares: [],
      };
      line.total = (milli(line.total) + milli(pick.quantity)) / 1000;
      const share = line.shares.find((s) => s.orderNumber === join.orderNumber && s.lineNo === pick.lineNo);
      if (share) share.quantity = (milli(share.quantity) + milli(pick.quantity)) / 1000;
      else line.shares.push({ orderNumber: join.orderNumber, lineNo: pick.lineNo, quantity: pick.quantity });
      lines.set(key, line);
    }
  }
  return [...lines.values()].sort((a, b) => placeOf(a).localeCompare(placeOf(b)));
}

const shareKey = (pick: { orderNumber: string; lineNo: number; location: string; lotCode?: string | null }) =>
  `${pick.orderNumber}|${pick.lineNo}|${pick.location}|${pick.lotCode ?? ''}`;

/**
 * Checks the clerk's confirmed picks (pure: the task's payload carries the reservations): each names an order of the
 * batch, one of its reserved lines, bin and lot, and every reserved share is picked exactly as reserved (a short pick
 * would leave an order's kit short after its operations started; the clerk reports it to the planner instead).
 * Returns the first problem naming its field, or undefined.
 */
export function findMergedPickProblem(joins: MergedJoin[], payload: Record<string, unknown>): string | undefined {
  const picks = payload.picks;
  if (!Array.isArray(picks) || picks.length === 0) return 'payload.picks must be a non-empty array';
  const reserved = new Map<string, number>();
  for (const join of joins) {
    for (const pick of join.picks) {
      const key = shareKey({ ...pick, orderNumber: join.orderNumber });
      reserved.set(key, (reserved.get(key) ?? 0) + milli(pick.quantity));
    }
  }
  const picked = new Map<string, number>();
  const firstAt = new Map<string, number>();
  for (const [index, entry] of picks.entries()) {
    const field = `payload.picks[${index}]`;
    const pick = entry as Partial<MergedIssuePick> | null;
    if (!pick || typeof pick.orderNumber !== 'string' || !joins.some((j) => j.orderNumber === pick.orderNumber)) {
      return `${field}.orderNumber must name an order of this batch`;
    }
    if (typeof pick.lineNo !== 'number' || typeof pick.location !== 'string' || pick.location === '') {
      return `${field} needs a numeric lineNo and a location`;
    }
    const quantity = quantityProblem(pick.quantity, `${field}.quantity`);
    if (quantity) return quantity;
    const key = shareKey(pick as MergedIssuePick);
    if (!reserved.has(key)) {
      return `${field}.location ${pick.location}${pick.lotCode ? ` lot ${pick.lotCode}` : ''} holds nothing reserved for order ${pick.orderNumber} line ${pick.lineNo}`;
    }
    picked.set(key, (picked.get(key) ?? 0) + milli(pick.quantity as number));
    if (!firstAt.has(key)) firstAt.set(key, index);
  }
  for (const [key, quantity] of reserved) {
    const got = picked.get(key) ?? 0;
    if (got === quantity) continue;
    const [order, lineNo, location] = key.split('|');
    const what = `order ${order} line ${lineNo} at ${location} exactly: ${quantity / 1000} reserved, ${got / 1000} picked`;
    const at = firstAt.get(key);
    return at === undefined ? `payload.picks must pick ${what}` : `payload.picks[${at}].quantity must pick ${what}`;
  }
  return undefined;
}

/** One order's picks out of the clerk's confirmed list, as the issue activity takes them. */
export function shareOf(picks: MergedIssuePick[], orderNumber: string): KitIssuePick[] {
  return picks
    .filter((pick) => pick.orderNumber === orderNumber)
    .map(({ lineNo, location, lotCode, quantity }) => ({ lineNo, location, lotCode: lotCode ?? null, quantity }));
}

/** The default confirmation (every share as reserved), which the console pre-fills and tests send. */
export function picksAsReserved(joins: MergedJoin[]): MergedIssuePick[] {
  return inPriorityOrder(joins).flatMap((join) =>
    join.picks.map(({ lineNo, location, lotCode, quantity }) => ({
      orderNumber: join.orderNumber,
      lineNo,
      location,
      lotCode,
      quantity,
    })),
  );
}
