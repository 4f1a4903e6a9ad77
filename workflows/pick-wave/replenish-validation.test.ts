import { findReplenishProblem } from './replenish-validation';

describe('findReplenishProblem', () => {
  const proposed = [{ fromLocation: 'R1', toLocation: 'F1', itemSku: 'X', lotCode: 'L1', quantity: 4 }];
  test('accepts the proposed move or less, names the entry otherwise', () => {
    expect(findReplenishProblem(proposed, [{ ...proposed[0], quantity: 3 }])).toBeUndefined();
    expect(findReplenishProblem(proposed, [{ ...proposed[0], quantity: 5 }])).toContain('moved[0].quantity');
    expect(findReplenishProblem(proposed, [{ ...proposed[0], lotCode: 'L2' }])).toContain('moved[0] is not');
    expect(findReplenishProblem(proposed, 'x')).toContain('moved must be');
  });
});
