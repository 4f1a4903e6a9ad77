import { consumeFifo } from './fifo';
import { byEffectiveTime } from './ordering';
import type { IssueOutcome, Layer, Receipt } from './types';

/** The id of the single moving-average layer. */
export const POOL_ID = 'pool';

/**
 * Merges layers into the single pool layer, or returns undefined when there is no stock. Normally there is at most one
 * layer already; merging anyway lets a FIFO-shaped opening state (several layers) be valued at its average.
 */
function toPool(layers: readonly Layer[]): Layer | undefined {
  const [first, ...rest] = [...layers].sort(byEffectiveTime);
  if (first === undefined) return undefined;
  const pool: Layer = { ...first, id: POOL_ID };
  for (const layer of rest) {
    pool.qty += layer.qty;
    pool.value += layer.value;
  }
  return pool;
}

/**
 * Adds a receipt to the pool. The pool keeps the effective time and seq of the receipt that opened it; they carry no
 * costing meaning for a single layer, but keep the Layer shape uniform with FIFO.
 */
export function receiveIntoPool(layers: readonly Layer[], receipt: Receipt): Layer[] {
  const pool = toPool(layers);
  if (pool === undefined) {
    return [
      { id: POOL_ID, effectiveAt: receipt.effectiveAt, seq: receipt.seq, qty: receipt.qty, value: receipt.value },
    ];
  }
  return [{ ...pool, qty: pool.qty + receipt.qty, value: pool.value + receipt.value }];
}

/**
 * Issues from the pool at its average cost. Consuming a single layer is exactly a proportional take with the FIFO
 * rounding rule, so reusing consumeFifo guarantees the same conservation: emptying the pool takes exactly its value.
 */
export function issueFromPool(layers: readonly Layer[], qty: number): { outcome: IssueOutcome; layers: Layer[] } {
  const pool = toPool(layers);
  return consumeFifo(pool === undefined ? [] : [pool], qty);
}
