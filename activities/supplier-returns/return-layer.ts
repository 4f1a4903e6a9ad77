import { consumeFifo, issue, type IssueOutcome, type Layer, type ValuationMethod } from '../../rules/valuation';
import { proportionalValue } from '../../rules/valuation/layers';

/**
 * What a return of `qty` (milli-units) takes from the scope's layers: first from the layer its goods came in with
 * (`layerId`, the receipt's FIFO layer), so they leave at the cost they came in at; whatever that layer no longer
 * holds (FIFO issues of other lots may have emptied it) from the oldest layers, as any issue would. A moving-average
 * scope has one pool and the return leaves at its average. Pure; throws InsufficientLayersError like an issue.
 */
export function takeForReturn(
  method: ValuationMethod,
  layers: readonly Layer[],
  layerId: string | null,
  qty: number,
): IssueOutcome {
  const own = method === 'fifo' ? layers.find((layer) => layer.id === layerId) : undefined;
  if (!own) return issue(method, layers, qty).outcome;
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
