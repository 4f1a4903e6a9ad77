import { allocate, AllocationError } from './index';
import { examplePolicy as policy, exampleContext as context, line, lot, TODAY } from './test-support';

describe('filters', () => {
  const stock = [
    lot('QUARANTINE', { status: 'quarantine' }),
    lot('BLOCKED', { status: 'blocked' }),
    lot('AT-SUPPLIER', { status: 'at-supplier' }),
    lot('EXPIRED', { expiresOn: TODAY - 1 }),
    lot('LAST-DAY', { expiresOn: TODAY }),
    lot('TEN-DAYS', { expiresOn: TODAY + 10 }),
    lot('NO-EXPIRY'),
    lot('EMPTY', { free: 0 }),
    lot('OTHER-WH', { warehouseCode: 'W9' }),
  ];
  const names = (raw: Record<string, unknown>, ctx = context) =>
    allocate([line(100_000)], stock, policy({ sortKeys: ['received-asc'], ...raw }), ctx)[0]!.allocations.map(
      (a) => a.lotCode,
    );

  test('by default: available, not expired (a lot is usable on its expiry date)', () => {
    expect(names({})).toEqual(['LAST-DAY', 'NO-EXPIRY', 'TEN-DAYS', 'OTHER-WH']);
  });

  test('statuses, warehouses and remaining shelf life, fixed or the customer minimum', () => {
    // Stock at a supplier is never allocated, even by a stored policy that lists it (published before issue 15).
    expect(names({ filters: { statuses: ['at-supplier'] } })).toEqual([]);
    expect(names({ filters: { statuses: ['available', 'at-supplier'] } })).toEqual(names({}));
    expect(names({ filters: { allowedWarehouses: ['W9'] } })).toEqual(['OTHER-WH']);
    expect(names({ filters: { minRemainingShelfLifeDays: 10 } })).toEqual(['NO-EXPIRY', 'TEN-DAYS', 'OTHER-WH']);
    expect(names({ filters: { minRemainingShelfLifeDays: 11 } })).toEqual(['NO-EXPIRY', 'OTHER-WH']);
    const strict = { today: TODAY, customerMinShelfLifeDays: 11 };
    expect(names({ filters: { minRemainingShelfLifeDays: 'customer' } }, strict)).toEqual(['NO-EXPIRY', 'OTHER-WH']);
    expect(names({ filters: { minRemainingShelfLifeDays: 'customer' } })).toHaveLength(4); // no customer minimum
  });

  test('quarantined and blocked stock stay out even if a policy built in code lists them', () => {
    const unchecked = { ...policy({ sortKeys: ['received-asc'] }), filters: { statuses: ['quarantine', 'blocked'] } };
    const result = allocate([line(5_000)], stock, unchecked as never, context);
    expect(result[0]!.allocations).toEqual([]);
  });
});

describe('input checks', () => {
  const fifo = policy({ sortKeys: ['received-asc'] });
  test.each([
    ['invalid-line', [line(0)], [lot('X')], context],
    ['invalid-line', [line(1.5)], [lot('X')], context],
    ['duplicate-line', [line(1), line(2)], [lot('X')], context],
    ['invalid-candidate', [line(1)], [lot('X', { free: -1 })], context],
    ['invalid-candidate', [line(1)], [lot('X', { expiresOn: 1.5 })], context],
    ['invalid-context', [line(1)], [lot('X')], { today: 1.5, customerMinShelfLifeDays: null }],
    ['invalid-context', [line(1)], [lot('X')], { today: TODAY, customerMinShelfLifeDays: -1 }],
  ])('%s', (code, lines, candidates, ctx) => {
    const run = () =>
      allocate(
        lines.map((l, i) => (code === 'duplicate-line' ? l : { ...l, lineNo: i })),
        candidates,
        fifo,
        ctx,
      );
    expect(run).toThrow(AllocationError);
    expect(run).toThrow(expect.objectContaining({ code }));
  });

  test('inputs are not mutated', () => {
    const candidates = Object.freeze([lot('B'), lot('A')].map((c) => Object.freeze(c)));
    const lines = Object.freeze([Object.freeze(line(1_500))]);
    expect(() => allocate(lines, candidates, fifo, context)).not.toThrow();
    expect(candidates.map((c) => c.free)).toEqual([1_000, 1_000]);
  });
});
