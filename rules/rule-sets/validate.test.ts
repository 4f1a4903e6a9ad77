import { validateRuleSet, withoutRetiredValues } from './index';
import { allocation, errorsOf, fefo, leaf } from './test-support';

describe('valid rule sets', () => {
  test('come back normalised: priorities and policy defaults filled in', () => {
    const result = validateRuleSet('allocation', allocation({ all: [leaf('customer.segment', 'equal', 'export')] }));
    expect(result).toEqual({
      ok: true,
      content: {
        rules: [
          {
            name: 'export customers',
            priority: 1,
            conditions: { all: [{ fact: 'customer.segment', operator: 'equal', value: 'export' }] },
            event: { type: 'policy', params: { ...fefo, filters: { statuses: ['available'], excludeExpired: true } } },
          },
        ],
        defaultPolicy: {
          sortKeys: ['received-asc'],
          partial: 'allow-partial',
          filters: { statuses: ['available'], excludeExpired: true },
        },
      },
    });
  });

  test('each type has its own policy and facts', () => {
    const rule = (fact: string, params: unknown) => ({
      rules: [{ name: 'r', conditions: { all: [leaf(fact, 'equal', 'X')] }, event: { type: 'policy', params } }],
      defaultPolicy: params,
    });
    expect(validateRuleSet('valuation', rule('item.category', { method: 'moving-average' })).ok).toBe(true);
    expect(
      validateRuleSet('expiry', rule('lot.origin', { actions: [{ withinDays: 3, action: 'scrap-task' }] })).ok,
    ).toBe(true);
    const split = { basis: 'labour-hours', rounding: 'largest-remainder' };
    expect(validateRuleSet('cost-distribution', rule('pool.kind', split)).ok).toBe(true);
    expect(errorsOf(validateRuleSet('valuation', rule('customer.code', { method: 'fifo' })))).toEqual([
      expect.objectContaining({ path: '$.rules[0].conditions.all[0].fact' }),
    ]);
  });
});

describe('errors name the JSON path', () => {
  test.each([
    ['a leaf at the top', leaf('item.sku', 'equal', 'A'), fefo, '$.rules[0].conditions', /all, any or not/],
    [
      'duplicate sort keys',
      { all: [leaf('item.sku', 'equal', 'A')] },
      { ...fefo, sortKeys: ['expiry-asc', 'expiry-asc'] },
      '$.rules[0].event.params.sortKeys[1]',
      /twice/,
    ],
    [
      'FIFO and LIFO together',
      { all: [leaf('item.sku', 'equal', 'A')] },
      { ...fefo, sortKeys: ['received-asc', 'received-desc'] },
      '$.rules[0].event.params.sortKeys[1]',
      /contradict/,
    ],
    [
      'an unknown sort key',
      { all: [leaf('item.sku', 'equal', 'A')] },
      { ...fefo, sortKeys: ['cheapest'] },
      '$.rules[0].event.params.sortKeys[0]',
      /expiry-asc/,
    ],
    [
      'quarantined stock',
      { all: [leaf('item.sku', 'equal', 'A')] },
      { ...fefo, filters: { statuses: ['quarantine'] } },
      '$.rules[0].event.params.filters.statuses[0]',
      /only available stock can be allocated/,
    ],
    [
      'expired stock',
      { all: [leaf('item.sku', 'equal', 'A')] },
      { ...fefo, filters: { excludeExpired: false } },
      '$.rules[0].event.params.filters.excludeExpired',
      /true/,
    ],
    [
      'an unknown policy key',
      { all: [leaf('item.sku', 'equal', 'A')] },
      { ...fefo, fast: true },
      '$.rules[0].event.params.fast',
      /unknown key/,
    ],
  ])('%s', (_, conditions, params, path, message) => {
    expect(errorsOf(validateRuleSet('allocation', allocation(conditions, params)))).toEqual([
      { path, message: expect.stringMatching(message) },
    ]);
  });

  test('rule shell, content and default policy', () => {
    const conditions = { all: [leaf('item.sku', 'equal', 'A')] };
    const json = {
      rules: [
        { name: 'a', priority: 0, conditions, event: { type: 'policy', params: fefo } },
        { name: 'a', conditions, event: { type: 'decision', params: fefo } },
        { name: 'b', event: { type: 'policy', params: fefo } },
      ],
      defaultPolicy: { sortKeys: ['expiry-asc'] },
      version: 2,
    };
    expect(errorsOf(validateRuleSet('allocation', json)).map((error) => error.path)).toEqual([
      '$.version',
      '$.rules[0].priority',
      '$.rules[1].event.type',
      '$.rules[1].name',
      '$.rules[2].conditions',
      '$.defaultPolicy.partial',
    ]);
  });

  test('expiry and cost-distribution policies', () => {
    const expiry = (actions: unknown) => validateRuleSet('expiry', { rules: [], defaultPolicy: { actions } });
    expect(errorsOf(expiry([{ withinDays: 5, action: 'discount' }]))).toEqual([
      { path: '$.defaultPolicy.actions[0].action', message: 'a discount needs discountPercent' },
    ]);
    expect(
      errorsOf(
        expiry([
          { withinDays: 5, action: 'alert' },
          { withinDays: 5, action: 'scrap-task' },
        ]),
      )[0]?.path,
    ).toBe('$.defaultPolicy.actions[1].withinDays');
    const split = validateRuleSet('cost-distribution', {
      rules: [],
      defaultPolicy: { basis: 'area', rounding: 'bankers' },
    });
    expect(errorsOf(split).map((error) => error.path)).toEqual(['$.defaultPolicy.basis', '$.defaultPolicy.rounding']);
  });

  test('malformed documents and types not supported yet', () => {
    expect(errorsOf(validateRuleSet('allocation', '{"rules": []}'))).toEqual([
      { path: '$', message: expect.stringMatching(/must be an object/) },
    ]);
    expect(errorsOf(validateRuleSet('allocation', { rules: {}, defaultPolicy: fefo }))[0]?.path).toBe('$.rules');
    expect(errorsOf(validateRuleSet('not-a-type' as never, { rules: [], defaultPolicy: {} }))).toEqual([
      { path: '$', message: expect.stringMatching(/"not-a-type" cannot be validated yet/) },
    ]);
  });
});

describe('credit rule sets', () => {
  test('a credit policy is pass or hold with a reason; facts come from the credit catalogue', () => {
    const hold = { action: 'hold', reason: 'overdue' };
    const ok = validateRuleSet('credit', {
      rules: [
        {
          name: 'overdue',
          conditions: { all: [{ fact: 'customer.overdueAmount', operator: 'greaterThan', value: 0 }] },
          event: { type: 'policy', params: hold },
        },
      ],
      defaultPolicy: { action: 'pass', reason: 'fine' },
    });
    expect(ok.ok).toBe(true);
    const bad = validateRuleSet('credit', {
      rules: [
        {
          name: 'by-category',
          conditions: { all: [{ fact: 'item.category', operator: 'equal', value: 'food' }] },
          event: { type: 'policy', params: { action: 'block', reason: 'x' } },
        },
      ],
      defaultPolicy: { action: 'pass', reason: 'fine' },
    });
    expect(bad.ok ? [] : bad.errors.map((error) => error.path)).toEqual([
      '$.rules[0].conditions.all[0].fact',
      '$.rules[0].event.params.action',
    ]);
  });
});

describe('retired values: stored versions keep them, new content may not', () => {
  const supplierToo = { ...fefo, filters: { statuses: ['available', 'at-supplier'] } };
  const onlySupplier = { ...fefo, filters: { statuses: ['at-supplier'] } };
  const stored = allocation({ all: [leaf('item.sku', 'equal', 'A')] }, onlySupplier);
  const old = { ...stored, defaultPolicy: { ...stored.defaultPolicy, ...supplierToo } };

  test('read as stored it validates; authored it is refused at each listing', () => {
    expect(validateRuleSet('allocation', old).ok).toBe(true);
    expect(errorsOf(validateRuleSet('allocation', old, { authoring: true })).map((e) => e.path)).toEqual([
      '$.rules[0].event.params.filters.statuses[0]',
      '$.defaultPolicy.filters.statuses[1]',
    ]);
  });

  test('a draft copied from it drops them (an empty list reads as available) and is valid new content', () => {
    const copy = withoutRetiredValues('allocation', old);
    const checked = validateRuleSet('allocation', copy, { authoring: true });
    expect(checked.ok).toBe(true);
    const content = checked.ok ? checked.content : undefined;
    expect(content?.rules[0]?.event.params.filters.statuses).toEqual(['available']);
    expect(content?.defaultPolicy.filters.statuses).toEqual(['available']);
    // The stored content itself is left as it was, and other types pass through untouched.
    expect(old.defaultPolicy.filters.statuses).toEqual(['available', 'at-supplier']);
    expect(withoutRetiredValues('valuation', { rules: [], defaultPolicy: { method: 'fifo' } })).toEqual({
      rules: [],
      defaultPolicy: { method: 'fifo' },
    });
  });
});
