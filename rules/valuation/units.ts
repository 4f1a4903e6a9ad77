/**
 * Unit conversions for the valuation module.
 *
 * All arithmetic in this module is done on integers: quantities in milli-units (1 unit = 1000) and values in cents.
 * Floating-point amounts only exist at the edges (user input, display), so rounding happens exactly once, here, and
 * sums of quantities and values never drift.
 */

/** Milli-units per unit. */
export const MILLI_PER_UNIT = 1000;

/** Cents per currency unit. */
export const CENTS_PER_UNIT = 100;

/**
 * Converts a quantity in units to integer milli-units, rounding to the nearest milli-unit (`Math.round`, so halves
 * round towards +∞). Finer precision than 0.001 unit is deliberately dropped.
 */
export function toMilli(qty: number): number {
  return Math.round(qty * MILLI_PER_UNIT);
}

/** Converts integer milli-units back to units, for display or export. */
export function fromMilli(milli: number): number {
  return milli / MILLI_PER_UNIT;
}

/**
 * Converts an amount to integer cents (`Math.round`). The amount is a binary float, so values such as 1.005 that are
 * stored slightly below the half round down; convert user input as early as possible and keep cents afterwards.
 */
export function toCents(amount: number): number {
  return Math.round(amount * CENTS_PER_UNIT);
}

/** Converts integer cents back to a currency amount, for display or export. */
export function fromCents(cents: number): number {
  return cents / CENTS_PER_UNIT;
}

/**
 * Value in cents of a receipt of `qtyMilli` milli-units at `unitCost` per unit: qty/1000 × unitCost × 100, which
 * simplifies to qtyMilli × unitCost / 10. Rounded once, so the layer's value is an exact integer from then on.
 */
export function receiptValueCents(qtyMilli: number, unitCost: number): number {
  return Math.round((qtyMilli * unitCost) / 10);
}
