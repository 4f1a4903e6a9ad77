import type { ExpiryActionRule, ExpiryFlag, LineExpiryRule } from './receipt-task.types';

const DAY_MS = 86_400_000;

/** A line's flag as the clerk should see it before confirming, with the action that would apply. */
export interface LineFlag {
  flag: ExpiryFlag;
  daysLeft: number;
  action: ExpiryActionRule | null;
}

const epochDay = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/**
 * Mirrors the server's expiry rule (rules/expiry: the expiry date is the last usable day) on the line's pinned
 * actions, for the receipt date rather than today: past it, the lot is expired and lands blocked; inside a window,
 * the most urgent action (the smallest window it is in) applies. The server decides again and stores the decision.
 */
export function expiryFlagOf(
  expiresOn: string | null,
  receivedOn: string,
  rule: LineExpiryRule | undefined,
): LineFlag | null {
  if (!expiresOn || !/^\d{4}-\d{2}-\d{2}$/.test(expiresOn) || !/^\d{4}-\d{2}-\d{2}$/.test(receivedOn)) return null;
  const daysLeft = epochDay(expiresOn) - epochDay(receivedOn);
  if (!Number.isFinite(daysLeft)) return null;
  if (daysLeft < 0) return { flag: 'expired', daysLeft, action: null };
  const windows = (rule?.actions ?? []).filter((entry) => daysLeft <= entry.withinDays);
  const action = windows.sort((a, b) => a.withinDays - b.withinDays)[0];
  return action ? { flag: 'near-expiry', daysLeft, action } : null;
}

const ACTION_TEXT: Record<ExpiryActionRule['action'], (action: ExpiryActionRule) => string> = {
  alert: () => 'alert',
  discount: (action) => `discount ${action.discountPercent ?? 0}%`,
  'scrap-task': () => 'scrap task',
};

/** What the flag says, for people. */
export function flagText(flag: LineFlag): string {
  if (flag.flag === 'expired') return 'Expired on arrival: will be blocked';
  const days = flag.daysLeft === 1 ? '1 day' : `${flag.daysLeft} days`;
  return `Near expiry (${days} left): ${flag.action ? ACTION_TEXT[flag.action.action](flag.action) : 'flagged'}`;
}
