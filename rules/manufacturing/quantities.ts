/**
 * Quantities are exact decimals in the database (quantity per with 6 decimals, stock with 3). Explosion works in
 * floating point and rounds each result to 6 decimals, so 3 x 0.1 is 0.3 and comparisons do not drift.
 */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The requirement of one BOM line for a parent quantity: planned scrap applied here, once. */
export function lineRequirement(parentQuantity: number, quantityPer: number, scrapPercent: number): number {
  return round6(parentQuantity * quantityPer * (1 + scrapPercent / 100));
}
