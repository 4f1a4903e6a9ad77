import { consumeFifo, issue, type IssueOutcome, type Layer, type ValuationMethod } from '../../rules/valuation';
import { proportionalValue } from '../../rules/valuation/layers';

/**
 * What an issue of `qty` (milli-units) takes when it names the receipt its goods came in with (`sourceMoveId`): first
 * from that receipt's FIFO layer, so the goods leave at the cost they came in at; whatever that layer no longer holds
 * from the oldest layers, as any issue would. No named receipt, a moving-average scope, or a layer already empty: a
 * plain issue. Pure; throws InsufficientLayersError like an issue. (The same rule as a supplier return's
 * takeForReturn, keyed by the receipt move, which is what millwright_lock_scope returns as a layer's `seq`.)
 *
 * Only the posting takes the named layer: a later re-valuation (a receipt backdated before this issue) replays the
 * scope by plain FIFO and re-costs the issue from the oldest layers, booking the difference to its stored account.
 */
export function takeOwnLayerFirst(
  method: ValuationMethod,
  layers: readonly Layer[],
  sourceMoveId: number | undefined,
  qty: number,
): IssueOutcome {
  const own = method === 'fifo' && sourceMoveId !== undefined ? layers.find((l) => l.seq === sourceMoveId) : undefined;
  if (!own || own.qty <= 0) return issue(method, layers, qty).outcome;
  const take = Math.min(qty, own.qty);
  const value = take === own.qty ? own.value : proportionalValue(own.value, take, own.qty);
  const first = { layerId: own.id, qty: take, value };
  if (take === qty) return { qty, value, taken: [first] };
  const rest = consumeFifo(
    layers.filter((layer) => layer.id !== own.id),
    qty - take,
  ).outcome;
  return { qty, value: value + rest.value, taken: [first, ...rest.taken] };
}
