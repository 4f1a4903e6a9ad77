import type { MoveType } from '../entities';
import { ACCOUNTS } from '../accounting/journal';

/** Work in progress (POSTINGS.md 1400): the other side of production issues and receipts. */
export const WORK_IN_PROGRESS = '1400';

/** How a move type changes value: `in` adds to a valuation scope, `out` takes from it, `none` moves quantity only. */
export type ValueDirection = 'in' | 'out' | 'none';

interface MoveTypeRule {
  needsFrom: boolean;
  needsTo: boolean;
  direction: ValueDirection;
  /** The account on the other side of Inventory, unless the caller names one. */
  offsetAccount: string | null;
}

/** One table instead of a chain of ifs: what each move type requires and how it is valued and booked. */
export const MOVE_TYPE_RULES: Record<Exclude<MoveType, 'adjustment'>, MoveTypeRule> = {
  receipt: { needsFrom: false, needsTo: true, direction: 'in', offsetAccount: ACCOUNTS.grni },
  shipment: { needsFrom: true, needsTo: false, direction: 'out', offsetAccount: ACCOUNTS.cogs },
  issue: { needsFrom: true, needsTo: false, direction: 'out', offsetAccount: ACCOUNTS.consumption },
  scrap: { needsFrom: true, needsTo: false, direction: 'out', offsetAccount: ACCOUNTS.scrap },
  transfer: { needsFrom: true, needsTo: true, direction: 'none', offsetAccount: null },
  'status-change': { needsFrom: true, needsTo: false, direction: 'none', offsetAccount: null },
  // Goods back to the supplier (activities/supplier-returns posts these itself, from the receipt's own layer).
  'supplier-return': { needsFrom: true, needsTo: false, direction: 'out', offsetAccount: ACCOUNTS.grni },
  // Components into a production order's work in progress, and finished goods (or returned components) out of it.
  'production-issue': { needsFrom: true, needsTo: false, direction: 'out', offsetAccount: WORK_IN_PROGRESS },
  'production-receipt': { needsFrom: false, needsTo: true, direction: 'in', offsetAccount: WORK_IN_PROGRESS },
};

/** An adjustment is an `in` when it adds stock (a location to count into) and an `out` when it removes it. */
export function ruleFor(moveType: MoveType, hasTo: boolean): MoveTypeRule {
  if (moveType !== 'adjustment') return MOVE_TYPE_RULES[moveType];
  return hasTo
    ? { needsFrom: false, needsTo: true, direction: 'in', offsetAccount: ACCOUNTS.adjustments }
    : { needsFrom: true, needsTo: false, direction: 'out', offsetAccount: ACCOUNTS.adjustments };
}

/** The offset account a stored move was booked against (re-valuation books its differences there too). */
export function offsetAccountOf(moveType: string, hasTo: boolean): string {
  return ruleFor(moveType as MoveType, hasTo).offsetAccount ?? ACCOUNTS.adjustments;
}
