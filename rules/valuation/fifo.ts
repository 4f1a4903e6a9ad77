import { InsufficientLayersError } from './errors';
import { assertLayer, assertPositiveQty, proportionalValue, totals } from './layers';
import { byEffectiveTime } from './ordering';
import type { IssueOutcome, Layer, Receipt, Taken } from './types';

/**
 * Consumes `qty` from layers oldest first. Value taken from a layer = exactly its remaining value when the layer is
 * emptied, otherwise Math.round(layer.value * take / layer.qty) — so the remaining layers' value always equals what
 * was put in minus what was taken, to the cent. Returns the outcome and the new layers (emptied layers removed; input
 * not mutated). Throws InsufficientLayersError if the layers hold less than qty. qty must be a positive integer.
 *
 * The layers are sorted here rather than trusted to be sorted, so an opening state in any order is still consumed by
 * effective time.
 */
export function consumeFifo(layers: readonly Layer[], qty: number): { outcome: IssueOutcome; layers: Layer[] } {
  assertPositiveQty(qty, 'Issue');
  layers.forEach((layer) => assertLayer(layer));
  const available = totals(layers).qty;
  // Checked up front so the error can report the whole stock, and no partially costed issue is ever returned.
  if (available < qty) throw new InsufficientLayersError(qty, available);

  const ordered = [...layers].sort(byEffectiveTime);
  const taken: Taken[] = [];
  const remaining: Layer[] = [];
  let need = qty;
  let value = 0;
  for (const layer of ordered) {
    if (need === 0) {
      remaining.push(layer);
      continue;
    }
    const take = Math.min(need, layer.qty);
    // Emptying takes the exact remainder: the rounding errors of earlier partial takes end up here, not lost.
    const takeValue = take === layer.qty ? layer.value : proportionalValue(layer.value, take, layer.qty);
    taken.push({ layerId: layer.id, qty: take, value: takeValue });
    need -= take;
    value += takeValue;
    if (take < layer.qty) remaining.push({ ...layer, qty: layer.qty - take, value: layer.value - takeValue });
  }
  return { outcome: { qty, value, taken }, layers: remaining };
}

/**
 * Returns a copy of `layers` plus a new layer for `receipt`, sorted by effective time. Array sort is stable, so a
 * receipt that ties with an existing layer goes after it; and layers usually arrive already sorted, which the sort
 * handles in linear time.
 */
export function pushLayer(layers: readonly Layer[], receipt: Receipt): Layer[] {
  const { id, effectiveAt, seq, qty, value } = receipt;
  return [...layers, { id, effectiveAt, seq, qty, value }].sort(byEffectiveTime);
}
