import { InsufficientLayersError, issue, type Layer, receive, totals } from './index';

const receipt = (id: string, effectiveAt: number, seq: number, qty: number, value: number) => ({
  id,
  effectiveAt,
  seq,
  qty,
  value,
});

describe('receive', () => {
  test('FIFO adds a layer and keeps the layers in effective-time order', () => {
    let layers = receive('fifo', [], receipt('A', 200, 1, 1000, 100));
    layers = receive('fifo', layers, receipt('B', 300, 2, 1000, 200));
    layers = receive('fifo', layers, receipt('C', 100, 3, 1000, 300)); // backdated
    layers = receive('fifo', layers, receipt('D', 200, 4, 1000, 400)); // same time as A, posted later
    expect(layers.map((layer) => layer.id)).toEqual(['C', 'A', 'D', 'B']);
    expect(totals(layers)).toEqual({ qty: 4000, value: 1000 });
  });

  test('moving average merges into one pool that keeps the first receipt’s time and seq', () => {
    let layers = receive('moving-average', [], receipt('A', 200, 1, 1000, 1000)); // 1 unit at 10.00
    layers = receive('moving-average', layers, receipt('B', 100, 2, 1000, 2000)); // 1 unit at 20.00, backdated
    expect(layers).toEqual([{ id: 'pool', effectiveAt: 200, seq: 1, qty: 2000, value: 3000 }]);
  });

  test.each([
    ['a zero quantity', receipt('X', 0, 1, 0, 0)],
    ['a fractional quantity', receipt('X', 0, 1, 1.5, 0)],
    ['a negative value', receipt('X', 0, 1, 1000, -1)],
    ['fractional cents', receipt('X', 0, 1, 1000, 0.5)],
  ])('rejects %s', (_name, bad) => {
    expect(() => receive('fifo', [], bad)).toThrow(/Receipt X/);
    expect(() => receive('moving-average', [], bad)).toThrow(RangeError);
  });

  test('does not mutate its input', () => {
    const layers: readonly Layer[] = Object.freeze([Object.freeze({ ...receipt('A', 0, 1, 1000, 100) })]);
    receive('fifo', layers, receipt('B', 1, 2, 1000, 100));
    receive('moving-average', layers, receipt('B', 1, 2, 1000, 100));
    expect(layers).toEqual([receipt('A', 0, 1, 1000, 100)]);
  });
});

describe('issue', () => {
  test('moving average issues at the average cost of the pool', () => {
    let layers = receive('moving-average', [], receipt('A', 1, 1, 1000, 1000));
    layers = receive('moving-average', layers, receipt('B', 2, 2, 1000, 2000));
    const half = issue('moving-average', layers, 500); // 0.5 unit at the 15.00 average
    expect(half.outcome).toEqual({ qty: 500, value: 750, taken: [{ layerId: 'pool', qty: 500, value: 750 }] });
    expect(half.layers).toEqual([{ id: 'pool', effectiveAt: 1, seq: 1, qty: 1500, value: 2250 }]);
  });

  test('moving average rounds partial takes and empties the pool exactly', () => {
    let layers = receive('moving-average', [], receipt('A', 1, 1, 3000, 1000));
    const first = issue('moving-average', layers, 1000);
    expect(first.outcome.value).toBe(333);
    layers = receive('moving-average', first.layers, receipt('B', 2, 2, 1000, 1000)); // pool: 3000 milli, 1667 cents
    const rest = issue('moving-average', layers, 3000);
    expect(rest.outcome.value).toBe(1667);
    expect(rest.layers).toEqual([]);
    // An emptied pool starts afresh from the next receipt.
    expect(receive('moving-average', rest.layers, receipt('C', 9, 3, 1000, 5))).toEqual([
      { id: 'pool', effectiveAt: 9, seq: 3, qty: 1000, value: 5 },
    ]);
  });

  test('moving average values a multi-layer opening state at its average', () => {
    const opening = [receipt('A', 2, 2, 1000, 100), receipt('B', 1, 1, 1000, 300)];
    const { outcome, layers } = issue('moving-average', opening, 1000);
    expect(outcome.value).toBe(200);
    expect(layers).toEqual([{ id: 'pool', effectiveAt: 1, seq: 1, qty: 1000, value: 200 }]);
  });

  test('FIFO and moving average cost the same receipts differently', () => {
    const receipts = [receipt('A', 1, 1, 1000, 1000), receipt('B', 2, 2, 1000, 2000)];
    const fifo = receipts.reduce<Layer[]>((layers, r) => receive('fifo', layers, r), []);
    const average = receipts.reduce<Layer[]>((layers, r) => receive('moving-average', layers, r), []);
    expect(issue('fifo', fifo, 1000).outcome.value).toBe(1000);
    expect(issue('moving-average', average, 1000).outcome.value).toBe(1500);
  });

  test.each(['fifo', 'moving-average'] as const)('%s refuses to issue more than is in stock', (method) => {
    const layers = receive(method, [], receipt('A', 1, 1, 1000, 1000));
    expect(() => issue(method, layers, 1001)).toThrow(InsufficientLayersError);
    expect(() => issue(method, [], 1)).toThrow(expect.objectContaining({ requested: 1, available: 0 }));
  });
});
