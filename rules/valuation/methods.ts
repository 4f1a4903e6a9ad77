import { consumeFifo, pushLayer } from './fifo';
import { assertLayer } from './layers';
import { issueFromPool, receiveIntoPool } from './moving-average';
import type { IssueOutcome, Layer, Receipt, ValuationMethod } from './types';

/**
 * Adds a receipt: FIFO pushes a new layer (kept sorted by byEffectiveTime); moving average merges qty and value into
 * the single pool layer (id 'pool', effectiveAt/seq of the first receipt). The input array is not mutated.
 *
 * @throws RangeError if the receipt's qty is not a positive integer or its value not a non-negative integer
 */
export function receive(method: ValuationMethod, layers: readonly Layer[], receipt: Receipt): Layer[] {
  assertLayer(receipt, `Receipt ${receipt.id}`);
  return method === 'fifo' ? pushLayer(layers, receipt) : receiveIntoPool(layers, receipt);
}

/**
 * Issues from the layers: FIFO = consumeFifo; moving average = proportional take from the pool (same rounding rule,
 * so emptying the pool takes exactly its value). The input array is not mutated.
 *
 * @throws InsufficientLayersError if the layers hold less than `qty`
 */
export function issue(
  method: ValuationMethod,
  layers: readonly Layer[],
  qty: number,
): { outcome: IssueOutcome; layers: Layer[] } {
  return method === 'fifo' ? consumeFifo(layers, qty) : issueFromPool(layers, qty);
}
