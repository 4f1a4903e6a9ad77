import type { ExpiryAction, ExpiryPolicy } from '../rule-sets';
import { daysLeft } from './shelf-life';

/** A lot as far as expiry is concerned: its expiry date as an epoch day, or null if it does not expire. */
export interface ExpiringLot {
  expiresOn: number | null;
}

/** A near-expiry action that applies to a lot today. */
export interface DueAction {
  action: ExpiryAction;
  daysLeft: number;
  /** Only for `discount`. */
  discountPercent?: number;
}

/** Expired (blocked), an action due, or nothing to do. */
export type ExpiryStatus = 'expired' | DueAction | 'ok';

/**
 * The expiry status of a lot on `today`: 'expired' once its expiry date has passed (expired lots are always
 * blocked), else the most urgent policy action whose window it is in (the smallest `withinDays` that is still
 * >= the days left), else 'ok'. With actions alert@30, discount@14 and scrap-task@3, a lot with 10 days left gets
 * the discount, one with 3 days left the scrap task, and one expiring today (0 days left) the scrap task too.
 */
export function expiryStatus(lot: ExpiringLot, today: number, policy: ExpiryPolicy): ExpiryStatus {
  if (lot.expiresOn === null) return 'ok';
  const left = daysLeft(lot.expiresOn, today);
  if (left < 0) return 'expired';
  let due: ExpiryPolicy['actions'][number] | undefined;
  for (const entry of policy.actions) {
    if (left <= entry.withinDays && (due === undefined || entry.withinDays < due.withinDays)) due = entry;
  }
  if (due === undefined) return 'ok';
  const status: DueAction = { action: due.action, daysLeft: left };
  if (due.discountPercent !== undefined) status.discountPercent = due.discountPercent;
  return status;
}
