import { query } from '../../db/sql';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

let t: TestApp;
let clerk: { authorization: string };

const PREFIX = 'inbox-order-test-';
const RANK: Record<string, number> = { urgent: 3, high: 2, normal: 1, low: 0 };

beforeAll(async () => {
  t = await createTestApp();
  clerk = await login(t.app, 'clerk');
  // Clerk and planner tasks in every status and priority; two pairs share a creation time, so the id decides.
  const now = Date.now();
  const rows = Array.from({ length: 24 }, (_, i) => ({
    id: `${PREFIX}${String(i).padStart(2, '0')}`,
    role: i % 4 === 3 ? 'planner' : 'clerk',
    status: ['open', 'claimed', 'open', 'open', 'completed', 'open', 'cancelled', 'open'][i % 8],
    priority: ['low', 'normal', 'high', 'urgent', 'normal'][i % 5],
    minutesAgo: i === 7 || i === 8 || i === 12 || i === 13 ? 500 : 1000 - i * 13,
  }));
  for (const row of rows) {
    await query(
      t.orm.em.fork(),
      `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role, assignee,
                               status, priority, form_kind, payload, created_at, updated_at)
       values (?, ?, 'inbox-test', ?, 'check', ?, ?, ?, ?, ?, 'none', '{}', ?, now())`,
      [
        row.id,
        `wf-${row.id}`,
        row.id,
        `Check ${row.id}`,
        row.role,
        row.status === 'claimed' ? 'clerk' : null,
        row.status,
        row.priority,
        new Date(now - row.minutesAgo * 60_000).toISOString(),
      ],
    );
  }
  // Two created within one millisecond, the later one with the lower id: only microseconds tell their order.
  const millisecond = new Date(now - 400 * 60_000).toISOString().slice(0, -1); // ...T12:34:56.789
  for (const [suffix, microseconds] of [
    ['us-a', '700'],
    ['us-b', '300'],
  ] as const) {
    await query(
      t.orm.em.fork(),
      `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role,
                               status, priority, form_kind, payload, created_at, updated_at)
       values (?, ?, 'inbox-test', ?, 'check', ?, 'clerk', 'open', 'normal', 'none', '{}', ?::timestamptz, now())`,
      [
        `${PREFIX}${suffix}`,
        `wf-${PREFIX}${suffix}`,
        `${PREFIX}${suffix}`,
        `Check ${suffix}`,
        `${millisecond}${microseconds}Z`,
      ],
    );
  }
});

afterAll(async () => {
  await query(t.orm.em.fork(), 'delete from human_task where id like ?', [`${PREFIX}%`]).catch(() => undefined);
  await t?.close();
});

interface Row {
  id: string;
  priority: string;
  /** created_at to the microsecond, as fixed-width digits: PostgreSQL orders by microseconds, and two tasks created
   * in one millisecond (a JavaScript Date's resolution) were once put in id order here and not by the route. */
  created_key: string;
}

/** The inbox order, worked out here rather than by the route: most urgent first, then oldest, then id. */
function inboxOrder(a: Row, b: Row): number {
  const byRank = (RANK[b.priority] ?? 0) - (RANK[a.priority] ?? 0);
  if (byRank !== 0) return byRank;
  if (a.created_key !== b.created_key) return a.created_key < b.created_key ? -1 : 1;
  return a.id < b.id ? -1 : 1;
}

describe('task inbox', () => {
  test("a clerk's inbox lists the role's open and claimed tasks, most urgent then oldest first, page by page", async () => {
    const expected = (
      await query<Row>(
        t.orm.em.fork(),
        `select id, priority, to_char(created_at at time zone 'UTC', 'YYYYMMDDHH24MISSUS') as created_key
           from human_task where candidate_role = 'clerk' and status in ('open', 'claimed')`,
      )
    ).sort(inboxOrder);
    const ours = expected.filter((row) => row.id.startsWith(PREFIX)).map((row) => row.id);
    expect(ours.length).toBeGreaterThan(8);

    const pageSize = 4;
    const seen: string[] = [];
    for (let page = 1; (page - 1) * pageSize < expected.length; page += 1) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/tasks?scope=inbox&page=${page}&pageSize=${pageSize}`,
        headers: clerk,
      });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ items: Array<{ id: string; candidateRole: string }>; total: number }>();
      expect(body.total).toBe(expected.length);
      expect(body.items.every((item) => item.candidateRole === 'clerk')).toBe(true);
      seen.push(...body.items.map((item) => item.id));
    }
    expect(seen).toEqual(expected.map((row) => row.id));
  });

  test("an auditor's completed view holds the finished tasks of roles the auditor does not have", async () => {
    const auditor = await login(t.app, 'auditor');
    const finished = async (headers: { authorization: string }) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/tasks?status=completed&businessKey=${PREFIX}&pageSize=100`,
        headers,
      });
      expect(response.statusCode).toBe(200);
      return response.json<{ items: Array<{ id: string; candidateRole: string }> }>().items;
    };
    // Rows 4, 6, 12, 14, 20 and 22 are completed or cancelled (all clerk tasks); the auditor has no task role.
    const ids = ['04', '06', '12', '14', '20', '22'].map((n) => `${PREFIX}${n}`);
    expect((await finished(auditor)).map((task) => task.id).sort()).toEqual(ids);
    expect((await finished(clerk)).map((task) => task.id).sort()).toEqual(ids);
  });
});
