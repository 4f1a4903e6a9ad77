import fc from 'fast-check';
import { byEffectiveTime, type IssueOutcome, issue, type Layer, receive, replay, totals } from './index';
import { rawPostings, RUNS, toEvents } from './test-scenarios';
import type { ValuationEvent } from './types';

/** The same events, bounded in effective-time order (so replay never runs short), in a random insertion order. */
const shuffledEvents = rawPostings
  .map((raw) => toEvents(raw, 'effective'))
  .chain((events) =>
    fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length })),
  );

/** Processes events one at a time with receive/issue, already sorted — what replay must amount to. */
function incremental(method: 'fifo' | 'moving-average', events: readonly ValuationEvent[]) {
  const issues = new Map<string, IssueOutcome>();
  let layers: Layer[] = [];
  for (const event of [...events].sort(byEffectiveTime)) {
    if (event.kind === 'in') {
      layers = receive(method, layers, event);
    } else {
      const result = issue(method, layers, event.qty);
      issues.set(event.id, result.outcome);
      layers = result.layers;
    }
  }
  return { issues, layers };
}

describe.each(['fifo', 'moving-average'] as const)('%s replay', (method) => {
  test('any insertion order gives the same result as processing the events in effective-time order', () => {
    fc.assert(
      fc.property(shuffledEvents, ([events, shuffled]) => {
        const expected = incremental(method, events);
        const actual = replay(method, [], shuffled);
        expect(actual).toEqual(expected);
        expect(replay(method, [], events)).toEqual(actual);
        expect(actual.issues.size).toBe(events.filter((event) => event.kind === 'out').length);
      }),
      { numRuns: RUNS },
    );
  });

  test('replay conserves quantity and value from an opening state', () => {
    const opening: Layer[] = [{ id: 'opening', effectiveAt: -1, seq: 0, qty: 10_000, value: 12_345 }];
    fc.assert(
      fc.property(shuffledEvents, ([, shuffled]) => {
        const { issues, layers } = replay(method, opening, shuffled);
        const ins = shuffled.flatMap((event) => (event.kind === 'in' ? [event] : []));
        const outs = [...issues.values()];
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        expect(totals(layers)).toEqual({
          qty: 10_000 + sum(ins.map((event) => event.qty)) - sum(outs.map((outcome) => outcome.qty)),
          value: 12_345 + sum(ins.map((event) => event.value)) - sum(outs.map((outcome) => outcome.value)),
        });
      }),
      { numRuns: RUNS },
    );
  });
});
