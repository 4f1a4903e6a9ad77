import { consumeFifo, InsufficientLayersError, type Layer } from './index';

const layer = (id: string, effectiveAt: number, seq: number, qty: number, value: number): Layer => ({
  id,
  effectiveAt,
  seq,
  qty,
  value,
});

describe('consumeFifo', () => {
  test('consumes the oldest layer by effective time, even when it was posted later', () => {
    // B was posted after A (higher seq) but is effective earlier: a backdated receipt comes out first.
    const layers = [layer('A', 200, 1, 1000, 500), layer('B', 100, 2, 1000, 900)];
    const { outcome, layers: after } = consumeFifo(layers, 1500);
    expect(outcome).toEqual({
      qty: 1500,
      value: 900 + 250,
      taken: [
        { layerId: 'B', qty: 1000, value: 900 },
        { layerId: 'A', qty: 500, value: 250 },
      ],
    });
    expect(after).toEqual([layer('A', 200, 1, 500, 250)]);
  });

  test('equal effective times fall back to the posting sequence', () => {
    const { outcome } = consumeFifo([layer('late', 100, 7, 1000, 700), layer('early', 100, 3, 1000, 300)], 1000);
    expect(outcome.taken).toEqual([{ layerId: 'early', qty: 1000, value: 300 }]);
  });

  test('partial takes round to the cent and emptying takes the exact remainder', () => {
    // 3 units worth 10.00: a third is 3.333... cents-wise, so no split is exact.
    let layers = [layer('A', 0, 1, 3000, 1000)];
    const values: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const result = consumeFifo(layers, 1000);
      values.push(result.outcome.value);
      layers = result.layers;
    }
    // round(1000/3) = 333, then round(667/2) = 334 (half up), then the last 333 left, whatever rounding said.
    expect(values).toEqual([333, 334, 333]);
    expect(values.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(layers).toEqual([]);
  });

  test('issuing everything empties every layer and takes their total value', () => {
    const { outcome, layers } = consumeFifo([layer('A', 0, 1, 7, 1), layer('B', 1, 2, 3, 2)], 10);
    expect(outcome.value).toBe(3);
    expect(layers).toEqual([]);
  });

  test('rounds exactly even where a float division would be off by a cent', () => {
    // value × take is far beyond 2^53 here; the float result would be 586676622232.
    const { outcome } = consumeFifo([layer('huge', 0, 1, 665252, 760499915808)], 513199);
    expect(outcome.value).toBe(586676622231);
  });

  test('too little stock throws, saying how much was asked and available', () => {
    const layers = [layer('A', 0, 1, 1000, 100), layer('B', 1, 2, 500, 100)];
    const attempt = () => consumeFifo(layers, 1501);
    expect(attempt).toThrow(InsufficientLayersError);
    expect(attempt).toThrow(expect.objectContaining({ requested: 1501, available: 1500 }));
    expect(() => consumeFifo([], 1)).toThrow(InsufficientLayersError);
  });

  test.each([0, -1000, 1.5, Number.NaN])('rejects the quantity %p', (qty) => {
    expect(() => consumeFifo([layer('A', 0, 1, 1000, 100)], qty)).toThrow(RangeError);
  });

  test('rejects malformed layers', () => {
    expect(() => consumeFifo([layer('A', 0, 1, 0, 0)], 1)).toThrow(RangeError);
    expect(() => consumeFifo([layer('A', 0, 1, 1000, -1)], 1)).toThrow(RangeError);
    expect(() => consumeFifo([layer('A', Number.NaN, 1, 1000, 1)], 1)).toThrow(RangeError);
  });

  test('does not mutate its input', () => {
    const layers = Object.freeze(
      [layer('A', 200, 1, 1000, 500), layer('B', 100, 2, 1000, 900)].map((l) => Object.freeze(l)),
    );
    const copy = structuredClone(layers);
    consumeFifo(layers, 1500);
    consumeFifo(layers, 2000);
    expect(layers).toEqual(copy);
  });
});
