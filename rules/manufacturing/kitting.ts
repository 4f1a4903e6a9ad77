import { explode } from './explode';
import { round6 } from './quantities';
import type { BomLookup } from './types';

/** One thing to build, in priority order: a product and a quantity (later: a released production order). */
export interface KittingDemand {
  itemSku: string;
  quantity: number;
  reference?: string | null;
}

/** One component of a demand's kit: what it needs, what was left for it, and what is missing. */
export interface KittingComponent {
  componentSku: string;
  /** Quantity x quantity per x (1 + scrap / 100), phantoms passed through. */
  required: number;
  /** Free stock left for this demand after the demands before it took theirs. */
  available: number;
  /** required - available when positive, else 0. */
  short: number;
}

export interface KittingResult {
  itemSku: string;
  quantity: number;
  reference: string | null;
  /** Whole units that can be built with what was left for this demand (the full quantity when nothing is short). */
  buildable: number;
  components: KittingComponent[];
}

/** A demand for an item that has no effective BOM: there is nothing to kit. */
export class NoBomError extends Error {
  constructor(
    readonly demandIndex: number,
    readonly sku: string,
  ) {
    super(`Item ${sku} has no bill of materials in effect`);
    this.name = 'NoBomError';
  }
}

/**
 * Kitting analysis: demands in priority order compete for the same free stock. Each demand's kit is its
 * single-level explosion (phantoms passed through; a stocked sub-assembly counts as stock like any component).
 * A demand keeps what its kit needs of each component, up to what is left (as a released order's reservations
 * will), so a later demand only sees the remainder and no stock is counted twice. Buildable is the largest whole
 * number of units (at most the quantity asked) whose own explosion fits into what was left for the demand.
 * `available` is not changed. Throws {@link NoBomError} for an item without a BOM.
 */
export function kitting(
  demands: ReadonlyArray<KittingDemand>,
  lookup: BomLookup,
  available: ReadonlyMap<string, number>,
): KittingResult[] {
  const left = new Map(available);
  return demands.map((demand, index) => {
    if (!lookup(demand.itemSku)) throw new NoBomError(index, demand.itemSku);
    const kit = explode(demand.itemSku, demand.quantity, lookup);
    const components = kit.map(({ componentSku, required }) => {
      const free = left.get(componentSku) ?? 0;
      return { componentSku, required, available: free, short: round6(Math.max(required - free, 0)) };
    });
    for (const c of components) left.set(c.componentSku, round6(c.available - Math.min(c.required, c.available)));
    return {
      itemSku: demand.itemSku,
      quantity: demand.quantity,
      reference: demand.reference ?? null,
      buildable: buildableUnits(demand, components, lookup),
      components,
    };
  });
}

/**
 * The largest whole number of units (or the whole quantity) whose kit fits into what is available for it. Binary
 * search with the demand's own explosion (rounding included), which needs more of every component as units grow:
 * about 30 explosions even for a billion units, and exact where an estimate from a per-unit rate could be off.
 */
function buildableUnits(demand: KittingDemand, components: ReadonlyArray<KittingComponent>, lookup: BomLookup): number {
  if (components.every((c) => c.short === 0)) return demand.quantity;
  const free = new Map(components.map((c) => [c.componentSku, c.available]));
  const fits = (units: number) =>
    explode(demand.itemSku, units, lookup).every((c) => c.required <= (free.get(c.componentSku) ?? 0));
  let low = 0;
  let high = Math.floor(demand.quantity);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}
