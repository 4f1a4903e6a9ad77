import fc from 'fast-check';
import { byEffectiveTime, InsufficientLayersError, issue, type Layer, receive, totals } from './index';
import { rawPostings, RUNS, toEvents } from './test-scenarios';

const methods = ['fifo', 'moving-average'] as const;

/** Freezes layers so that any mutation by the module under test throws instead of passing unnoticed. */
const freeze = (layers: Layer[]): readonly Layer[] => Object.freeze(layers.map((layer) => Object.freeze(layer)));

function expectWellFormed(layers: readonly Layer[], method: (typeof methods)[number]): void {
  for (const layer of layers) {
    expect(Number.isSafeInteger(layer.qty) && layer.qty > 0).toBe(true); // emptied layers are removed, not kept at 0
    expect(Number.isSafeInteger(layer.value) && layer.value >= 0).toBe(true);
  }
  if (method === 'moving-average') expect(layers.length).toBeLessThanOrEqual(1);
  const sorted = [...layers].sort(byEffectiveTime);
  expect(layers).toEqual(sorted);
}

describe.each(methods)('%s, processing postings one by one (backdated ones included)', (method) => {
  test('stock is never negative and quantity and value are conserved to the milli-unit and the cent', () => {
    fc.assert(
      fc.property(rawPostings, (raw) => {
        let layers: readonly Layer[] = [];
        let qtyIn = 0;
        let qtyOut = 0;
        let valueIn = 0;
        let valueOut = 0;
        for (const event of toEvents(raw, 'posting')) {
          if (event.kind === 'in') {
            layers = freeze(receive(method, layers, event));
            qtyIn += event.qty;
            valueIn += event.value;
          } else {
            const { outcome, layers: after } = issue(method, layers, event.qty);
            layers = freeze(after);
            expect(outcome.qty).toBe(event.qty);
            expect(outcome.taken.reduce((sum, t) => sum + t.qty, 0)).toBe(outcome.qty);
            expect(outcome.taken.reduce((sum, t) => sum + t.value, 0)).toBe(outcome.value);
            expect(outcome.taken.every((t) => t.qty > 0 && t.value >= 0)).toBe(true);
            qtyOut += outcome.qty;
            valueOut += outcome.value;
          }
          expectWellFormed(layers, method);
          const { qty, value } = totals(layers);
          expect(qty).toBeGreaterThanOrEqual(0);
          expect(qty).toBe(qtyIn - qtyOut);
          expect(value).toBe(valueIn - valueOut);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('an issue larger than the stock throws and changes nothing', () => {
    fc.assert(
      fc.property(rawPostings, fc.integer({ min: 1, max: 100_000 }), (raw, extra) => {
        const layers = freeze(
          toEvents(raw, 'posting').reduce<Layer[]>(
            (current, event) =>
              event.kind === 'in' ? receive(method, current, event) : issue(method, current, event.qty).layers,
            [],
          ),
        );
        const before = structuredClone(layers);
        const available = totals(layers).qty;
        expect(() => issue(method, layers, available + extra)).toThrow(InsufficientLayersError);
        expect(() => issue(method, layers, available + extra)).toThrow(
          expect.objectContaining({ requested: available + extra, available }),
        );
        expect(layers).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });
});
