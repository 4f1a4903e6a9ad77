import type { SqlListSpec } from '../lists/sql-list';
import { containing, reportWhere } from './report-list';

type Query = { q?: string; sort?: string; page: number; pageSize: number; lot?: string };

const spec = {
  searchFields: ['i.sku', 'lot.code'],
  where: (q: Query) => [{ sql: 'b.quantity <> 0', params: [] }, ...containing(q.lot, 'lot.code')],
} as unknown as SqlListSpec<Query, unknown>;

describe('a report list’s where for its own figures', () => {
  test('holds the filters and the search as the page has them, with their parameters in order', () => {
    expect(reportWhere(spec, { q: ' 50%_off ', lot: 'L1', page: 1, pageSize: 20 })).toEqual({
      sql: 'where (b.quantity <> 0) and (lot.code ilike ?) and ((i.sku ilike ? or lot.code ilike ?))',
      params: ['%L1%', '%50\\%\\_off%', '%50\\%\\_off%'],
    });
  });

  test('a blank filter or search adds no condition', () => {
    expect(reportWhere(spec, { q: '  ', lot: ' ', page: 1, pageSize: 20 })).toEqual({
      sql: 'where (b.quantity <> 0)',
      params: [],
    });
    expect(containing(undefined, 'l.code')).toEqual([]);
  });
});
