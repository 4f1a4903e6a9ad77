import { replay } from '../../rules/valuation';
import { replayOwnLayersFirst, takeOwnLayerFirst } from './own-layer';

// Milli-units and cents: an older layer of 5 at 5.00 (seq 10) and the named receipt's layer of 3 at 18.60 (seq 20).
const layers = [
  { id: '1', effectiveAt: 1, seq: 10, qty: 5000, value: 2500 },
  { id: '2', effectiveAt: 2, seq: 20, qty: 3000, value: 1860 },
];

describe('takeOwnLayerFirst', () => {
  test('takes the named receipt’s layer, not the oldest', () => {
    expect(takeOwnLayerFirst('fifo', layers, 20, 3000)).toEqual({
      qty: 3000,
      value: 1860,
      taken: [{ layerId: '2', qty: 3000, value: 1860 }],
    });
  });

  test('part of the named layer at its own unit cost: 2 of 18.60 / 3 = 12.40', () => {
    expect(takeOwnLayerFirst('fifo', layers, 20, 2000).value).toBe(1240);
  });

  test('what the named layer lacks comes from the oldest layers: 3 x 6.20 + 1 x 5.00', () => {
    expect(takeOwnLayerFirst('fifo', layers, 20, 4000)).toEqual({
      qty: 4000,
      value: 2360,
      taken: [
        { layerId: '2', qty: 3000, value: 1860 },
        { layerId: '1', qty: 1000, value: 500 },
      ],
    });
  });

  test('no named receipt, an unknown one or moving average: a plain issue from the oldest', () => {
    expect(takeOwnLayerFirst('fifo', layers, undefined, 1000).taken).toEqual([{ layerId: '1', qty: 1000, value: 500 }]);
    expect(takeOwnLayerFirst('fifo', layers, 99, 1000).taken).toEqual([{ layerId: '1', qty: 1000, value: 500 }]);
    const pool = [{ id: 'pool', effectiveAt: 0, seq: 0, qty: 8000, value: 4360 }];
    expect(takeOwnLayerFirst('moving-average', pool, 0, 2000).value).toBe(1090);
  });
});

describe('replayOwnLayersFirst', () => {
  // A backdated receipt of 2 at 1.00 (seq 5) before both layers, then an issue of 3 that named layer seq 20.
  const events = [
    { id: 'in:0', kind: 'in' as const, effectiveAt: 0, seq: 5, qty: 2000, value: 200 },
    { id: 'out:30', kind: 'out' as const, effectiveAt: 3, seq: 30, qty: 3000 },
    { id: 'out:31', kind: 'out' as const, effectiveAt: 4, seq: 31, qty: 1000 },
  ];

  test('the named issue keeps its layer (18.60); the next plain issue takes the backdated layer first', () => {
    const result = replayOwnLayersFirst('fifo', layers, events, new Map([['out:30', 20]]));
    expect(result.issues.get('out:30')).toEqual({
      qty: 3000,
      value: 1860,
      taken: [{ layerId: '2', qty: 3000, value: 1860 }],
    });
    expect(result.issues.get('out:31')?.value).toBe(100);
    expect(result.layers).toEqual([
      { id: 'in:0', effectiveAt: 0, seq: 5, qty: 1000, value: 100 },
      { id: '1', effectiveAt: 1, seq: 10, qty: 5000, value: 2500 },
    ]);
  });

  test('no named issue: exactly the plain replay (which would cost it 2 x 1.00 + 1 x 5.00 = 7.00)', () => {
    expect(replayOwnLayersFirst('fifo', layers, events, new Map())).toEqual(replay('fifo', layers, events));
    expect(replay('fifo', layers, events).issues.get('out:30')?.value).toBe(700);
  });

  test('too little at the named issue: the error names the event', () => {
    const short = [{ id: 'out:30', kind: 'out' as const, effectiveAt: 3, seq: 30, qty: 9000 }];
    expect(() => replayOwnLayersFirst('fifo', layers, short, new Map([['out:30', 20]]))).toThrow(/Event out:30/);
  });
});
