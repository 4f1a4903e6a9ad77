import fc from 'fast-check';
import { BomCycleError, explode } from './explode';
import { oracleRequired, RUNS, worldArb, worldOf } from './test-support';
import type { BomView } from './types';

const bom = (parentSku: string, lines: [string, number, number?][], phantom = false): BomView => ({
  parentSku,
  version: 1,
  phantom,
  lines: lines.map(([componentSku, quantityPer, scrapPercent]) => ({
    componentSku,
    quantityPer,
    scrapPercent: scrapPercent ?? 0,
  })),
});

// BIKE <- FRAME (stocked sub-assembly: TUBE, PAINT) + WHEELSET (phantom: WHEEL x2 -> RIM, SPOKE) + BOLT
const bike = worldOf(
  [
    bom('BIKE', [
      ['FRAME', 1],
      ['WHEELSET', 1, 10],
      ['BOLT', 4, 5],
    ]),
    bom('FRAME', [
      ['TUBE', 3, 10],
      ['PAINT', 0.2],
    ]),
    bom(
      'WHEELSET',
      [
        ['WHEEL', 2],
        ['BOLT', 2],
      ],
      true,
    ),
    bom('WHEEL', [
      ['RIM', 1],
      ['SPOKE', 32, 12.5],
    ]),
  ],
  ['BIKE', 'FRAME', 'WHEELSET', 'WHEEL', 'BOLT', 'TUBE', 'PAINT', 'RIM', 'SPOKE'],
);

describe('explode', () => {
  test('single level passes the phantom through, scrap once per level, and sums a component reached twice', () => {
    expect(explode('BIKE', 10, bike.lookup)).toEqual([
      { componentSku: 'FRAME', required: 10, level: 1 },
      // 10 x 1 x 1.10 wheelsets = 11, x 2 wheels each
      { componentSku: 'WHEEL', required: 22, level: 1 },
      // 10 x 4 x 1.05 = 42 directly, plus 11 x 2 = 22 through the phantom
      { componentSku: 'BOLT', required: 64, level: 1 },
    ]);
  });

  test('all levels explode the stocked sub-assemblies too, gross, with the deepest level', () => {
    expect(explode('BIKE', 10, bike.lookup, { levels: 'all' })).toEqual([
      { componentSku: 'FRAME', required: 10, level: 1 },
      { componentSku: 'TUBE', required: 33, level: 2 },
      { componentSku: 'PAINT', required: 2, level: 2 },
      { componentSku: 'WHEEL', required: 22, level: 1 },
      { componentSku: 'RIM', required: 22, level: 2 },
      { componentSku: 'SPOKE', required: 792, level: 2 },
      { componentSku: 'BOLT', required: 64, level: 1 },
    ]);
  });

  test('an item without a BOM has no components; decimals do not drift', () => {
    expect(explode('BOLT', 5, bike.lookup)).toEqual([]);
    const paint = worldOf([bom('P', [['X', 0.1]])], ['P', 'X']);
    expect(explode('P', 3, paint.lookup)).toEqual([{ componentSku: 'X', required: 0.3, level: 1 }]);
  });

  test('BOM data that loops through phantoms (or at all levels) stops with the path', () => {
    const looped = worldOf([bom('A', [['B', 1]]), bom('B', [['A', 1]], true)], ['A', 'B']);
    expect(() => explode('A', 1, looped.lookup)).toThrow(new BomCycleError(['A', 'B', 'A']));
    const stocked = worldOf([bom('A', [['B', 1]]), bom('B', [['C', 1]]), bom('C', [['B', 1]])], ['A', 'B', 'C']);
    expect(explode('A', 1, stocked.lookup)).toEqual([{ componentSku: 'B', required: 1, level: 1 }]);
    expect(() => explode('A', 1, stocked.lookup, { levels: 'all' })).toThrow('B -> C -> B');
  });

  test('property: phantoms never appear as demand, at one level or all', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 50 }), fc.boolean(), (world, qty, all) => {
        const result = explode('I0', qty, world.lookup, { levels: all ? 'all' : 'single' });
        for (const c of result) expect(world.boms.get(c.componentSku)?.phantom ?? false).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  test('property: scrap applied exactly once per level (equals the per-path product of every level)', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 50 }), (world, qty) => {
        const expected = oracleRequired(world, 'I0', qty);
        const result = explode('I0', qty, world.lookup);
        expect(result.map((c) => c.componentSku).sort()).toEqual([...expected.keys()].sort());
        for (const c of result) expect(c.required).toBeCloseTo(expected.get(c.componentSku)!, 4);
      }),
      { numRuns: RUNS },
    );
  });

  test('property: all levels contain every single-level component with the same requirement', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 50 }), (world, qty) => {
        const single = explode('I0', qty, world.lookup);
        const all = new Map(explode('I0', qty, world.lookup, { levels: 'all' }).map((c) => [c.componentSku, c]));
        // A component may also sit deeper below a stocked sub-assembly, so the all-level total is at least as large.
        for (const c of single) expect(all.get(c.componentSku)!.required).toBeGreaterThanOrEqual(c.required);
      }),
      { numRuns: RUNS },
    );
  });
});
