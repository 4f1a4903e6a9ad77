import fc from 'fast-check';
import type { BomLookup, BomView } from './types';

/** Property runs per test: enough to find edge cases, few enough for a shared 2-core machine. */
export const RUNS = 200;

/** A set of BOMs over items I0..In where an item only uses higher-numbered ones, so there is never a cycle. */
export interface BomWorld {
  boms: Map<string, BomView>;
  lookup: BomLookup;
  skus: string[];
}

export function worldOf(boms: BomView[], skus: string[]): BomWorld {
  const map = new Map(boms.map((b) => [b.parentSku, b]));
  return { boms: map, lookup: (sku) => map.get(sku), skus };
}

const QUANTITY_PER = [0.25, 0.5, 1, 2, 3, 0.1, 1.5];
const SCRAP = [0, 0, 2.5, 5, 10, 12.5];

/** Random acyclic BOM worlds with phantoms and stocked sub-assemblies; I0 always has a BOM. */
export const worldArb: fc.Arbitrary<BomWorld> = fc.integer({ min: 2, max: 8 }).chain((n) => {
  const skus = Array.from({ length: n }, (_, i) => `I${i}`);
  const bomArb = (i: number) =>
    fc.record({
      phantom: i === 0 ? fc.constant(false) : fc.boolean(),
      lines: fc.uniqueArray(
        fc.record({
          componentSku: fc.integer({ min: i + 1, max: n - 1 }).map((j) => `I${j}`),
          quantityPer: fc.constantFrom(...QUANTITY_PER),
          scrapPercent: fc.constantFrom(...SCRAP),
        }),
        { minLength: 1, maxLength: 4, selector: (l) => l.componentSku },
      ),
    });
  // The last item is always bought; others have a BOM or not at random (I0 always).
  const perItem = skus
    .slice(0, -1)
    .map((_, i) => (i === 0 ? bomArb(i).map((b) => [b]) : fc.option(bomArb(i)).map((b) => (b ? [b] : []))));
  return fc.tuple(...perItem).map((found) =>
    worldOf(
      found.flatMap((list, i) => list.map((b) => ({ parentSku: `I${i}`, version: 1, ...b }))),
      skus,
    ),
  );
});

/** Free stock per item: often zero or scarce, so shortages are common. */
export const stockArb = (skus: string[]): fc.Arbitrary<Map<string, number>> =>
  fc
    .array(
      fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 4000 }).map((x) => x / 1000),
      ),
      {
        minLength: skus.length,
        maxLength: skus.length,
      },
    )
    .map((qty) => new Map(skus.map((s, i) => [s, qty[i] ?? 0])));

/** Requirement by independent recursion over every path (no rounding, no aggregation shortcuts). */
export function oracleRequired(world: BomWorld, sku: string, quantity: number): Map<string, number> {
  const totals = new Map<string, number>();
  const visit = (parent: string, qty: number) => {
    for (const line of world.boms.get(parent)?.lines ?? []) {
      const need = qty * line.quantityPer * (1 + line.scrapPercent / 100);
      if (world.boms.get(line.componentSku)?.phantom) visit(line.componentSku, need);
      else totals.set(line.componentSku, (totals.get(line.componentSku) ?? 0) + need);
    }
  };
  visit(sku, quantity);
  return totals;
}
