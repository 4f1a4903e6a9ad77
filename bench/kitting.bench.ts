import { explode, kitting, type BomView, type KittingDemand } from '../rules/manufacturing';
import { note, prng, report } from './harness';

const LEVELS = 5;
const PER_LEVEL = 2_000;
const LOTS = Number(process.env.BENCH_LOTS ?? 1_000_000);
const ORDERS = 1_000;

/** 10,000 items in five levels of 2,000; each above the last has a BOM of 5 lines on the next level, 10 % phantoms. */
function planningWorld(random: () => number): Map<string, BomView> {
  const boms = new Map<string, BomView>();
  for (let level = 0; level < LEVELS - 1; level++) {
    for (let i = 0; i < PER_LEVEL; i++) {
      const lines = Array.from({ length: 5 }, (_, n) => ({
        componentSku: `L${level + 1}-${(i * 7 + n * 131 + Math.floor(random() * 50)) % PER_LEVEL}`,
        quantityPer: 1 + Math.floor(random() * 4),
        scrapPercent: random() < 0.3 ? 5 : 0,
      }));
      const unique = [...new Map(lines.map((l) => [l.componentSku, l])).values()];
      boms.set(`L${level}-${i}`, {
        parentSku: `L${level}-${i}`,
        version: 1,
        phantom: level > 0 && random() < 0.1,
        lines: unique,
      });
    }
  }
  return boms;
}

/** 100 products of 20 components each (drawn from 5,000 purchased items), and a million lots of those items. */
function kittingWorld(random: () => number) {
  const boms = new Map<string, BomView>();
  for (let p = 0; p < 100; p++) {
    const lines = Array.from({ length: 20 }, (_, n) => ({
      componentSku: `C-${(p * 50 + n * 7) % 5000}`,
      quantityPer: 1 + Math.floor(random() * 3),
      scrapPercent: random() < 0.2 ? 2.5 : 0,
    }));
    boms.set(`P-${p}`, { parentSku: `P-${p}`, version: 1, phantom: false, lines });
  }
  const lots = Array.from({ length: LOTS }, (_, i) => ({ sku: `C-${i % 5000}`, free: Math.floor(random() * 3) }));
  const demands: KittingDemand[] = Array.from({ length: ORDERS }, (_, i) => ({
    itemSku: `P-${i % 100}`,
    quantity: 1 + Math.floor(random() * 20),
    reference: `MO-${i}`,
  }));
  return { boms, lots, demands };
}

/** The bound: one aggregate of free stock per item over every lot (what a `group by` in SQL computes). */
function aggregate(lots: ReadonlyArray<{ sku: string; free: number }>): Map<string, number> {
  const free = new Map<string, number>();
  for (const lot of lots) free.set(lot.sku, (free.get(lot.sku) ?? 0) + lot.free);
  return free;
}

/**
 * Explosion of 10,000 items in 5-level BOMs (all levels), and kitting of 1,000 orders of 20 components against a
 * million lots, each against the bare aggregate of the same lots' availability. In process: the database reads
 * (effective BOMs, one grouped availability query) are the API's part and are not timed here.
 */
export async function kittingBench(): Promise<void> {
  const random = prng(13);
  const world = planningWorld(random);
  const { boms, lots, demands } = kittingWorld(random);

  aggregate(lots); // warm-up: the first pass pays for compiling and growing the map
  const boundStart = performance.now();
  const free = aggregate(lots);
  const bound = performance.now() - boundStart;
  const baseline = { name: `one aggregate over ${LOTS} lots`, value: bound, unit: 'ms' };

  const explodeStart = performance.now();
  let rows = 0;
  for (let i = 0; i < PER_LEVEL; i++) rows += explode(`L0-${i}`, 10, (sku) => world.get(sku), { levels: 'all' }).length;
  const exploded = performance.now() - explodeStart;
  report(`explode ${LEVELS * PER_LEVEL} items in ${LEVELS}-level BOMs (all levels)`, exploded, 'ms', baseline);
  note(`${rows} component rows from ${PER_LEVEL} top items`);

  const kitStart = performance.now();
  const results = kitting(demands, (sku) => boms.get(sku), aggregate(lots));
  const kitted = performance.now() - kitStart;
  report(`kitting ${ORDERS} orders x 20 components against ${LOTS} lots`, kitted, 'ms', baseline, {
    text: '<= 3x the aggregate alone',
    met: (_value, ratio) => ratio <= 3,
  });
  note(
    `${results.filter((r) => r.buildable === r.quantity).length} of ${ORDERS} orders fully kitted; ${free.size} items`,
  );
}
