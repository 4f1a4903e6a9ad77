import { distributeAbsorption, orderBasis, type AbsorptionTarget } from './absorption';

const orders: AbsorptionTarget[] = [
  { id: 'MO-1', completedQuantity: 10, materialCents: 30_000, labourHours: 2.5 },
  { id: 'MO-2', completedQuantity: 20, materialCents: 10_000, labourHours: 5 },
];

describe('absorption by the cost-distribution rules', () => {
  test('each basis an order carries applies as asked, the parts summing to the amount', () => {
    const byQuantity = distributeAbsorption('labour', 10_000, orders, null, () => {
      throw new Error('unused');
    });
    // Without rules: labour hours, 2.5 : 5 -> 3333.33 : 6666.67 (the cent to the larger remainder).
    expect(byQuantity.basis).toBe('labour-hours');
    expect(byQuantity.shares.map((s) => s.cents)).toEqual([3333, 6667]);
    expect(orderBasis('material-cost', orders)).toEqual({
      basis: 'material-cost',
      values: [30_000, 10_000],
      note: null,
    });
    expect(orderBasis('quantity', orders)?.values).toEqual([10, 20]);
  });

  test('a basis the orders cannot carry or that totals 0 falls back and says so; no basis at all: nothing split', () => {
    expect(orderBasis('weight', orders)).toMatchObject({
      basis: 'labour-hours',
      note: expect.stringContaining('weight'),
    });
    const noHours = orders.map((o) => ({ ...o, labourHours: 0 }));
    expect(orderBasis('labour-hours', noHours)).toMatchObject({
      basis: 'quantity',
      note: expect.stringContaining('0'),
    });
    const nothing = orders.map((o) => ({ ...o, labourHours: 0, completedQuantity: 0, materialCents: 0 }));
    expect(orderBasis('quantity', nothing)).toBeNull();
    const split = distributeAbsorption('overhead', 500, nothing, null, () => {
      throw new Error('unused');
    });
    expect(split).toMatchObject({ basis: null, shares: [] });
  });

  test('a negative amount (more applied than actual) is split as a credit, summing exactly', () => {
    const split = distributeAbsorption('overhead', -1001, orders, null, () => {
      throw new Error('unused');
    });
    expect(split.shares.reduce((sum, s) => sum + s.cents, 0)).toBe(-1001);
  });
});
