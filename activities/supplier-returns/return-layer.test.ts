import { InsufficientLayersError, type Layer } from '../../rules/valuation';
import { takeForReturn } from './return-layer';

const layers: Layer[] = [
  { id: '1', effectiveAt: 1, seq: 1, qty: 5000, value: 1000 },
  { id: '2', effectiveAt: 2, seq: 2, qty: 10000, value: 4500 },
];

describe('takeForReturn', () => {
  test('takes from the receipt layer, not the oldest one', () => {
    expect(takeForReturn('fifo', layers, '2', 4000)).toEqual({
      qty: 4000,
      value: 1800,
      taken: [{ layerId: '2', qty: 4000, value: 1800 }],
    });
  });

  test('emptying the receipt layer takes its exact remainder, the rest comes oldest first', () => {
    expect(takeForReturn('fifo', layers, '2', 12000)).toEqual({
      qty: 12000,
      value: 4500 + 400,
      taken: [
        { layerId: '2', qty: 10000, value: 4500 },
        { layerId: '1', qty: 2000, value: 400 },
      ],
    });
  });

  test('a receipt layer already used up: FIFO like any issue', () => {
    expect(takeForReturn('fifo', layers, '9', 1000).taken).toEqual([{ layerId: '1', qty: 1000, value: 200 }]);
  });

  test('moving average leaves at the pool average', () => {
    const pool: Layer[] = [{ id: 'pool', effectiveAt: 0, seq: 0, qty: 4000, value: 1000 }];
    expect(takeForReturn('moving-average', pool, '2', 1000)).toMatchObject({ qty: 1000, value: 250 });
  });

  test('more than the scope holds is refused', () => {
    expect(() => takeForReturn('fifo', layers, '2', 16000)).toThrow(InsufficientLayersError);
  });
});
