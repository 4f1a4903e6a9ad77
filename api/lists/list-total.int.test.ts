import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { intEnv } from '../../test/support/int-env';
import { processListSpec } from '../processes/process-list';
import { listPage, orderClause } from './sql-list';

jest.setTimeout(60_000);

/** This file's own process type: other files' instances share the database. */
const TYPE = `list-total-${process.pid}`;
const ROWS = 25;

let orm: MikroORM;
const page = (spec: typeof processListSpec, number: number, pageSize: number, extra: Record<string, string> = {}) =>
  listPage(orm.em.fork(), spec, { processType: TYPE, page: number, pageSize, ...extra });

beforeAll(async () => {
  orm = await openOrm(intEnv().databaseUrl);
  await query(
    orm.em.fork(),
    `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step, started_at,
                                   updated_at)
     select ? || ':' || g, '', ?, 'LT-' || lpad(g::text, 3, '0'), case when g % 5 = 0 then 'completed' else 'running' end,
            'posting', now() - g * interval '1 minute', now()
       from generate_series(1, ?) g`,
    [TYPE, TYPE, ROWS],
  );
});

afterAll(async () => {
  await query(orm.em.fork(), 'delete from process_instance where process_type = ?', [TYPE]).catch(() => undefined);
  await orm?.close();
});

describe('a list total with a count cap (the process list)', () => {
  test('is exact up to the cap, with no estimate flag', async () => {
    const first = await page(processListSpec, 1, 5);
    expect(first).toMatchObject({ total: ROWS, page: 1, pageSize: 5 });
    expect(first).not.toHaveProperty('totalEstimated');
    expect(first.items.map((row) => row.businessKey)).toEqual(['LT-001', 'LT-002', 'LT-003', 'LT-004', 'LT-005']);
    expect((await page(processListSpec, 1, 5, { status: 'completed' })).total).toBe(ROWS / 5);
    expect((await page(processListSpec, 1, 5, { q: 'lt-01' })).total).toBe(10);
  });

  test("past the cap is PostgreSQL's estimate, never below the rows counted, and says so", async () => {
    const capped = await page({ ...processListSpec, countCap: 10 }, 1, 5);
    expect(capped.items).toHaveLength(5);
    expect(capped.totalEstimated).toBe(true);
    expect(capped.total).toBeGreaterThan(10);
  });

  test('a page that is not full gives the exact total without a count, past the cap too', async () => {
    const spec = { ...processListSpec, countCap: 10 };
    const last = await page(spec, 3, 10);
    expect(last.items).toHaveLength(5);
    expect(last).toMatchObject({ total: ROWS });
    expect(last).not.toHaveProperty('totalEstimated');
    expect(await page(spec, 1, 50)).toMatchObject({ total: ROWS });
    expect(await page(spec, 1, 5, { q: 'no-such-key' })).toMatchObject({ total: 0, items: [] });
  });

  test('a column that is never null sorts without `nulls last` (so a descending page reads an index backward)', () => {
    expect(orderClause(processListSpec, '-startedAt')).toBe('order by p.started_at desc, p.workflow_id');
    expect(orderClause(processListSpec, undefined)).toBe('order by p.started_at desc, p.workflow_id');
    expect(orderClause(processListSpec, '-closedAt')).toBe('order by p.closed_at desc nulls last, p.workflow_id');
  });
});
