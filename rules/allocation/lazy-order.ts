/**
 * Candidates in sort order, produced on demand. A line usually needs a few lots out of many, so the order is kept
 * as a binary heap (built in linear time) and sorted positions are popped only as far as lines reach: O(n + k log n)
 * comparisons for k positions used, instead of O(n log n) for sorting every candidate up front.
 */
export class LazyOrder {
  /** The sorted prefix materialised so far. */
  readonly sorted: number[] = [];
  readonly #heap: number[];

  /**
   * @param items - candidate indices in any order (the array is taken over, not copied)
   * @param compare - a total order on candidate indices
   */
  constructor(
    items: number[],
    private readonly compare: (a: number, b: number) => number,
  ) {
    this.#heap = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  /** Number of positions in total. */
  get length(): number {
    return this.sorted.length + this.#heap.length;
  }

  /** The candidate index at sorted position `position`, or undefined past the end. */
  at(position: number): number | undefined {
    while (this.sorted.length <= position && this.#heap.length > 0) this.sorted.push(this.#pop());
    return this.sorted[position];
  }

  #pop(): number {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const item = heap[start]!;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && this.compare(heap[child + 1]!, heap[child]!) < 0) child++;
      if (this.compare(heap[child]!, item) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}
