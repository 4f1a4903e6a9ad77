import { coverShortages, type OpenSupply } from './coverage';
import type { KittingResult } from './kitting';

const result = (reference: string, short: number, componentSku = 'BOLT'): KittingResult => ({
  itemSku: 'LAMP',
  quantity: 1,
  reference,
  buildable: 0,
  components: [{ componentSku, required: short, available: 0, short }],
});

const po = (
  number: string,
  lineNo: number,
  openQuantity: number,
  dueDate: string,
  componentSku = 'BOLT',
): OpenSupply => ({
  type: 'purchase-order',
  number,
  lineNo,
  componentSku,
  openQuantity,
  dueDate,
});

describe('coverShortages', () => {
  test('earliest due lines first, shared in priority order and never promised twice', () => {
    const [first, second, third] = coverShortages(
      [result('a', 30), result('b', 50), result('c', 10)],
      [po('PO-2', 1, 40, '2026-12-20'), po('PO-1', 2, 50, '2026-12-10'), po('PO-9', 1, 5, '2026-12-01', 'NUT')],
    );
    expect(first!.components[0]).toMatchObject({
      coveredBy: [{ number: 'PO-1', lineNo: 2, openQuantity: 50, quantity: 30, dueDate: '2026-12-10' }],
      uncovered: 0,
    });
    expect(second!.components[0]).toMatchObject({
      coveredBy: [
        { number: 'PO-1', openQuantity: 20, quantity: 20 },
        { number: 'PO-2', openQuantity: 40, quantity: 30 },
      ],
      uncovered: 0,
    });
    expect(third!.components[0]).toMatchObject({
      coveredBy: [{ number: 'PO-2', openQuantity: 10, quantity: 10 }],
      uncovered: 0,
    });
  });

  test('what no supply covers stays uncovered; a component that is not short takes nothing', () => {
    const [covered] = coverShortages([result('a', 8, 'NUT'), result('b', 0)], [po('PO-9', 1, 5, '2026-12-01', 'NUT')]);
    expect(covered!.components[0]).toMatchObject({ uncovered: 3, coveredBy: [{ quantity: 5 }] });
    const [, none] = coverShortages([result('a', 8, 'NUT'), result('b', 0)], [po('PO-1', 1, 5, '2026-12-01')]);
    expect(none!.components[0]).toMatchObject({ uncovered: 0, coveredBy: [] });
  });
});
