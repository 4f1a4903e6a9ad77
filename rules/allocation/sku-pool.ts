/**
 * The eligible candidates of one SKU, sorted once, with their remaining quantities. Lines of the same SKU draw from
 * the same pool, so no candidate is ever allocated beyond its free quantity across lines.
 */

/** A take: position in the sorted order, and quantity. */
export type Take = { position: number; qty: number };

export class SkuPool {
  /** Remaining quantity per sorted position. */
  readonly rest: number[];
  /** Remaining quantity of the whole pool. */
  total = 0;
  // In-order taking always empties a prefix: positions before the cursor are empty.
  #cursor = 0;
  readonly #tierRest: number[];

  /**
   * @param order - candidate indices in the policy's sort order
   * @param free - free quantity per candidate index
   * @param tiers - fewest-locations tier start positions, when the policy uses fewest-locations
   */
  constructor(
    readonly order: readonly number[],
    free: (index: number) => number,
    readonly tiers?: readonly number[],
  ) {
    this.rest = order.map(free);
    for (const qty of this.rest) this.total += qty;
    const ends = tiers ? [...tiers.slice(1), order.length] : [];
    this.#tierRest = (tiers ?? []).map((start, t) => this.rest.slice(start, ends[t]).reduce((sum, q) => sum + q, 0));
  }

  /** Takes up to `need` in sorted order: each candidate fully, the last one partly. */
  takeInOrder(need: number): Take[] {
    const takes: Take[] = [];
    let p = this.#cursor;
    while (need > 0 && p < this.rest.length) {
      const qty = Math.min(this.rest[p]!, need);
      this.rest[p]! -= qty;
      need -= qty;
      this.total -= qty;
      if (qty > 0) takes.push({ position: p, qty });
      if (this.rest[p] === 0) p++;
    }
    this.#cursor = p;
    return takes;
  }

  /**
   * Takes up to `need` with the fewest locations, tier by tier: within a tier, the first candidate (in sorted order)
   * that covers the whole remaining need; if none does, the largest (first of equals) entirely, and again.
   */
  takeFewestLocations(need: number): Take[] {
    const tiers = this.tiers ?? [0];
    const takes: Take[] = [];
    for (let t = 0; t < tiers.length && need > 0; t++) {
      const end = tiers[t + 1] ?? this.rest.length;
      while (need > 0 && this.#tierRest[t]! > 0) {
        const position = this.#pick(tiers[t]!, end, need);
        const qty = Math.min(this.rest[position]!, need);
        this.rest[position]! -= qty;
        this.#tierRest[t]! -= qty;
        this.total -= qty;
        need -= qty;
        takes.push({ position, qty });
      }
    }
    return takes;
  }

  #pick(start: number, end: number, need: number): number {
    let largest = start;
    for (let p = start; p < end; p++) {
      const rest = this.rest[p]!;
      if (rest >= need) return p;
      if (rest > this.rest[largest]!) largest = p;
    }
    return largest;
  }
}
