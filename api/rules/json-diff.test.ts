import { diffJson } from './json-diff';

describe('diffJson', () => {
  test('documents that differ only in key order have no differences, at any depth', () => {
    const stored = { sortKeys: ['expiry-asc'], options: { partial: 'allow', minShelfLifeDays: 3 } };
    const decided = { options: { minShelfLifeDays: 3, partial: 'allow' }, sortKeys: ['expiry-asc'] };
    expect(diffJson(stored, decided)).toEqual([]);
    expect(diffJson([stored], [decided])).toEqual([]);
  });

  test('reports the deepest changed, added and removed paths', () => {
    const before = { rules: [{ name: 'a', priority: 1 }], defaultPolicy: { partial: 'allow-partial' } };
    const after = { rules: [{ name: 'a', priority: 5 }, { name: 'b' }], defaultPolicy: {} };
    expect(diffJson(before, after)).toEqual([
      { path: '$.defaultPolicy.partial', kind: 'removed', before: 'allow-partial' },
      { path: '$.rules[0].priority', kind: 'changed', before: 1, after: 5 },
      { path: '$.rules[1]', kind: 'added', after: { name: 'b' } },
    ]);
  });

  test('identical documents have no differences', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});
