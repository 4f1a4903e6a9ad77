import { resolvePath } from './index';

describe('resolvePath', () => {
  const attributes = { hazmat: { unNumber: 'UN1993' }, limits: [{ max: 8 }, { max: 2 }], 'storage-zone': 'cold' };

  test.each([
    ['hazmat.unNumber', 'UN1993'],
    ['limits[1].max', 2],
    ['limits[0]', { max: 8 }],
    ['storage-zone', 'cold'],
    ['hazmat.missing', undefined],
    ['limits[5].max', undefined],
    ['hazmat[0]', undefined], // an index into an object
  ])('%s', (path, expected) => {
    expect(resolvePath(attributes, path)).toEqual(expected);
  });

  test('never reaches into prototypes', () => {
    expect(resolvePath(attributes, 'constructor')).toBeUndefined();
    expect(resolvePath(attributes, 'hazmat.__proto__')).toBeUndefined();
    expect(resolvePath(attributes, 'hazmat.toString')).toBeUndefined();
  });

  test('refuses JSONPath and malformed paths', () => {
    for (const path of ['$.hazmat', '$..max', 'limits[*]', 'hazmat..unNumber', '.hazmat', 'limits[0', '', 'a b']) {
      expect(resolvePath(attributes, path)).toBeUndefined();
    }
  });
});
