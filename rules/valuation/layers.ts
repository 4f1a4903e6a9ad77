import type { Layer, Receipt } from './types';

/** Sum of qty and value over layers. */
export function totals(layers: readonly Layer[]): { qty: number; value: number } {
  let qty = 0;
  let value = 0;
  for (const layer of layers) {
    qty += layer.qty;
    value += layer.value;
  }
  return { qty, value };
}

/** Throws a RangeError unless `qty` is a positive safe integer (milli-units). */
export function assertPositiveQty(qty: number, what: string): void {
  if (!Number.isSafeInteger(qty) || qty <= 0) {
    throw new RangeError(`${what}: quantity must be a positive integer of milli-units, got ${qty}`);
  }
}

/**
 * Throws a RangeError unless the layer (or receipt) is well formed. Layers may come from outside (an opening state
 * loaded from storage), and one bad layer — a fractional qty, a NaN time — would silently corrupt every later cost.
 */
export function assertLayer(layer: Layer | Receipt, what = `Layer ${layer.id}`): void {
  assertPositiveQty(layer.qty, what);
  if (!Number.isSafeInteger(layer.value) || layer.value < 0) {
    throw new RangeError(`${what}: value must be a non-negative integer of cents, got ${layer.value}`);
  }
  if (!Number.isFinite(layer.effectiveAt) || !Number.isFinite(layer.seq)) {
    throw new RangeError(`${what}: effectiveAt and seq must be finite numbers`);
  }
}

/** Beyond this a product of cents and milli-units may not be exact as a double, so its rounding could be off. */
const EXACT_PRODUCT_LIMIT = 2 ** 51;

/**
 * `Math.round(value * take / qty)`: the share of a layer's value that goes with `take` of its `qty` milli-units.
 *
 * Floats give the exact result while the product stays small; for very large layers (billions of cents) the division
 * error can cross a .5 boundary, so those are computed with BigInt, rounding half up exactly like Math.round does for
 * non-negative numbers.
 */
export function proportionalValue(value: number, take: number, qty: number): number {
  if (value * take < EXACT_PRODUCT_LIMIT) return Math.round((value * take) / qty);
  const q = BigInt(qty);
  return Number((2n * BigInt(value) * BigInt(take) + q) / (2n * q));
}
