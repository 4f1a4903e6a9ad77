import { arrayLiteral, queryBound } from './bound-sql';
import { useTestOrm } from '../test/support/int-env';

jest.setTimeout(60_000);

const db = useTestOrm();

// Net change sends grids, inputs and reasons as array literals: whatever a sku, a reason or a JSON value holds
// (quotes, backslashes, commas, braces, blanks, NULL as text, non-ASCII), PostgreSQL must read back the same strings.
test('array literals carry any text, and null, unchanged', async () => {
  const texts = [
    'plain',
    'with "quotes"',
    'back\\slash \\"both\\"',
    'a,b',
    '{braces}',
    ' padded ',
    'NULL',
    '',
    'Größe ✓',
  ];
  const values = [...texts, JSON.stringify({ sku: 'A"1', note: 'x\\y', rows: [{ gross: 1.5 }] }), null];
  const [row] = await queryBound<{ back: Array<string | null> }>(db.orm.em.fork(), 'select ?::text[] as back', [
    arrayLiteral(values),
  ]);
  expect(row?.back).toEqual(values);
  const [numbers] = await queryBound<{ back: number[] }>(db.orm.em.fork(), 'select ?::int[] as back', [
    arrayLiteral([1, -2, 30]),
  ]);
  expect(numbers?.back).toEqual([1, -2, 30]);
});
