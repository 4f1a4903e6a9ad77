import { InsufficientLayersError } from './errors';
import { assertLayer } from './layers';
import { issue, receive } from './methods';
import { byEffectiveTime } from './ordering';
import type { IssueOutcome, Layer, ValuationEvent, ValuationMethod } from './types';

/** Effective-time order, with the id as a last resort so that even equal (effectiveAt, seq) pairs replay the same. */
export function replayOrder(a: ValuationEvent, b: ValuationEvent): number {
  const order = byEffectiveTime(a, b);
  if (order !== 0 || a.id === b.id) return order;
  // Plain code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
  return a.id < b.id ? -1 : 1;
}

/**
 * Replays events in effective-time order from an opening layer state (used to re-value after a backdated posting).
 * Returns each 'out' event's outcome by id and the closing layers. Throws InsufficientLayersError (with the event id
 * in the message) if an issue finds too little at its effective time.
 *
 * The insertion order of `events` does not matter: the same events always give the same outcomes.
 *
 * @throws Error if two events share an id (their outcomes could not be told apart)
 */
export function replay(
  method: ValuationMethod,
  opening: readonly Layer[],
  events: readonly ValuationEvent[],
): { issues: Map<string, IssueOutcome>; layers: Layer[] } {
  opening.forEach((layer) => assertLayer(layer, `Opening layer ${layer.id}`));
  const ids = new Set<string>();
  for (const event of events) {
    if (ids.has(event.id)) throw new Error(`Duplicate valuation event id ${event.id}`);
    ids.add(event.id);
  }

  const issues = new Map<string, IssueOutcome>();
  let layers: Layer[] = [...opening];
  for (const event of [...events].sort(replayOrder)) {
    if (event.kind === 'in') {
      layers = receive(method, layers, event);
      continue;
    }
    try {
      const result = issue(method, layers, event.qty);
      issues.set(event.id, result.outcome);
      layers = result.layers;
    } catch (error) {
      // Re-thrown with the event id: after a backdated posting the failing issue is rarely the one just posted.
      if (error instanceof InsufficientLayersError) {
        throw new InsufficientLayersError(error.requested, error.available, event.id);
      }
      throw error;
    }
  }
  return { issues, layers };
}
