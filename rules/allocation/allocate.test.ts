import { allocate } from './index';
import { examplePolicy as policy, exampleContext as context, HOUR, line, lot, TODAY } from './test-support';

const lots = (result: ReturnType<typeof allocate>) =>
  result.map((r) => r.allocations.map((a) => `${a.lotCode}:${a.qty}`));

describe('sort keys', () => {
  const stock = [
    lot('OLD-LATE', { receivedAt: 1 * HOUR, expiresOn: TODAY + 30 }),
    lot('NEW-SOON', { receivedAt: 3 * HOUR, expiresOn: TODAY + 5 }),
    lot('MID-NONE', { receivedAt: 2 * HOUR, expiresOn: null }),
  ];

  test.each([
    [['expiry-asc'], ['NEW-SOON:1000', 'OLD-LATE:500']], // FEFO; lots without expiry date last
    [['received-asc'], ['OLD-LATE:1000', 'MID-NONE:500']], // FIFO
    [['received-desc'], ['NEW-SOON:1000', 'MID-NONE:500']], // LIFO
  ])('%j', (sortKeys, expected) => {
    expect(lots(allocate([line(1_500)], stock, policy({ sortKeys }), context))).toEqual([expected]);
  });

  test('warehouse priority: lower first, then the next key', () => {
    const spread = [
      lot('W2-OLD', { warehouseCode: 'W2', warehousePriority: 2, receivedAt: 0 }),
      lot('W1-NEW', { warehousePriority: 1, receivedAt: 2 * HOUR }),
      lot('W1-OLD', { warehousePriority: 1, receivedAt: 1 * HOUR }),
    ];
    const result = allocate(
      [line(2_500)],
      spread,
      policy({ sortKeys: ['warehouse-priority', 'received-asc'] }),
      context,
    );
    expect(lots(result)).toEqual([['W1-OLD:1000', 'W1-NEW:1000', 'W2-OLD:500']]);
  });

  test('ties break on warehouse, location and lot code, never on the input order', () => {
    const twins = [lot('B', { locationCode: 'L2' }), lot('B'), lot('A', { locationCode: 'L2' })];
    const forward = allocate([line(3_000)], twins, policy({ sortKeys: ['received-asc'] }), context);
    const backward = allocate([line(3_000)], [...twins].reverse(), policy({ sortKeys: ['received-asc'] }), context);
    expect(forward[0]!.allocations.map((a) => `${a.locationCode}/${a.lotCode}`)).toEqual(['L1/B', 'L2/A', 'L2/B']);
    expect(lots(backward)).toEqual(lots(forward));
  });
});

describe('fewest locations', () => {
  const stock = [
    lot('S1', { free: 400 }),
    lot('BIG', { free: 900 }),
    lot('S2', { free: 600 }),
    lot('S3', { free: 500 }),
  ];

  test('one candidate that covers the line, the first in the other keys order', () => {
    const result = allocate([line(500)], stock, policy({ sortKeys: ['fewest-locations', 'received-asc'] }), context);
    expect(lots(result)).toEqual([['BIG:500']]); // BIG, S2 and S3 cover; BIG sorts first (all received together)
  });

  test('otherwise the largest first', () => {
    const result = allocate([line(1_600)], stock, policy({ sortKeys: ['fewest-locations'] }), context);
    expect(lots(result)).toEqual([['BIG:900', 'S2:600', 'S1:100']]);
  });

  test('keys before it come first: fewest locations within the preferred warehouse', () => {
    const spread = [...stock, lot('W2-HUGE', { warehouseCode: 'W2', warehousePriority: 2, free: 5_000 })];
    const keys = ['warehouse-priority', 'fewest-locations'];
    expect(lots(allocate([line(1_600)], spread, policy({ sortKeys: keys }), context))).toEqual([
      ['BIG:900', 'S2:600', 'S1:100'],
    ]);
    expect(lots(allocate([line(2_500)], spread, policy({ sortKeys: keys }), context))).toEqual([
      ['BIG:900', 'S2:600', 'S3:500', 'S1:400', 'W2-HUGE:100'],
    ]);
  });
});

describe('partial policies and shared stock', () => {
  const stock = [lot('L-1'), lot('L-2')];
  const lines = [line(1_500, 1), line(1_000, 2), line(200, 3, 'NONE')];

  test('allow-partial takes what there is; later lines see what earlier lines left', () => {
    const result = allocate(lines, stock, policy({ sortKeys: ['received-asc'] }), context);
    expect(lots(result)).toEqual([['L-1:1000', 'L-2:500'], ['L-2:500'], []]);
    expect(result.map((r) => [r.allocated, r.backorder, r.unallocated])).toEqual([
      [1_500, 0, 0],
      [500, 0, 500],
      [0, 0, 200],
    ]);
  });

  test('backorder-rest reports what is missing as backorder', () => {
    const result = allocate(lines, stock, policy({ sortKeys: ['received-asc'], partial: 'backorder-rest' }), context);
    expect(result.map((r) => [r.allocated, r.backorder])).toEqual([
      [1_500, 0],
      [500, 500],
      [0, 200],
    ]);
  });

  test('all-or-nothing leaves a line it cannot cover untouched, and the stock for later lines', () => {
    const result = allocate(
      [line(2_500, 1), line(2_000, 2)],
      stock,
      policy({ sortKeys: ['received-asc'], partial: 'all-or-nothing' }),
      context,
    );
    expect(lots(result)).toEqual([[], ['L-1:1000', 'L-2:1000']]);
    expect(result[0]).toMatchObject({ allocated: 0, backorder: 0, unallocated: 2_500 });
  });
});
