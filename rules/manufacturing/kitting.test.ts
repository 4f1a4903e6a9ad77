import { kitting, NoBomError } from './kitting';
import { worldOf } from './test-support';
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

// LAMP <- BASE (stocked sub-assembly) + HEAD (phantom: SHADE, BULB) + SCREW x4 with 25 % scrap
const world = worldOf(
  [
    bom('LAMP', [
      ['BASE', 1],
      ['HEAD', 1],
      ['SCREW', 4, 25],
    ]),
    bom('BASE', [['PLATE', 1]]),
    bom(
      'HEAD',
      [
        ['SHADE', 1],
        ['BULB', 2],
      ],
      true,
    ),
  ],
  ['LAMP', 'BASE', 'HEAD', 'SCREW', 'PLATE', 'SHADE', 'BULB'],
);

describe('kitting', () => {
  test('one demand: phantom exploded, stocked sub-assembly counted as stock, buildable limited by the scarcest', () => {
    const stock = new Map([
      ['BASE', 10],
      ['SHADE', 10],
      ['BULB', 7],
      ['SCREW', 100],
    ]);
    const [result] = kitting([{ itemSku: 'LAMP', quantity: 5, reference: 'PO-1' }], world.lookup, stock);
    expect(result).toEqual({
      itemSku: 'LAMP',
      quantity: 5,
      reference: 'PO-1',
      buildable: 3,
      components: [
        { componentSku: 'BASE', required: 5, available: 10, short: 0 },
        { componentSku: 'SHADE', required: 5, available: 10, short: 0 },
        { componentSku: 'BULB', required: 10, available: 7, short: 3 },
        { componentSku: 'SCREW', required: 25, available: 100, short: 0 },
      ],
    });
    expect(stock.get('BULB')).toBe(7);
  });

  test('competing demands: the second sees only what the first left, and nothing is counted twice', () => {
    const stock = new Map([
      ['BASE', 8],
      ['SHADE', 8],
      ['BULB', 20],
      ['SCREW', 40],
    ]);
    const [first, second] = kitting(
      [
        { itemSku: 'LAMP', quantity: 6 },
        { itemSku: 'LAMP', quantity: 6, reference: 'later' },
      ],
      world.lookup,
      stock,
    );
    // First: 6 lamps need 30 screws of 40: all buildable.
    expect(first).toMatchObject({ buildable: 6, reference: null });
    // Second: 2 bases, 2 shades, 8 bulbs, 10 screws left -> 2 lamps (screws: 2 x 5 = 10 fit, 3 x 5 = 15 do not).
    expect(second!.buildable).toBe(2);
    expect(second!.components).toEqual([
      { componentSku: 'BASE', required: 6, available: 2, short: 4 },
      { componentSku: 'SHADE', required: 6, available: 2, short: 4 },
      { componentSku: 'BULB', required: 12, available: 8, short: 4 },
      { componentSku: 'SCREW', required: 30, available: 10, short: 20 },
    ]);
  });

  test('nothing in stock builds nothing; a fractional quantity fully covered builds all of it', () => {
    const [none] = kitting([{ itemSku: 'LAMP', quantity: 3 }], world.lookup, new Map());
    expect(none!.buildable).toBe(0);
    const plenty = new Map(['BASE', 'SHADE', 'BULB', 'SCREW'].map((s) => [s, 100]));
    expect(kitting([{ itemSku: 'LAMP', quantity: 2.5 }], world.lookup, plenty)[0]!.buildable).toBe(2.5);
  });

  test('an item without a BOM is refused, naming the demand', () => {
    expect(() =>
      kitting(
        [
          { itemSku: 'LAMP', quantity: 1 },
          { itemSku: 'SCREW', quantity: 1 },
        ],
        world.lookup,
        new Map(),
      ),
    ).toThrow(NoBomError);
    try {
      kitting(
        [
          { itemSku: 'LAMP', quantity: 1 },
          { itemSku: 'SCREW', quantity: 1 },
        ],
        world.lookup,
        new Map(),
      );
    } catch (error) {
      expect(error).toMatchObject({ demandIndex: 1, sku: 'SCREW' });
    }
  });
});
