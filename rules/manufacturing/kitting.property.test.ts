import fc from 'fast-check';
import { explode } from './explode';
import { kitting } from './kitting';
import { round6 } from './quantities';
import { RUNS, stockArb, worldArb, type BomWorld } from './test-support';

/** A world, its stock, and one to four demands for items that have a BOM. */
const scenarioArb = worldArb.chain((world: BomWorld) => {
  const made = [...world.boms.keys()];
  return fc.record({
    world: fc.constant(world),
    stock: stockArb(world.skus),
    demands: fc.array(fc.record({ itemSku: fc.constantFrom(...made), quantity: fc.integer({ min: 1, max: 30 }) }), {
      minLength: 1,
      maxLength: 4,
    }),
  });
});

describe('kitting properties', () => {
  test('buildable never needs more than was available to the demand, is maximal, and never exceeds the quantity', () => {
    fc.assert(
      fc.property(scenarioArb, ({ world, stock, demands }) => {
        for (const result of kitting(demands, world.lookup, stock)) {
          expect(result.buildable).toBeLessThanOrEqual(result.quantity);
          const free = new Map(result.components.map((c) => [c.componentSku, c.available]));
          const fits = (units: number) =>
            explode(result.itemSku, units, world.lookup).every((c) => c.required <= free.get(c.componentSku)!);
          expect(fits(result.buildable)).toBe(true);
          if (result.buildable < result.quantity) expect(fits(result.buildable + 1)).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('phantoms never appear as demand', () => {
    fc.assert(
      fc.property(scenarioArb, ({ world, stock, demands }) => {
        for (const result of kitting(demands, world.lookup, stock)) {
          for (const c of result.components) expect(world.boms.get(c.componentSku)?.phantom ?? false).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('competing demands never use the same stock twice', () => {
    fc.assert(
      fc.property(scenarioArb, ({ world, stock, demands }) => {
        const left = new Map(stock);
        for (const result of kitting(demands, world.lookup, stock)) {
          for (const c of result.components) {
            // Each demand sees exactly what the earlier ones left, and takes no more than that.
            expect(c.available).toBeCloseTo(left.get(c.componentSku) ?? 0, 6);
            const taken = round6(c.required - c.short);
            expect(taken).toBeLessThanOrEqual(c.available + 1e-9);
            expect(c.short).toBeCloseTo(Math.max(c.required - c.available, 0), 6);
            left.set(c.componentSku, (left.get(c.componentSku) ?? 0) - taken);
          }
        }
        for (const [sku, qty] of left) expect(qty).toBeGreaterThanOrEqual(-1e-9 * (1 + (stock.get(sku) ?? 0)));
      }),
      { numRuns: RUNS },
    );
  });

  test('scrap applied once per level: a demand requires exactly its explosion, and the same for every priority', () => {
    fc.assert(
      fc.property(scenarioArb, ({ world, stock, demands }) => {
        const results = kitting(demands, world.lookup, stock);
        results.forEach((result, i) => {
          const kit = explode(demands[i]!.itemSku, demands[i]!.quantity, world.lookup);
          expect(result.components.map((c) => [c.componentSku, c.required])).toEqual(
            kit.map((c) => [c.componentSku, c.required]),
          );
        });
      }),
      { numRuns: RUNS },
    );
  });
});
