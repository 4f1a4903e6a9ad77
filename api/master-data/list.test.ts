import { readCell } from './csv-columns';
import { likePattern, listOrder, listQuerySchema, listWhere } from './list';

const spec = {
  entity: 'Item',
  searchFields: ['sku', 'supplier.name'],
  sortFields: { supplier: 'supplier.code' },
  defaultSort: 'sku',
  activeField: 'active',
  where: (query: { category?: string }) => (query.category ? [{ category: query.category }] : []),
};

describe('list query', () => {
  const schema = listQuerySchema(['sku', 'name'], {});

  test('defaults: first page of 20, active only', () => {
    expect(schema.parse({})).toEqual({ page: 1, pageSize: 20, active: 'true' });
  });

  test('sort accepts only the listed fields, ascending or descending', () => {
    expect(schema.parse({ sort: '-name' }).sort).toBe('-name');
    const refused = schema.safeParse({ sort: 'password' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['sort']);
  });

  test('pages past the last servable one and oversized pages are refused', () => {
    expect(schema.safeParse({ page: '274877906945' }).success).toBe(false);
    expect(schema.safeParse({ pageSize: '201' }).success).toBe(false);
  });
});

describe('list conditions and order', () => {
  test('search matches every search field with escaped wildcards; active and filters are added', () => {
    const where = listWhere(
      spec as never,
      { q: ' 50%_off ', page: 1, pageSize: 20, active: 'true', category: 'x' } as never,
    );
    expect(where).toEqual({
      $and: [
        { $or: [{ sku: { $ilike: '%50\\%\\_off%' } }, { supplier: { name: { $ilike: '%50\\%\\_off%' } } }] },
        { active: true },
        { category: 'x' },
      ],
    });
  });

  test('active=all adds no condition', () => {
    expect(listWhere(spec as never, { page: 1, pageSize: 20, active: 'all' } as never)).toEqual({});
  });

  test('order: the mapped path, then the id so pages never overlap', () => {
    expect(listOrder(spec, '-supplier')).toEqual([{ supplier: { code: 'desc' } }, { id: 'asc' }]);
    expect(listOrder(spec)).toEqual([{ sku: 'asc' }, { id: 'asc' }]);
  });

  test('likePattern escapes the escape character too', () => {
    expect(likePattern('a\\b')).toBe('%a\\\\b%');
  });
});

describe('readCell', () => {
  test('empty cells are omitted, or null for nullable columns', () => {
    expect(readCell({ name: 'x', format: () => '' }, '  ')).toBeUndefined();
    expect(readCell({ name: 'x', nullable: true, format: () => '' }, '')).toBeNull();
  });

  test('numbers and booleans convert when they parse; otherwise the text goes on to be refused', () => {
    expect(readCell({ name: 'n', kind: 'number', format: () => '' }, ' 12.5 ')).toBe(12.5);
    expect(readCell({ name: 'n', kind: 'number', format: () => '' }, 'soon')).toBe('soon');
    expect(readCell({ name: 'b', kind: 'boolean', format: () => '' }, 'Yes')).toBe(true);
    expect(readCell({ name: 'b', kind: 'boolean', format: () => '' }, '0')).toBe(false);
    expect(readCell({ name: 'b', kind: 'boolean', format: () => '' }, 'maybe')).toBe('maybe');
  });
});
