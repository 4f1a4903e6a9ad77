/**
 * The eligible candidates of one SKU with their remaining quantities. Lines of the same SKU draw from the same
 * pool, in turn, so no candidate is ever allocated beyond its free quantity, across lines.
 */
import { LazyOrder } from './lazy-order';

/** Quantity taken from a candidate (by its index in the caller's array). */
export type Take = { candidate: number; qty: number };

/** A SKU's remaining stock, and how lines take from it. */
export interface Pool {
  /** Remaining quantity of all candidates in the pool. */
  readonly total: number;
  /** Takes up to `need`, returning the takes in the order made. */
  take(need: number): Take[];
}

const sumOf = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0);

/** Takes strictly in sort order: each candidate entirely, the last one partly. Sorted only as far as used. */
export class InOrderPool implements Pool {
  total: number;
  readonly #order: LazyOrder;
  readonly #rest: number[] = [];
  // Taking in order always empties a prefix: positions before the cursor are empty.
  #cursor = 0;

  constructor(
    items: number[],
    compare: (a: number, b: number) => number,
    private readonly free: (candidate: number) => number,
  ) {
    this.total = 0;
    for (const candidate of items) this.total += free(candidate);
    this.#order = new LazyOrder(items, compare);
  }

  take(need: number): Take[] {
    const takes: Take[] = [];
    while (need > 0) {
      const candidate = this.#order.at(this.#cursor);
      if (candidate === undefined) break;
      const rest = this.#rest[this.#cursor] ?? this.free(candidate);
      const qty = Math.min(rest, need);
      takes.push({ candidate, qty });
      need -= qty;
      this.total -= qty;
      this.#rest[this.#cursor] = rest - qty;
      if (rest === qty) this.#cursor++;
    }
    return takes;
  }
}

/**
 * Takes with the fewest locations, tier by tier (tiers: runs equal on the sort keys before fewest-locations):
 * within a tier, the first candidate (in sort order) that covers the whole remaining need; if none does, the
 * largest (first of equals) entirely, and again.
 */
export class FewestLocationsPool implements Pool {
  total: number;
  readonly #rest: number[];
  readonly #tierRest: number[];
  readonly #ends: number[];

  /**
   * @param sorted - candidate indices in sort order
   * @param tiers - start position of each tier in `sorted` (the first is 0)
   */
  constructor(
    private readonly sorted: readonly number[],
    private readonly tiers: readonly number[],
    free: (candidate: number) => number,
  ) {
    this.#rest = sorted.map(free);
    this.total = sumOf(this.#rest);
    this.#ends = [...tiers.slice(1), sorted.length];
    this.#tierRest = tiers.map((start, t) => sumOf(this.#rest.slice(start, this.#ends[t])));
  }

  take(need: number): Take[] {
    const takes: Take[] = [];
    for (let t = 0; t < this.tiers.length && need > 0; t++) {
      while (need > 0 && this.#tierRest[t]! > 0) {
        const position = this.#pick(this.tiers[t]!, this.#ends[t]!, need);
        const qty = Math.min(this.#rest[position]!, need);
        this.#rest[position]! -= qty;
        this.#tierRest[t]! -= qty;
        this.total -= qty;
        need -= qty;
        takes.push({ candidate: this.sorted[position]!, qty });
      }
    }
    return takes;
  }

  #pick(start: number, end: number, need: number): number {
    let largest = start;
    for (let p = start; p < end; p++) {
      const rest = this.#rest[p]!;
      if (rest >= need) return p;
      if (rest > this.#rest[largest]!) largest = p;
    }
    return largest;
  }
}
