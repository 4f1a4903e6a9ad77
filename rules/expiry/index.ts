/**
 * Expiry: when a lot is expired (blocked) and which near-expiry action (alert, discount, scrap task) is due. Pure:
 * today is an argument, as an epoch day.
 */
export { expiryStatus } from './expiry-status';
export type { DueAction, ExpiringLot, ExpiryStatus } from './expiry-status';
export { daysLeft, epochDay, isExpired } from './shelf-life';
