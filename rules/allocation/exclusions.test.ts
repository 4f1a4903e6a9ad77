import fc from 'fast-check';
import { allocate, candidateFilter, EXCLUSION_LIMIT, exclusionReasons } from './index';
import { candidateArb, contextArb, policyArb, RUNS } from './test-support';
import { examplePolicy as policy, exampleContext as context, line, lot, TODAY } from './test-support';

describe('why a lot was passed over', () => {
  const stock = [
    lot('GOOD', { expiresOn: TODAY + 90 }),
    lot('EXPIRED', { expiresOn: TODAY - 1 }),
    lot('SHORT', { expiresOn: TODAY + 5 }),
    lot('OTHER-WH', { warehouseCode: 'W9', expiresOn: TODAY + 90 }),
    lot('QUARANTINE', { status: 'quarantine', expiresOn: TODAY + 90 }),
    lot('RESERVED', { free: 0, expiresOn: TODAY + 90 }),
    lot('EXPIRED-ELSEWHERE', { warehouseCode: 'W9', expiresOn: TODAY - 3 }),
  ];
  const strict = policy({
    sortKeys: ['expiry-asc'],
    filters: { minRemainingShelfLifeDays: 'customer', allowedWarehouses: ['W1'] },
  });
  const ctx = { today: TODAY, customerMinShelfLifeDays: 30 };

  test('each excluded lot with every reason that applies; the chosen lot is not listed', () => {
    const [result] = allocate([line(500)], stock, strict, ctx);
    expect(result!.allocations.map((a) => a.lotCode)).toEqual(['GOOD']);
    expect(result!.excluded.map(({ lotCode, reasons }) => [lotCode, reasons])).toEqual([
      ['EXPIRED', ['expired']],
      ['SHORT', ['short-shelf-life']],
      ['OTHER-WH', ['wrong-warehouse']],
      ['QUARANTINE', ['not-available']],
      ['RESERVED', ['not-available']],
      ['EXPIRED-ELSEWHERE', ['wrong-warehouse', 'expired']],
    ]);
    expect(result!.excluded[1]).toMatchObject({ candidate: 2, warehouseCode: 'W1' });
    expect(result!.excludedMore).toBe(0);
  });

  test('a lot is usable on its expiry date; without a minimum, only expiry counts', () => {
    const reasons = exclusionReasons(policy({ sortKeys: ['expiry-asc'] }).filters, context);
    expect(reasons(lot('LAST-DAY', { expiresOn: TODAY }))).toEqual([]);
    expect(reasons(lot('SHORT', { expiresOn: TODAY + 1 }))).toEqual([]);
    expect(reasons(lot('YESTERDAY', { expiresOn: TODAY - 1 }))).toEqual(['expired']);
  });

  test('bounded: beyond the limit the rest are only counted, and lines of one SKU share the list', () => {
    const many = Array.from({ length: EXCLUSION_LIMIT + 7 }, (_, i) => lot(`X${i}`, { expiresOn: TODAY - 1 }));
    const results = allocate([line(100), { ...line(100), lineNo: 2 }], many, strict, ctx);
    expect(results[0]!.excluded).toHaveLength(EXCLUSION_LIMIT);
    expect(results[0]!.excludedMore).toBe(7);
    expect(results[1]!.excluded).toEqual(results[0]!.excluded);
  });

  test('a SKU with nothing passed over reports none', () => {
    const [result] = allocate([line(100)], [lot('GOOD')], policy({ sortKeys: ['expiry-asc'] }), context);
    expect(result).toMatchObject({ excluded: [], excludedMore: 0 });
  });

  test('property: a candidate has reasons exactly when the filter drops it', () => {
    fc.assert(
      fc.property(candidateArb, policyArb, contextArb, (candidate, p, c) => {
        const kept = candidateFilter(p.filters, c)(candidate);
        expect(exclusionReasons(p.filters, c)(candidate).length === 0).toBe(kept);
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
