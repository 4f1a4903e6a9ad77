import { validateRuleSet } from './index';
import { allocation, errorsOf, leaf } from './test-support';

describe('conditions', () => {
  test('every operator on the fact types it applies to, fact references and attribute paths', () => {
    const conditions = {
      any: [
        leaf('customer.minShelfLifeDays', 'greaterThanInclusive', 30),
        leaf('order.requestedDate', 'lessThan', '2026-04-01'),
        leaf('item.category', 'in', ['frozen', 'chilled']),
        leaf('customer.tags', 'contains', 'key-account'),
        leaf('item.lotTracked', 'notEqual', false),
        leaf('item.shelfLifeDays', 'lessThan', { fact: 'customer.minShelfLifeDays' }),
        leaf('customer.segment', 'notIn', { fact: 'customer.tags' }),
        { not: leaf('item.attributes', 'equal', 'UN1993', { path: 'hazmat.unNumber' }) },
        leaf('item.attributes', 'greaterThan', 5, { path: 'limits[0]', name: 'cold chain' }),
      ],
    };
    expect(errorsOf(validateRuleSet('allocation', allocation(conditions)))).toEqual([]);
  });

  test.each([
    [
      'a leaf with an unknown operator',
      leaf('item.sku', 'like', 'A'),
      '$.rules[0].conditions.all[0].operator',
      /unknown operator "like"/,
    ],
    [
      'a decorated operator',
      leaf('customer.tags', 'someFact:equal', 'A'),
      '$.rules[0].conditions.all[0].operator',
      /unknown/,
    ],
    [
      'a missing operator',
      { fact: 'item.sku', value: 'A' },
      '$.rules[0].conditions.all[0].operator',
      /missing operator/,
    ],
    ['an unknown fact', leaf('customer.nickname', 'equal', 'A'), '$.rules[0].conditions.all[0].fact', /unknown fact/],
    [
      'an operator the fact type lacks',
      leaf('item.sku', 'lessThan', 'B'),
      '$.rules[0].conditions.all[0].operator',
      /item\.sku \(string\)/,
    ],
    [
      'a value of the wrong type',
      leaf('customer.minShelfLifeDays', 'equal', '30'),
      '$.rules[0].conditions.all[0].value',
      /expected a number, got the string "30"/,
    ],
    [
      'a wrong entry in a list',
      leaf('item.category', 'in', ['a', 2]),
      '$.rules[0].conditions.all[0].value[1]',
      /expected a string/,
    ],
    ['an empty list', leaf('item.category', 'in', []), '$.rules[0].conditions.all[0].value', /non-empty list/],
    [
      'a date that does not exist',
      leaf('order.requestedDate', 'equal', '2026-02-30'),
      '$.rules[0].conditions.all[0].value',
      /date/,
    ],
    [
      'a reference to a fact of another type',
      leaf('item.sku', 'equal', { fact: 'item.shelfLifeDays' }),
      '$.rules[0].conditions.all[0].value.fact',
      /number fact/,
    ],
    [
      'a path on a plain fact',
      leaf('item.sku', 'equal', 'A', { path: 'x' }),
      '$.rules[0].conditions.all[0].path',
      /takes no path/,
    ],
    [
      'a JSONPath',
      leaf('item.attributes', 'equal', 'A', { path: '$..hazmat' }),
      '$.rules[0].conditions.all[0].path',
      /a\.b\[0\]\.c/,
    ],
    [
      'fact params',
      leaf('item.sku', 'equal', 'A', { params: {} }),
      '$.rules[0].conditions.all[0].params',
      /not supported/,
    ],
    [
      'a condition priority',
      leaf('item.sku', 'equal', 'A', { priority: 2 }),
      '$.rules[0].conditions.all[0].priority',
      /not supported/,
    ],
    [
      'a condition reference',
      { condition: 'shared' },
      '$.rules[0].conditions.all[0].condition',
      /write the condition out/,
    ],
    [
      'a typo in a key',
      { ...leaf('item.sku', 'equal', 'A'), opertor: 'x' },
      '$.rules[0].conditions.all[0].opertor',
      /unknown key/,
    ],
    ['an empty any', { any: [] }, '$.rules[0].conditions.all[0].any', /at least one/],
    [
      'not with an array',
      { not: [leaf('item.sku', 'equal', 'A')] },
      '$.rules[0].conditions.all[0].not',
      /not an array/,
    ],
    ['two boolean operators', { all: [], any: [] }, '$.rules[0].conditions.all[0]', /one of all, any, not/],
    ['a non-object', 'item.sku = A', '$.rules[0].conditions.all[0]', /must be an object/],
  ])('%s', (_, condition, path, message) => {
    const errors = errorsOf(validateRuleSet('allocation', allocation({ all: [condition] })));
    expect(errors).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});
