import {
  byEffectiveTime,
  consumeFifo,
  InsufficientLayersError,
  issue,
  replay,
  replayOrder,
  type IssueOutcome,
  type Layer,
  type ValuationEvent,
  type ValuationMethod,
} from '../../rules/valuation';
import { proportionalValue } from '../../rules/valuation/layers';

/**
 * What an issue of `qty` (milli-units) takes when it names the receipt its goods came in with (`sourceMoveId`): first
 * from that receipt's FIFO layer, so the goods leave at the cost they came in at; whatever that layer no longer holds
 * from the oldest layers, as any issue would. No named receipt, a moving-average scope, or a layer already empty: a
 * plain issue. Pure; throws InsufficientLayersError like an issue. (The same rule as a supplier return's
 * takeForReturn, keyed by the receipt move, which is what millwright_lock_scope returns as a layer's `seq`.)
 *
 * The posting stores the named receipt on the move (stock_move.from_layer_of_move_id), and a later re-valuation
 * replays the issue by the same rule (replayOwnLayersFirst), so a backdated receipt does not re-cost it from the
 * oldest layers.
 */
export function takeOwnLayerFirst(
  method: ValuationMethod,
  layers: readonly Layer[],
  sourceMoveId: number | undefined,
  qty: number,
): IssueOutcome {
  return issueOwnLayerFirst(method, layers, sourceMoveId, qty).outcome;
}

/** takeOwnLayerFirst with the layers it leaves (emptied ones removed, the rest in their order; input not mutated). */
function issueOwnLayerFirst(
  method: ValuationMethod,
  layers: readonly Layer[],
  sourceMoveId: number | undefined,
  qty: number,
): { outcome: IssueOutcome; layers: Layer[] } {
  const own = method === 'fifo' && sourceMoveId !== undefined ? layers.find((l) => l.seq === sourceMoveId) : undefined;
  if (!own || own.qty <= 0) return issue(method, layers, qty);
  const take = Math.min(qty, own.qty);
  const value = take === own.qty ? own.value : proportionalValue(own.value, take, own.qty);
  const first = { layerId: own.id, qty: take, value };
  const others = layers.filter((layer) => layer.id !== own.id);
  if (take === qty) {
    const left = take === own.qty ? others : [...others, { ...own, qty: own.qty - take, value: own.value - value }];
    return { outcome: { qty, value, taken: [first] }, layers: left.sort(byEffectiveTime) };
  }
  const rest = consumeFifo(others, qty - take);
  return {
    outcome: { qty, value: value + rest.outcome.value, taken: [first, ...rest.outcome.taken] },
    layers: rest.layers,
  };
}

/**
 * Replays a scope's events as rules/valuation's replay does, except that an issue named in `sources` (event id ->
 * the receipt move whose layer its posting took first) is taken by takeOwnLayerFirst again: a re-delivered or
 * rejected subcontract delivery keeps the cost of the layer it came from when a backdated receipt re-values the
 * scope. The events between two such issues run through the plain replay unchanged. Throws InsufficientLayersError
 * naming the event, like replay.
 */
export function replayOwnLayersFirst(
  method: ValuationMethod,
  opening: readonly Layer[],
  events: readonly ValuationEvent[],
  sources: ReadonlyMap<string, number>,
): { issues: Map<string, IssueOutcome>; layers: Layer[] } {
  if (method !== 'fifo' || sources.size === 0) return replay(method, opening, events);
  const issues = new Map<string, IssueOutcome>();
  let layers: Layer[] = [...opening];
  let run: ValuationEvent[] = [];
  const flush = () => {
    const result = replay(method, layers, run);
    result.issues.forEach((outcome, id) => issues.set(id, outcome));
    layers = result.layers;
    run = [];
  };
  for (const event of [...events].sort(replayOrder)) {
    const source = event.kind === 'out' ? sources.get(event.id) : undefined;
    if (source === undefined) {
      run.push(event);
      continue;
    }
    flush();
    try {
      const result = issueOwnLayerFirst(method, layers, source, event.qty);
      issues.set(event.id, result.outcome);
      layers = result.layers;
    } catch (error) {
      if (error instanceof InsufficientLayersError) {
        throw new InsufficientLayersError(error.requested, error.available, event.id);
      }
      throw error;
    }
  }
  flush();
  return { issues, layers };
}
