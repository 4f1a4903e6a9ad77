import { InsufficientLayersError, replay, type ValuationEvent } from './index';

const receipt = (id: string, effectiveAt: number, seq: number, qty: number, value: number): ValuationEvent => ({
  id,
  kind: 'in',
  effectiveAt,
  seq,
  qty,
  value,
});
const shipment = (id: string, effectiveAt: number, seq: number, qty: number): ValuationEvent => ({
  id,
  kind: 'out',
  effectiveAt,
  seq,
  qty,
});

describe('replay', () => {
  const posted = [receipt('A', 10, 1, 1000, 1000), receipt('B', 20, 2, 1000, 2000), shipment('X', 25, 3, 1000)];

  test('re-values an issue after a backdated receipt', () => {
    expect(replay('fifo', [], posted).issues.get('X')?.value).toBe(1000);

    const backdated = [...posted, receipt('C', 5, 4, 1000, 500)];
    const { issues, layers } = replay('fifo', [], backdated);
    expect(issues.get('X')).toEqual({ qty: 1000, value: 500, taken: [{ layerId: 'C', qty: 1000, value: 500 }] });
    expect(layers.map((layer) => layer.id)).toEqual(['A', 'B']);
  });

  test('an issue only sees receipts effective before it, whatever the posting order', () => {
    // Y was posted first but is effective after B, so it consumes A (effective earlier) — not "whatever was there".
    const events = [shipment('Y', 30, 1, 1500), receipt('B', 20, 3, 1000, 2000), receipt('A', 10, 2, 1000, 1000)];
    expect(replay('fifo', [], events).issues.get('Y')?.taken).toEqual([
      { layerId: 'A', qty: 1000, value: 1000 },
      { layerId: 'B', qty: 500, value: 1000 },
    ]);
    expect(replay('moving-average', [], events).issues.get('Y')?.value).toBe(2250);
  });

  test('starts from the opening layers', () => {
    const opening = [{ id: 'O', effectiveAt: 0, seq: 0, qty: 1000, value: 100 }];
    const { issues, layers } = replay('fifo', opening, [shipment('X', 1, 1, 1000), receipt('A', 2, 2, 1000, 900)]);
    expect(issues.get('X')?.value).toBe(100);
    expect(layers).toEqual([{ id: 'A', effectiveAt: 2, seq: 2, qty: 1000, value: 900 }]);
  });

  test('a backdated issue that leaves too little for a later one names the event that failed', () => {
    const events = [...posted, shipment('Z', 15, 4, 1000), shipment('W', 30, 5, 500)];
    expect(() => replay('fifo', [], events)).toThrow(InsufficientLayersError);
    expect(() => replay('fifo', [], events)).toThrow(/Event W: cannot issue 500 milli-units, only 0 available/);
    expect(() => replay('moving-average', [], events)).toThrow(
      expect.objectContaining({ eventId: 'W', requested: 500, available: 0 }),
    );
  });

  test('an issue effective before any receipt fails even if the receipt was posted first', () => {
    const events = [receipt('A', 10, 1, 1000, 1000), shipment('X', 5, 2, 1)];
    expect(() => replay('fifo', [], events)).toThrow(/Event X/);
  });

  test('rejects duplicate event ids and malformed opening layers', () => {
    expect(() => replay('fifo', [], [receipt('A', 1, 1, 1000, 1), shipment('A', 2, 2, 1)])).toThrow(/Duplicate/);
    expect(() => replay('fifo', [{ id: 'O', effectiveAt: 0, seq: 0, qty: -1, value: 0 }], [])).toThrow(/Opening/);
  });

  test('ties on effective time and seq are broken by id, so insertion order never matters', () => {
    const a = receipt('a', 1, 1, 1000, 100);
    const b = receipt('b', 1, 1, 1000, 900);
    const out = shipment('x', 2, 2, 1000);
    expect(replay('fifo', [], [a, b, out]).issues.get('x')?.value).toBe(100);
    expect(replay('fifo', [], [b, a, out]).issues.get('x')?.value).toBe(100);
  });

  test('does not mutate its inputs', () => {
    const events = Object.freeze(posted.map((event) => Object.freeze({ ...event })));
    const opening = Object.freeze([Object.freeze({ id: 'O', effectiveAt: 0, seq: 0, qty: 1000, value: 1 })]);
    replay('fifo', opening, events);
    replay('moving-average', opening, events);
    expect(events).toEqual(posted);
    expect(opening).toEqual([{ id: 'O', effectiveAt: 0, seq: 0, qty: 1000, value: 1 }]);
  });
});
